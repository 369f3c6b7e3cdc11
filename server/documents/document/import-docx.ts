/**
 * .docx → document model: mammoth turns the body into HTML, tiptap's server-side generateJSON
 * (happy-dom) turns the HTML into the same JSON the editor edits. The header and footer (formatted
 * paragraphs with PAGE / NUMPAGES fields: read-docx-header-footer), page size, page breaks and the
 * title are read from the package directly (mammoth ignores them).
 *
 * Footnotes (and endnotes) become footnote nodes; Title / Subtitle paragraphs keep their kind;
 * tables get their column widths, cell alignment, row splitting and look from the XML
 * (read-docx-tables); numbered heading styles set numberedHeadings.
 *
 * Lost: text colour and fonts (mammoth drops run formatting other than bold/italic/underline/
 * strike), image sizes (images keep their intrinsic size), cell shading, paragraph alignment outside
 * tables, formatting inside footnotes, fields other than PAGE/NUMPAGES in headers and footers (their
 * shown text is kept), images and tables in headers and footers, even-page headers (the default
 * and, with "different first page", the first-page ones are read), comments, tracked changes, section-specific headers.
 */
import mammoth from 'mammoth';
import type JSZip from 'jszip';
import { openZip } from '../common/open-zip';
import { generateJSON } from '@tiptap/html/server';
import { documentExtensions } from '../../../lib/document/tiptap-extensions';
import { documentSchema, nodeText, type DocumentModel, type TiptapNode } from './schema';
import { unescapeXml } from '../workbook/xlsx-chart-parts';
import { escapeXml, textValue } from '../common/xml';
import { applyDocxTables } from './read-docx-tables';
import { readHeaderFooterXml } from './read-docx-header-footer';
import { simplifyHeaderFooter, type HeaderFooter } from '../../../lib/document/header-footer';

export interface ImportDocxResult {
  model: DocumentModel;
  /** mammoth's messages (unsupported styles, etc.) */
  warnings: string[];
}

async function headerFooter(zip: JSZip, docXml: string, kind: 'header' | 'footer', type: 'default' | 'first' = 'default'): Promise<HeaderFooter | undefined> {
  const rels = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
  // the reference of that type (a reference without a type is the default one)
  const ref = [...docXml.matchAll(new RegExp(`<w:${kind}Reference\\b([^>]*)>`, 'g'))]
    .map((m) => ({ type: /w:type="(\w+)"/.exec(m[1]!)?.[1] ?? 'default', id: /r:id="([^"]+)"/.exec(m[1]!)?.[1] }))
    .find((r) => r.type === type && r.id);
  if (!ref) return undefined;
  const rel = new RegExp(`<Relationship\\b[^>]*Id="${ref.id}"[^>]*>`).exec(rels)?.[0];
  const target = rel && /Target="([^"]+)"/.exec(rel)?.[1];
  if (!target) return undefined;
  const xml = await zip.file(`word/${target.replace(/^\/?word\//, '')}`)?.async('string');
  // plain text when that says it all (e.g. Docsmith's own 9 pt grey header), else the formatted paragraphs
  return xml ? simplifyHeaderFooter(readHeaderFooterXml(xml), kind) : undefined;
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

/**
 * mammoth writes a note reference as <sup><a href="#footnote-1" …>[1]</a></sup> and the notes as a
 * list at the end; the references become footnote nodes holding the note's text, the list goes.
 */
function footnotesToNodes(html: string): string {
  const notes = new Map<string, string>();
  const noteText = (body: string) =>
    unescapeXml(
      body
        .replace(/<a href="#(?:foot|end)note-ref-[^"]*">[\s\S]*?<\/a>/g, '')
        .replace(/<\/p>\s*<p>/g, '\n')
        .replace(/<br\s*\/?>/g, '\n')
        .replace(/<[^>]+>/g, ''),
    )
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join('\n');
  const withoutLists = html.replace(/<ol>((?:<li id="(?:foot|end)note-[^"]*">[\s\S]*?<\/li>)+)<\/ol>/g, (_, items: string) => {
    for (const m of items.matchAll(/<li id="((?:foot|end)note-[^"]*)">([\s\S]*?)<\/li>/g)) notes.set(m[1]!, noteText(m[2]!));
    return '';
  });
  return withoutLists.replace(/<sup><a href="#((?:foot|end)note-[^"]+)"[^>]*>[^<]*<\/a><\/sup>/g, (all, id: string) =>
    notes.has(id) ? `<sup data-type="footnote" data-text="${escapeXml(notes.get(id)!)}"></sup>` : all,
  );
}

