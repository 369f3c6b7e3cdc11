/**
 * Formatted headers and footers of the document model, shared by the server (schema, importer,
 * renderer) and the editor. A header/footer is either plain text ("Page {page} of {pages}": one
 * paragraph, 9 pt grey, the header right-aligned and the footer centred — what the agent writes)
 * or formatted paragraphs in tiptap JSON: paragraphs with an alignment, text runs with bold /
 * italic / underline / strike and a textStyle mark (colour, size in points), tabs as "\t", line
 * breaks, and page fields (`{ type: 'field', attrs: { kind: 'page' | 'pages' } }`, Word's PAGE and
 * NUMPAGES). Runs without a size or colour take the document's font size and black, as Word's
 * Header/Footer styles do.
 */

export const HF_ALIGNS = ['left', 'center', 'right', 'justify'] as const;
export type HfAlign = (typeof HF_ALIGNS)[number];
export const HF_MARK_TYPES = ['bold', 'italic', 'underline', 'strike', 'textStyle'] as const;
export type HfFieldKind = 'page' | 'pages';

export interface HfMark {
  type: (typeof HF_MARK_TYPES)[number];
  attrs?: { color?: string | null; fontSize?: number | null };
}
export type HfInline =
  | { type: 'text'; text: string; marks?: HfMark[] }
  | { type: 'field'; attrs: { kind: HfFieldKind }; marks?: HfMark[] }
  | { type: 'hardBreak'; marks?: HfMark[] };
export interface HfParagraph {
  type: 'paragraph';
  attrs?: { textAlign?: HfAlign | null };
  content?: HfInline[];
}
export interface HfDoc {
  type: 'doc';
  content: HfParagraph[];
}
export type HeaderFooter = string | HfDoc;
export type HfKind = 'header' | 'footer';

/**
 * The header and footer on page `page` (1-based), as Word and LibreOffice lay them out: with a
 * different first page (`first`, Word's w:titlePg) page 1 has its own — none where it has none —
 * and the other pages the default ones.
 */
export function headerFooterOnPage<T>(hf: { header?: T; footer?: T; first?: { header?: T; footer?: T } }, page: number): { header?: T; footer?: T } {
  const on = page === 1 && hf.first ? hf.first : hf;
  return { ...(on.header !== undefined ? { header: on.header } : {}), ...(on.footer !== undefined ? { footer: on.footer } : {}) };
}

/** How plain-text headers and footers look in the .docx (and the page view). */
export const PLAIN_HF = { sizePt: 9, color: '#7F7F7F', align: { header: 'right', footer: 'center' } as Record<HfKind, HfAlign> };

const PLAIN_MARK: HfMark = { type: 'textStyle', attrs: { color: PLAIN_HF.color, fontSize: PLAIN_HF.sizePt } };

/** The plain text ({page}/{pages} for the fields, paragraphs joined by a space): summaries, the run index. */
export function headerFooterText(hf: HeaderFooter | undefined): string {
  if (hf === undefined) return '';
  if (typeof hf === 'string') return hf;
  return hf.content
    .map((p) =>
      (p.content ?? [])
        .map((n) => (n.type === 'text' ? n.text : n.type === 'field' ? (n.attrs.kind === 'pages' ? '{pages}' : '{page}') : ' '))
        .join('')
        .replace(/\t/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .join(' ');
}

/** Nothing to show: no text and no field. */
export function isEmptyHeaderFooter(hf: HeaderFooter | undefined): boolean {
  if (hf === undefined) return true;
  if (typeof hf === 'string') return hf.trim() === '';
  return !hf.content.some((p) => (p.content ?? []).some((n) => n.type === 'field' || (n.type === 'text' && n.text.trim() !== '')));
}

/** Text with {page}/{pages} as inline nodes carrying the given marks. */
export function textWithFields(text: string, marks?: HfMark[]): HfInline[] {
  const out: HfInline[] = [];
  const m = marks?.length ? { marks } : {};
  for (const part of text.split(/(\{page\}|\{pages\})/)) {
    if (part === '{page}') out.push({ type: 'field', attrs: { kind: 'page' }, ...m });
    else if (part === '{pages}') out.push({ type: 'field', attrs: { kind: 'pages' }, ...m });
    else if (part) out.push({ type: 'text', text: part, ...m });
  }
  return out;
}

/** The formatted form of a header/footer (plain text gets its 9 pt grey runs and default alignment). */
export function toHfDoc(hf: HeaderFooter | undefined, kind: HfKind): HfDoc {
  if (hf !== undefined && typeof hf !== 'string') return hf;
  const content = textWithFields(hf ?? '', [PLAIN_MARK]);
  return { type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: PLAIN_HF.align[kind] }, ...(content.length ? { content } : {}) }] };
}

