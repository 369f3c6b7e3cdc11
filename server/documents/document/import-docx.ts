/**
 * .docx → document model: mammoth turns the body into HTML, tiptap's server-side generateJSON
 * (happy-dom) turns the HTML into the same JSON the editor edits. Header/footer text, page size,
 * page breaks and the title are read from the package directly (mammoth ignores them).
 *
 * Lost: text colour and fonts (mammoth drops run formatting other than bold/italic/underline/
 * strike), image sizes (images keep their intrinsic size), table column widths, cell shading,
 * paragraph alignment, fields other than PAGE/NUMPAGES in headers and footers, footnotes (mammoth
 * appends them as a list), comments, tracked changes, section-specific headers.
 */
import mammoth from 'mammoth';
import type JSZip from 'jszip';
import { openZip } from '../common/open-zip';
import { generateJSON } from '@tiptap/html/server';
import { documentExtensions } from '../../../lib/document/tiptap-extensions';
import { documentSchema, nodeText, type DocumentModel, type TiptapNode } from './schema';
import { unescapeXml } from '../workbook/xlsx-chart-parts';
import { textValue } from '../common/xml';

export interface ImportDocxResult {
  model: DocumentModel;
  /** mammoth's messages (unsupported styles, etc.) */
  warnings: string[];
}

function partText(xml: string): string {
  // a PAGE / NUMPAGES field becomes {page} / {pages}; other text is kept in order
  let out = '';
  let inInstr = false;
  let fieldKind = '';
  let skipResult = false;
  for (const m of xml.matchAll(/<w:(t|instrText|fldChar|tab|fldSimple)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/w:\1>)/g)) {
    const tag = m[1];
    const attrs = m[2] ?? '';
    const body = m[3] ?? '';
    if (tag === 'fldSimple') {
      const instr = /w:instr="([^"]*)"/.exec(attrs)?.[1] ?? '';
      out += /NUMPAGES/.test(instr) ? '{pages}' : /PAGE/.test(instr) ? '{page}' : '';
    } else if (tag === 'fldChar') {
      const type = /w:fldCharType="(\w+)"/.exec(attrs)?.[1];
      if (type === 'begin') {
        inInstr = true;
        fieldKind = '';
      } else if (type === 'separate') {
        inInstr = false;
        skipResult = fieldKind !== '';
        if (fieldKind) out += fieldKind;
      } else if (type === 'end') {
        if (inInstr && fieldKind) out += fieldKind;
        inInstr = false;
        skipResult = false;
      }
    } else if (tag === 'instrText') {
      if (/NUMPAGES/.test(body)) fieldKind = '{pages}';
      else if (/\bPAGE\b/.test(body)) fieldKind = '{page}';
    } else if (tag === 'tab') {
      if (!inInstr && !skipResult) out += ' ';
    } else if (tag === 't' && !inInstr && !skipResult) out += unescapeXml(body);
  }
  return out.replace(/\s+/g, ' ').trim();
}

async function headerFooter(zip: JSZip, docXml: string, kind: 'header' | 'footer'): Promise<string | undefined> {
  const rels = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
  const ref = new RegExp(`<w:${kind}Reference\\b[^>]*w:type="default"[^>]*r:id="([^"]+)"`).exec(docXml) ?? new RegExp(`<w:${kind}Reference\\b[^>]*r:id="([^"]+)"`).exec(docXml);
  if (!ref) return undefined;
  const rel = new RegExp(`<Relationship\\b[^>]*Id="${ref[1]}"[^>]*>`).exec(rels)?.[0];
  const target = rel && /Target="([^"]+)"/.exec(rel)?.[1];
  if (!target) return undefined;
  const xml = await zip.file(`word/${target.replace(/^\/?word\//, '')}`)?.async('string');
  const text = xml ? partText(xml) : '';
  return text || undefined;
}

/** Paragraphs that only link to _Toc bookmarks (a rendered TOC) become one tableOfContents node. */
function collapseToc(nodes: TiptapNode[]): TiptapNode[] {
  const isTocEntry = (n: TiptapNode) =>
    n.type === 'paragraph' &&
    (n.content ?? []).length > 0 &&
    (n.content ?? []).some((c) => c.marks?.some((m) => m.type === 'link' && textValue(m.attrs?.href).startsWith('#_Toc'))) &&
    (n.content ?? []).every((c) => c.type !== 'text' || c.marks?.some((m) => m.type === 'link') || /^[\s\d.]*$/.test(c.text ?? ''));
  const out: TiptapNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (!isTocEntry(n)) {
      out.push(n);
      continue;
    }
    let j = i;
    while (j < nodes.length && isTocEntry(nodes[j]!)) j++;
    let title = 'Contents';
    const prev = out[out.length - 1];
    if (prev && prev.type === 'paragraph' && /^(contents|table of contents)$/i.test(nodeText(prev).trim())) {
      title = nodeText(prev).trim();
      out.pop();
    }
    out.push({ type: 'tableOfContents', attrs: { title, maxLevel: 3 } });
    i = j - 1;
  }
  // drop empty paragraphs the renderer adds after tables and the TOC, and before page breaks
  return out.filter(
    (n, k) =>
      !(
        n.type === 'paragraph' &&
        !(n.content ?? []).length &&
        ((k > 0 && ['table', 'tableOfContents'].includes(out[k - 1]!.type)) || out[k + 1]?.type === 'pageBreak')
      ),
  );
}