/** Attributes the extensions add with their default value are dropped, as the renderer assumes those defaults. */
const DEFAULT_ATTRS: Record<string, unknown> = { kind: null, textAlign: null, tableStyle: null, repeatHeader: true, cantSplit: true };
function dropDefaultAttrs(nodes: TiptapNode[] | undefined): void {
  for (const n of nodes ?? []) {
    if (n.attrs) {
      for (const [k, v] of Object.entries(DEFAULT_ATTRS)) if (k in n.attrs && n.attrs[k] === v) delete n.attrs[k];
      if (!Object.keys(n.attrs).length) delete n.attrs;
    }
    dropDefaultAttrs(n.content);
  }
}

/** Heading 1 carries numbering in styles.xml, or the headings in the body do. */
function hasNumberedHeadings(stylesXml: string, docXml: string): boolean {
  const style = /<w:style\b[^>]*w:styleId="Heading1"[^>]*>([\s\S]*?)<\/w:style>/.exec(stylesXml)?.[1] ?? '';
  const numbered = (pPr: string) => /<w:numPr>[\s\S]*?<w:numId w:val="([1-9]\d*)"/.test(pPr);
  if (numbered(style)) return true;
  return [...docXml.matchAll(/<w:pPr>((?:(?!<\/w:pPr>)[\s\S])*?<w:pStyle w:val="Heading1"\/>[\s\S]*?)<\/w:pPr>/g)].some((m) => numbered(m[1]!));
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
      styleMap: [
        'u => u',
        'strike => s',
        "p[style-name='Quote'] => blockquote > p:fresh",
        "p[style-name='Title'] => p.ds-title:fresh",
        "p[style-name='Subtitle'] => p.ds-subtitle:fresh",
        "br[type='page'] => hr.ds-page-break:fresh",
      ],
      includeDefaultStyleMap: true,
    },
  );
  const html = footnotesToNodes(result.value)
    .replace(/<hr class="ds-page-break"\s*\/?>/g, '<div data-type="page-break"></div>')
    .replace(/<a id="[^"]*"><\/a>/g, '');
  const json = generateJSON(html, documentExtensions()) as { type: 'doc'; content?: TiptapNode[] };
  let content = collapseToc(json.content ?? []);
  dropInternalLinks(content);
  unboldHeaders(content);
  // mammoth puts a page break inside a paragraph; lift page breaks to block level
  content = content.flatMap((n) => (n.type === 'paragraph' && n.content?.some((c) => c.type === 'pageBreak') ? [{ type: 'pageBreak' as const }] : [n]));

  const docXml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const stylesXml = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const header = await headerFooter(zip, docXml, 'header');
  const footer = await headerFooter(zip, docXml, 'footer');
  // "Different first page": its own header and footer (none when it has none)
  const titlePage = /<w:titlePg(?:\s+w:val="(?:1|true|on)")?\s*\/>/.test(docXml);
  const firstHeader = titlePage ? await headerFooter(zip, docXml, 'header', 'first') : undefined;
  const firstFooter = titlePage ? await headerFooter(zip, docXml, 'footer', 'first') : undefined;
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
  const fontName = /<w:rPrDefault>[\s\S]*?w:ascii="([^"]+)"/.exec(stylesXml)?.[1];
  const marginRightTw = Number(/<w:pgMar\b[^>]*w:right="(\d+)"/.exec(docXml)?.[1] ?? marginTw);
  applyDocxTables(content, docXml, w - marginTw - marginRightTw);
  dropDefaultAttrs(content);

  const model = documentSchema.parse({
    ...(title ? { title: unescapeXml(title) } : {}),
    ...(header ? { header } : {}),
    ...(footer ? { footer } : {}),
    ...(titlePage ? { firstPage: { ...(firstHeader ? { header: firstHeader } : {}), ...(firstFooter ? { footer: firstFooter } : {}) } } : {}),
    page: { size, orientation: landscape ? 'landscape' : 'portrait', marginMm },
    ...(fontName ? { font: { name: fontName, size: 11 } } : {}),
    ...(hasNumberedHeadings(stylesXml, docXml) ? { numberedHeadings: true } : {}),
    doc: { type: 'doc', content },
  });
  return { model, warnings: result.messages.map((m) => m.message) };
}