const sameMarks = (marks: HfMark[] | undefined, want: HfMark[]) => JSON.stringify(normalizeMarks(marks)) === JSON.stringify(normalizeMarks(want));

function normalizeMarks(marks: HfMark[] | undefined): HfMark[] {
  return (marks ?? [])
    .map((m): HfMark | null => {
      if (m.type !== 'textStyle') return { type: m.type };
      const attrs: HfMark['attrs'] = {};
      if (m.attrs?.color) attrs.color = m.attrs.color.toUpperCase();
      if (m.attrs?.fontSize) attrs.fontSize = m.attrs.fontSize;
      return Object.keys(attrs).length ? { type: m.type, attrs } : null;
    })
    .filter((m) => m !== null)
    .sort((a, b) => a.type.localeCompare(b.type));
}

/**
 * The stored form: plain text when the formatted form says no more than the text would (one
 * paragraph with the default alignment, 9 pt grey runs, no tabs or breaks), else the paragraphs
 * with empty attributes dropped; undefined when empty.
 */
export function simplifyHeaderFooter(hf: HeaderFooter | undefined, kind: HfKind): HeaderFooter | undefined {
  if (hf === undefined || isEmptyHeaderFooter(hf)) return undefined;
  if (typeof hf === 'string') return hf;
  const paras = hf.content;
  const only = paras.length === 1 ? paras[0]! : undefined;
  if (
    only &&
    (only.attrs?.textAlign ?? 'left') === PLAIN_HF.align[kind] &&
    (only.content ?? []).every((n) => (n.type === 'field' || (n.type === 'text' && !/[\t{}]/.test(n.text))) && sameMarks(n.marks, [PLAIN_MARK]))
  ) {
    return headerFooterText(hf);
  }
  return {
    type: 'doc',
    content: paras.map((p) => {
      const content = (p.content ?? []).map((n) => {
        const marks = normalizeMarks(n.marks);
        const { marks: _drop, ...rest } = n;
        void _drop;
        return (marks.length ? { ...rest, marks } : rest);
      });
      return { type: 'paragraph', ...(p.attrs?.textAlign ? { attrs: { textAlign: p.attrs.textAlign } } : {}), ...(content.length ? { content } : {}) };
    }),
  };
}

/** "#1F4E79" / "1f4e79" → "1F4E79"; anything else undefined. */
export function hexColor(c: string | null | undefined): string | undefined {
  const m = /^#?([0-9a-f]{6})$/i.exec((c ?? '').trim());
  return m ? m[1]!.toUpperCase() : undefined;
}

/**
 * The colour as the editor shows it: a colour too light to read on white (contrast under 4.5:1,
 * e.g. the plain look's #7F7F7F at 9 pt) is darkened just enough; the document keeps its colour.
 */
export function readableColor(c: string): string {
  const hex = hexColor(c);
  if (!hex) return c;
  let rgb = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const lum = (v: number[]) => {
    const [r, g, b] = v.map((x) => {
      const s = x / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  // contrast with white (1.05 / (L + 0.05)) of at least 4.5
  while (lum(rgb) > 1.05 / 4.5 - 0.05) rgb = rgb.map((x) => Math.floor(x * 0.97));
  return `#${rgb.map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}
