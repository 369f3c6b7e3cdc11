/**
 * Notes (legacy comments) as Excel writes them: the comments part (authors and texts) and the VML
 * drawing that gives each note its box. Written for new sheets, and for imported sheets whose
 * notes changed (both parts are replaced; the rest of the package is untouched).
 */
import { escapeXml } from '../../common/xml';
import { parseAddress } from '../../../../lib/workbook/cell-ref';
import type { Sheet } from '../schema';

export const CT_COMMENTS = 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml';
export const CT_VML = 'application/vnd.openxmlformats-officedocument.vmlDrawing';
export const REL_COMMENTS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';
export const REL_VML = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing';

export function commentsPartXml(comments: NonNullable<Sheet['comments']>): string {
  const authors = [...new Set(comments.map((c) => c.author ?? ''))];
  const list = comments
    .map((c) => {
      const text = c.text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
      return `<comment ref="${c.cell}" authorId="${authors.indexOf(c.author ?? '')}"><text><t xml:space="preserve">${escapeXml(text)}</t></text></comment>`;
    })
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<authors>${authors.map((a) => `<author>${escapeXml(a)}</author>`).join('')}</authors><commentList>${list}</commentList></comments>`
  );
}

/** The notes' boxes (hidden until hovered), anchored next to their cells; `idBase` keeps shape ids unique per sheet. */
export function vmlNotesXml(comments: NonNullable<Sheet['comments']>, idBase: number): string {
  const shapes = comments
    .map((c, i) => {
      const p = parseAddress(c.cell);
      const r = p.row - 1;
      const col = p.col - 1;
      return (
        `<v:shape id="_x0000_s${idBase * 1024 + 1 + i}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
        `<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>` +
        `<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>` +
        `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${Math.max(0, r - 1)}, 10, ${col + 3}, 15, ${r + 3}, 4</x:Anchor>` +
        `<x:AutoFill>False</x:AutoFill><x:Row>${r}</x:Row><x:Column>${col}</x:Column></x:ClientData></v:shape>`
      );
    })
    .join('');
  return (
    `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${idBase}"/></o:shapelayout>` +
    `<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>` +
    `${shapes}</xml>`
  );
}
