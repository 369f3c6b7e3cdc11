/**
 * Looks at a document the way a reviewer would and says what is wrong: more pages than the prompt
 * asked for (LibreOffice's count when the caller can get one, else an estimate from the text, tables
 * and images laid out with the renderer's measures), Markdown left in the text, headings with
 * nothing under them, and images wider than the space they sit in.
 */
import { rankFindings, type Finding } from '../common/finding';
import { lineHeightPt, wrapParagraph, type StyledRun } from '../../../lib/text/font-metrics';
import { sniffImage } from '../common/image-data';
import {
  CODE_FONT,
  CODE_FONT_HALF_POINTS,
  HEADING_SIZES_PT,
  HEADING_SPACING_TWIP,
  IMAGE_SPACING_TWIP,
  LIST_INDENT_TWIP,
  PARAGRAPH_SPACING_TWIP,
  QUOTE_INDENT_TWIP,
  TABLE_CELL_MARGIN_TWIP,
  TABLE_CELL_PARAGRAPH_TWIP,
  TABLE_SPACE_AFTER_TWIP,
  pageGeometry,
} from './document-layout';
import { nodeText, type DocumentModel, type TiptapNode } from './schema';

export const MAX_DOCUMENT_FINDINGS = 60;
/** Blocks reported one by one for raw Markdown; the rest are counted in one more finding. */
const MAX_MARKDOWN_FINDINGS = 10;

export interface InspectDocumentOptions {
  /** the request the document answers (for the page limit it states) */
  prompt?: string;
  /** the real page count (LibreOffice); null when it cannot be had, and the inspection estimates */
  countPages?: (doc: DocumentModel) => Promise<number | null>;
}

// --- the page limit a prompt states ------------------------------------------------------------

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  single: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
};
const NUM = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;
const toNumber = (s: string) => (/^\d+$/.test(s) ? Number(s) : NUMBER_WORDS[s.toLowerCase()]!);

/**
 * The most pages a prompt allows: "a 2-page memo", "one page", "one-pager", "no more than 3 pages",
 * "at most 3 pages", "2–3 pages" (3), "under 4 pages" (3), "half a page" (1). The first length
 * stated counts. null when the prompt states no length in pages.
 */
export function requestedPageCount(prompt: string): { max: number } | null {
  const text = prompt.toLowerCase();
  if (/\bone[\s-]?pager\b|\bhalf[\s-](?:a[\s-])?page\b/.test(text)) return { max: 1 };
  const range = new RegExp(`\\b${NUM}\\s*(?:-|–|to|or)\\s*${NUM}[\\s-]*pages?\\b`).exec(text);
  if (range) return { max: Math.max(toNumber(range[1]!), toNumber(range[2]!)) };
  const under = new RegExp(`\\b(?:under|fewer than|less than)\\s+${NUM}[\\s-]*pages?\\b`).exec(text);
  if (under) return { max: Math.max(1, toNumber(under[1]!) - 1) };
  // "40 pages of the report" names a source, not the answer's length
  const limit = new RegExp(`\\b${NUM}[\\s-]*pages?\\b(?!\\s*(?:per\\b|of\\s+(?:the|this|that|these|those|a|an|our|their|its|his|her|my|your)\\b))`).exec(text);
  if (limit) {
    const n = toNumber(limit[1]!);
    return n > 0 ? { max: n } : null;
  }
  return null;
}

// --- walking the document -----------------------------------------------------------------------

interface Section {
  /** the heading text, or undefined before the first heading */
  title?: string;
  level: number;
  words: number;
}

interface Walk {
  model: DocumentModel;
  findings: Finding[];
  markdownBlocks: number;
  section: Section;
  sections: Section[];
}