/** The renderer bolds header cells; bold is implied by tableHeader, so drop it there. */
function unboldHeaders(nodes: TiptapNode[] | undefined, inHeader = false): void {
  for (const n of nodes ?? []) {
    if (inHeader && n.type === 'text' && n.marks) {
      n.marks = n.marks.filter((m) => m.type !== 'bold');
      if (!n.marks.length) delete n.marks;
    }
    unboldHeaders(n.content, inHeader || n.type === 'tableHeader');
  }
}

/** Removes internal bookmark links (anchors to _Toc / _Ref bookmarks) from text marks. */
function dropInternalLinks(nodes: TiptapNode[] | undefined): void {
  for (const n of nodes ?? []) {
    if (n.marks) {
      n.marks = n.marks.filter((m) => !(m.type === 'link' && textValue(m.attrs?.href).startsWith('#')));
      if (!n.marks.length) delete n.marks;
    }
    dropInternalLinks(n.content);
  }
}

export async function importDocx(buffer: Buffer | Uint8Array, opts: { trusted?: boolean } = {}): Promise<ImportDocxResult> {
  const buf = Buffer.from(buffer);
  // checked against the document limits before mammoth inflates anything (it reads the zip itself)
  const zip = await openZip(buf, opts);
  const result = await mammoth.convertToHtml(
    { buffer: buf },
    {
      styleMap: ['u => u', 'strike => s', "p[style-name='Quote'] => blockquote > p:fresh", "br[type='page'] => hr.ds-page-break:fresh"],
      includeDefaultStyleMap: true,
    },
  );
  const html = result.value
    .replace(/<hr class="ds-page-break"\s*\/?>/g, '<div data-type="page-break"></div>')
    .replace(/<a id="[^"]*"><\/a>/g, '');
  const json = generateJSON(html, documentExtensions()) as { type: 'doc'; content?: TiptapNode[] };
  let content = collapseToc(json.content ?? []);
  dropInternalLinks(content);
  unboldHeaders(content);
  // mammoth puts a page break inside a paragraph; lift page breaks to block level
  content = content.flatMap((n) => (n.type === 'paragraph' && n.content?.some((c) => c.type === 'pageBreak') ? [{ type: 'pageBreak' as const }] : [n]));

  const docXml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const header = await headerFooter(zip, docXml, 'header');
  const footer = await headerFooter(zip, docXml, 'footer');
  const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  const title = /<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1];
  const pgSz = /<w:pgSz\b([^>]*)\/>/.exec(docXml)?.[1] ?? '';
  const w = Number(/w:w="(\d+)"/.exec(pgSz)?.[1] ?? 11906);
  const h = Number(/w:h="(\d+)"/.exec(pgSz)?.[1] ?? 16838);
  const landscape = /w:orient="landscape"/.test(pgSz) || w > h;
  const shortSide = Math.min(w, h);
  const size = Math.abs(shortSide - 12240) < Math.abs(shortSide - 11906) ? 'Letter' : 'A4';
  const marginTw = Number(/<w:pgMar\b[^>]*w:left="(\d+)"/.exec(docXml)?.[1] ?? 1440);
  const marginMm = Math.min(60, Math.max(5, Math.round((marginTw / 1440) * 25.4)));
  const fontName = /<w:rPrDefault>[\s\S]*?w:ascii="([^"]+)"/.exec((await zip.file('word/styles.xml')?.async('string')) ?? '')?.[1];

  const model = documentSchema.parse({
    ...(title ? { title: unescapeXml(title) } : {}),
    ...(header ? { header } : {}),
    ...(footer ? { footer } : {}),
    page: { size, orientation: landscape ? 'landscape' : 'portrait', marginMm },
    ...(fontName ? { font: { name: fontName, size: 11 } } : {}),
    doc: { type: 'doc', content },
  });
  return { model, warnings: result.messages.map((m) => m.message) };
}