const sectionLocation = (s: Section) => (s.title === undefined ? 'document start' : `section "${clip(s.title, 60)}"`);
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const countWords = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** Markdown that a text block still holds as characters, with what to use instead. */
const MARKDOWN: Array<{ name: string; re: RegExp; fix: string }> = [
  { name: '**bold**', re: /\*\*[^*\n]+\*\*|(?<![\w])__[^_\n]+__(?![\w])/, fix: 'a bold mark' },
  { name: '*italic*', re: /(?<![*\w])\*(?![\s*])[^*\n]+(?<![\s*])\*(?![*\w])/, fix: 'an italic mark' },
  { name: '# heading', re: /(?:^|\n)#{1,6}\s+\S/, fix: 'a heading node' },
  { name: '- list item', re: /(?:^|\n)\s*[-*+•]\s+\S/, fix: 'a bulletList' },
  { name: '[text](url)', re: /\[[^\]\n]+\]\([^)\s]+\)/, fix: 'a link mark' },
  { name: '`code`', re: /`[^`\n]+`/, fix: 'a code mark' },
  { name: '| table |', re: /(?:^|\n)\s*\|.*\|\s*(?:\n|$)/, fix: 'a table node' },
];

/** Text of a block's inline content, leaving out text with a code mark. */
function plainText(nodes: TiptapNode[] | undefined): string {
  return (nodes ?? [])
    .map((n) => (n.type === 'text' ? (n.marks?.some((m) => m.type === 'code') ? '' : (n.text ?? '')) : n.type === 'hardBreak' ? '\n' : plainText(n.content)))
    .join('');
}

function checkMarkdown(block: TiptapNode, w: Walk): void {
  const text = plainText(block.content);
  if (!text.trim()) return;
  const found = MARKDOWN.filter((m) => m.re.test(text));
  if (!found.length) return;
  w.markdownBlocks++;
  if (w.markdownBlocks > MAX_MARKDOWN_FINDINGS) return;
  const what = block.type === 'heading' ? 'Heading' : 'Paragraph';
  w.findings.push({
    code: 'raw_markdown',
    severity: 'warning',
    location: sectionLocation(w.section),
    message: `${what} "${clip(text.replace(/\s+/g, ' ').trim(), 70)}" shows Markdown as characters (${found.map((f) => f.name).join(', ')}): use ${[
      ...new Set(found.map((f) => f.fix)),
    ].join(', ')} instead.`,
  });
}

/** Intrinsic size of a data: URL image, for images without width/height attributes. */
function intrinsicSize(src: string): { width: number; height: number } | undefined {
  const m = /^data:[^;,]*;base64,/.exec(src);
  if (!m) return undefined;
  const info = sniffImage(Buffer.from(src.slice(m[0].length, m[0].length + 131_072), 'base64'));
  return info?.width ? info : undefined;
}

/** An image's width and height in CSS pixels as the renderer takes them (attributes, else the picture's, else 400 × 300). */
function imageSizePx(n: TiptapNode): { width: number; height: number } {
  const intrinsic = typeof n.attrs?.src === 'string' ? intrinsicSize(n.attrs.src) : undefined;
  const width = Number(n.attrs?.width) || intrinsic?.width || 400;
  const height = Number(n.attrs?.height) || (intrinsic ? (intrinsic.height * width) / intrinsic.width : 300);
  return { width, height };
}

function checkImage(n: TiptapNode, availablePx: number, where: 'page' | 'list' | 'cell', w: Walk): void {
  const contentPx = pageGeometry(w.model.page).contentWidthPx;
  // the renderer scales an image down to the text width, not to a list's indent or a table column
  const wanted = imageSizePx(n).width;
  const drawn = Math.min(wanted, contentPx);
  const alt = typeof n.attrs?.alt === 'string' && n.attrs.alt ? ` "${clip(n.attrs.alt, 40)}"` : '';
  if (where === 'page') {
    if (wanted <= contentPx + 1) return;
    w.findings.push({
      code: 'image_too_wide',
      severity: 'info',
      location: sectionLocation(w.section),
      message: `The image${alt} is ${Math.round(wanted)} px wide and the text area ${Math.round(contentPx)} px: it is scaled down to fit; give width ≤ ${Math.floor(contentPx)} to control its size.`,
    });
    return;
  }
  if (drawn <= availablePx + 1) return;
  w.findings.push({
    code: 'image_too_wide',
    severity: 'warning',
    location: sectionLocation(w.section),
    message: `The image${alt} is drawn ${Math.round(drawn)} px wide but its ${where === 'cell' ? 'table column' : 'list item'} leaves ${Math.round(Math.max(availablePx, 0))} px, so it spills out: set width ≤ ${Math.max(Math.floor(availablePx), 16)}.`,
  });
}

// --- layout estimate ----------------------------------------------------------------------------

/** A block's height in points and whether it may break across pages. */
interface Piece {
  heightPt: number;
  splittable: boolean;
  pageBreak?: boolean;
}

interface Estimator {
  model: DocumentModel;
  font: string;
  size: number;
  headingFont: string;
  widthPt: number;
  pieces: Piece[];
}

const twip = (t: number) => t / 20;
const LINE_FACTOR = PARAGRAPH_SPACING_TWIP.line / 240;

function inlineRuns(nodes: TiptapNode[] | undefined, e: Estimator, size: number, font: string, bold = false): StyledRun[] {
  const runs: StyledRun[] = [];
  for (const n of nodes ?? []) {
    if (n.type === 'text') {
      const code = n.marks?.some((m) => m.type === 'code');
      runs.push({ text: n.text ?? '', font: code ? CODE_FONT : font, sizePt: size, bold: bold || !!n.marks?.some((m) => m.type === 'bold') });
    } else if (n.type === 'hardBreak') runs.push({ text: '\n', font, sizePt: size });
    else if (n.content) runs.push(...inlineRuns(n.content, e, size, font, bold));
  }
  return runs;
}

/** Height of a paragraph of inline nodes wrapped to widthPt (lines × 1.15 line spacing), points. */
function textHeightPt(nodes: TiptapNode[] | undefined, widthPt: number, e: Estimator, size = e.size, font = e.font, bold = false): number {
  const runs = inlineRuns(nodes, e, size, font, bold);
  const wrapped = wrapParagraph(runs.length ? runs : [{ text: '', font, sizePt: size }], widthPt);
  let h = wrapped.heightPt * LINE_FACTOR;
  // inline images add their height to the line they sit on
  for (const n of nodes ?? []) if (n.type === 'image') h += Math.min(imageSizePx(n).height, 2000) * 0.75;
  return h;
}

function imageHeightPt(n: TiptapNode, availablePx: number): number {
  const { width, height } = imageSizePx(n);
  const scale = width > availablePx ? availablePx / width : 1;
  return height * scale * 0.75;
}

function estimateBlock(n: TiptapNode, e: Estimator, widthPt: number, level: number): void {
  const after = twip(PARAGRAPH_SPACING_TWIP.after);
  switch (n.type) {
    case 'heading': {
      const lv = Math.min(6, Math.max(1, Number(n.attrs?.level) || 1));
      const size = HEADING_SIZES_PT[lv - 1]!;
      const h = textHeightPt(n.content, widthPt, e, size, e.headingFont, true) + twip(HEADING_SPACING_TWIP.before) + twip(HEADING_SPACING_TWIP.after);
      e.pieces.push({ heightPt: h, splittable: false });
      return;
    }
    case 'paragraph':
      e.pieces.push({ heightPt: textHeightPt(n.content, widthPt, e) + after, splittable: true });
      return;
    case 'bulletList':
    case 'orderedList':
      for (const item of n.content ?? []) {
        for (const child of item.content ?? []) {
          const indent = twip(LIST_INDENT_TWIP) * (level + 2);
          if (child.type === 'paragraph') e.pieces.push({ heightPt: textHeightPt(child.content, e.widthPt - indent, e) + after, splittable: true });
          else estimateBlock(child, e, e.widthPt - indent, level + 1);
        }
      }
      return;
    case 'blockquote':
      for (const p of n.content ?? []) e.pieces.push({ heightPt: textHeightPt(p.content, widthPt - twip(QUOTE_INDENT_TWIP), e) + after, splittable: true });
      return;
    case 'codeBlock': {
      const size = CODE_FONT_HALF_POINTS / 2;
      const lines = nodeText(n).split('\n');
      const h = lines.reduce((a, line) => a + wrapParagraph([{ text: line, font: CODE_FONT, sizePt: size }], widthPt).heightPt * LINE_FACTOR, 0);
      e.pieces.push({ heightPt: h, splittable: true });
      return;
    }
    case 'table': {
      const rows = (n.content ?? []).filter((r) => r.type === 'tableRow');
      const cols = Math.max(1, ...rows.map((r) => (r.content ?? []).reduce((a, c) => a + (Number(c.attrs?.colspan) || 1), 0)));
      const colPt = widthPt / cols;
      const cellPad = twip(TABLE_CELL_MARGIN_TWIP.top + TABLE_CELL_MARGIN_TWIP.bottom);
      const paraPad = twip(TABLE_CELL_PARAGRAPH_TWIP.before + TABLE_CELL_PARAGRAPH_TWIP.after);
      const innerW = (span: number) => colPt * span - twip(TABLE_CELL_MARGIN_TWIP.left + TABLE_CELL_MARGIN_TWIP.right);
      for (const r of rows) {
        let rowH = 0;
        for (const c of r.content ?? []) {
          const span = Number(c.attrs?.colspan) || 1;
          const header = c.type === 'tableHeader';
          const h = (c.content ?? []).reduce((a, p) => a + textHeightPt(p.content, innerW(span), e, e.size, e.font, header) + paraPad, 0);
          rowH = Math.max(rowH, h + cellPad);
        }
        e.pieces.push({ heightPt: rowH, splittable: false });
      }
      e.pieces.push({ heightPt: e.size * lineHeightPt(e.font, 1) * LINE_FACTOR + twip(TABLE_SPACE_AFTER_TWIP), splittable: true });
      return;
    }
    case 'image':
      e.pieces.push({ heightPt: imageHeightPt(n, (widthPt / 72) * 96) + 2 * twip(IMAGE_SPACING_TWIP), splittable: false });
      return;
    case 'horizontalRule':
      e.pieces.push({ heightPt: lineHeightPt(e.font, e.size) * LINE_FACTOR + after, splittable: false });
      return;
    case 'pageBreak':
      e.pieces.push({ heightPt: 0, splittable: false, pageBreak: true });
      return;
    case 'tableOfContents': {
      const entries = collectHeadingCount(e.model.doc.content, Math.min(6, Math.max(1, Number(n.attrs?.maxLevel) || 3)));
      e.pieces.push({ heightPt: 14 * lineHeightPt(e.font, 1) * LINE_FACTOR + 12, splittable: false });
      for (let i = 0; i < entries; i++) e.pieces.push({ heightPt: lineHeightPt(e.font, e.size) * LINE_FACTOR + 3, splittable: false });
      return;
    }
    default:
      for (const c of n.content ?? []) estimateBlock(c, e, widthPt, level);
  }
}

function collectHeadingCount(nodes: TiptapNode[] | undefined, maxLevel: number): number {
  let count = 0;
  for (const n of nodes ?? []) {
    if (n.type === 'heading' && (Number(n.attrs?.level) || 1) <= maxLevel) count++;
    else if (n.content) count += collectHeadingCount(n.content, maxLevel);
  }
  return count;
}

export interface PageEstimate {
  /** pages the layout fills */
  pages: number;
  /** points of content laid out (full pages + the last page's filled part) */
  usedPt: number;
  /** height of one page's text area, points */
  pagePt: number;
}

/** Pages the document fills, estimated from the renderer's measures and the fonts' metrics. */
export function estimatePages(model: DocumentModel): PageEstimate {
  const geo = pageGeometry(model.page);
  const e: Estimator = {
    model,
    font: model.font.name,
    size: model.font.size,
    headingFont: model.headingFont ?? model.font.name,
    widthPt: geo.contentWidthPt,
    pieces: [],
  };
  for (const n of model.doc.content) estimateBlock(n, e, geo.contentWidthPt, -1);
  const pageH = geo.contentHeightPt;
  let pages = 1;
  let y = 0;
  let used = 0;
  const next = () => {
    used += pageH;
    pages++;
    y = 0;
  };
  for (const p of e.pieces) {
    if (p.pageBreak) {
      next();
      continue;
    }
    if (y + p.heightPt <= pageH) {
      y += p.heightPt;
      continue;
    }
    if (p.splittable) {
      let h = p.heightPt - (pageH - y);
      next();
      while (h > pageH) {
        h -= pageH;
        next();
      }
      y = h;
    } else {
      if (y > 0) next();
      y = Math.min(p.heightPt, pageH);
    }
  }
  return { pages, usedPt: used + y, pagePt: pageH };
}

// --- the inspection -----------------------------------------------------------------------------

function visit(nodes: TiptapNode[] | undefined, w: Walk, ctx: { availablePx: number; where: 'page' | 'list' | 'cell' }): void {
  for (const n of nodes ?? []) {
    switch (n.type) {
      case 'heading':
      case 'paragraph':
        checkMarkdown(n, w);
        w.section.words += countWords(nodeText(n));
        visit(n.content, w, ctx);
        break;
      case 'image':
        checkImage(n, ctx.availablePx, ctx.where, w);
        break;
      case 'codeBlock':
        w.section.words += countWords(nodeText(n));
        break;
      case 'bulletList':
      case 'orderedList':
        visit(n.content, w, { availablePx: ctx.availablePx - LIST_INDENT_TWIP / 15, where: ctx.where === 'cell' ? 'cell' : 'list' });
        break;
      case 'table': {
        const rows = (n.content ?? []).filter((r) => r.type === 'tableRow');
        const cols = Math.max(1, ...rows.map((r) => (r.content ?? []).reduce((a, c) => a + (Number(c.attrs?.colspan) || 1), 0)));
        for (const r of rows) {
          for (const c of r.content ?? []) {
            // a cell's width: its colwidth entries (CSS px), else an equal share of the table
            const span = Number(c.attrs?.colspan) || 1;
            const cw = Array.isArray(c.attrs?.colwidth) ? (c.attrs.colwidth as unknown[]).filter((x): x is number => typeof x === 'number') : [];
            const px = Math.min(cw.length ? cw.reduce((a, b) => a + b, 0) : (ctx.availablePx / cols) * span, ctx.availablePx);
            visit(c.content, w, { availablePx: px - (TABLE_CELL_MARGIN_TWIP.left + TABLE_CELL_MARGIN_TWIP.right) / 15, where: 'cell' });
          }
        }
        break;
      }
      default:
        visit(n.content, w, ctx);
    }
  }
}

/** A heading with nothing under it before the next heading of the same or a higher level. */
function emptySections(model: DocumentModel, findings: Finding[]): void {
  const blocks = model.doc.content;
  const hasContent = (n: TiptapNode) =>
    n.type === 'heading' ||
    n.type === 'image' ||
    n.type === 'table' ||
    n.type === 'tableOfContents' ||
    n.type === 'codeBlock' ||
    (n.type !== 'pageBreak' && n.type !== 'horizontalRule' && (nodeText(n).trim().length > 0 || JSON.stringify(n).includes('"image"')));
  blocks.forEach((b, i) => {
    if (b.type !== 'heading') return;
    const level = Number(b.attrs?.level) || 1;
    let filled = false;
    for (let k = i + 1; k < blocks.length; k++) {
      const n = blocks[k]!;
      if (n.type === 'heading' && (Number(n.attrs?.level) || 1) <= level) break;
      if (hasContent(n)) {
        filled = true;
        break;
      }
    }
    if (filled) return;
    const title = nodeText(b).trim();
    findings.push({
      code: 'empty_section',
      severity: 'warning',
      location: `section "${clip(title || '(untitled)', 60)}"`,
      message: `The heading "${clip(title || '(untitled)', 60)}" has nothing under it before the next heading: write its content, merge it into a neighbouring section, or remove the heading.`,
    });
  });
}

function countPageBreaks(nodes: TiptapNode[] | undefined): number {
  return (nodes ?? []).reduce((a, n) => a + (n.type === 'pageBreak' ? 1 : 0) + countPageBreaks(n.content), 0);
}

function pageCountFinding(model: DocumentModel, max: number, pages: number, real: boolean, estimate: PageEstimate, sections: Section[]): Finding {
  const breaks = countPageBreaks(model.doc.content);
  const words = sections.reduce((a, s) => a + s.words, 0);
  const overPt = estimate.usedPt - max * estimate.pagePt;
  // what to cut: the estimate's overflow, at least a tenth of a page per extra page
  const cutPt = Math.max(overPt, (pages - max) * 0.1 * estimate.pagePt);
  const cutWords = Math.max(10, Math.ceil((cutPt / Math.max(estimate.usedPt, 1)) * words / 10) * 10);
  const longest = [...sections]
    .filter((s) => s.title !== undefined && s.words > 0)
    .sort((a, b) => b.words - a.words)
    .slice(0, 3)
    .map((s) => `"${clip(s.title!, 40)}" ${s.words} words`);
  return {
    code: 'page_count',
    severity: 'error',
    location: 'document',
    message: `The document fills ${real ? `${pages} pages` : `about ${pages} pages (estimated; LibreOffice could not count them)`} but the prompt asked for at most ${max}: cut about ${cutWords} of its ${words} words${
      longest.length ? ` (longest sections: ${longest.join(', ')})` : ''
    }, shorten or drop a table or image${breaks ? `, or remove the ${breaks} page break${breaks > 1 ? 's' : ''}` : ''}.`,
  };
}

export async function inspectDocument(model: DocumentModel, opts: InspectDocumentOptions = {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  const first: Section = { level: 0, words: 0 };
  const w: Walk = { model, findings, markdownBlocks: 0, section: first, sections: [first] };
  const contentPx = pageGeometry(model.page).contentWidthPx;
  for (const n of model.doc.content) {
    if (n.type === 'heading') {
      w.section = { title: nodeText(n).trim(), level: Number(n.attrs?.level) || 1, words: 0 };
      w.sections.push(w.section);
    }
    visit([n], w, { availablePx: contentPx, where: 'page' });
  }
  if (w.markdownBlocks > MAX_MARKDOWN_FINDINGS) {
    findings.push({
      code: 'raw_markdown',
      severity: 'warning',
      location: 'document',
      message: `${w.markdownBlocks - MAX_MARKDOWN_FINDINGS} more paragraphs show Markdown as characters: write marks, headings, lists and links as document nodes.`,
    });
  }
  emptySections(model, findings);

  const requested = opts.prompt ? requestedPageCount(opts.prompt) : null;
  if (requested) {
    const estimate = estimatePages(model);
    const real = opts.countPages ? await opts.countPages(model) : null;
    const pages = real ?? estimate.pages;
    if (pages > requested.max) findings.push(pageCountFinding(model, requested.max, pages, real !== null, estimate, w.sections));
  }
  return rankFindings(findings, MAX_DOCUMENT_FINDINGS);
}
