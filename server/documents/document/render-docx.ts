/**
 * Document model (tiptap JSON) → .docx with the `docx` package.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  LevelSuffix,
  LineRuleType,
  BookmarkEnd,
  BookmarkStart,
  InternalHyperlink,
  PageReference,
  TabStopType,
  TabStopPosition,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
  type FileChild,
  type IBorderOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { loadImage, type ImageResolver } from '../common/image-data';
import { hexColor, isEmptyHeaderFooter, toHfDoc, type HeaderFooter, type HfKind } from '../../../lib/document/header-footer';
import { textValue } from '../common/xml';
import { documentSchema, nodeText, type DocumentInput, type DocumentModel, type TableStyle, type TiptapMark, type TiptapNode } from './schema';
import {
  CODE_FONT,
  CODE_FONT_HALF_POINTS,
  HEADING_SIZES_PT,
  HEADING_SPACING_TWIP,
  IMAGE_SPACING_TWIP,
  LIST_INDENT_TWIP,
  PAGE_MM,
  PARAGRAPH_SPACING_TWIP,
  QUOTE_INDENT_TWIP,
  TABLE_CELL_MARGIN_TWIP,
  TABLE_CELL_PARAGRAPH_TWIP,
  TABLE_SPACE_AFTER_TWIP,
  pageGeometry,
} from './document-layout';

export interface RenderDocumentOptions {
  /** bytes for image sources that are not data: URLs */
  resolveImage?: ImageResolver;
}

export interface RenderDocumentResult {
  buffer: Buffer;
  /** problems that did not stop rendering (e.g. an image that could not be loaded) */
  warnings: string[];
  ms: number;
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
const MONO = CODE_FONT;
const HEADING_NUMBERING = 'headings';
/** Title and Subtitle paragraph sizes, points. */
const TITLE_SIZE_PT = 26;
const SUBTITLE_SIZE_PT = 14;

interface Ctx {
  model: DocumentModel;
  warnings: string[];
  images: Map<string, Awaited<ReturnType<typeof loadImage>>>;
  contentWidthPx: number;
  orderedInstance: number;
  headingNo: number;
  accent: string;
  /** Word footnotes by id (1, 2, …), filled as footnote nodes are met */
  footnotes: Record<number, { children: Paragraph[] }>;
}

type RunStyle = Omit<IRunOptions, 'text' | 'children'> & { link?: string };

function markStyle(marks: TiptapMark[] | undefined, base: RunStyle): RunStyle {
  const s: RunStyle = { ...base };
  for (const m of marks ?? []) {
    if (m.type === 'bold') Object.assign(s, { bold: true });
    else if (m.type === 'italic') Object.assign(s, { italics: true });
    else if (m.type === 'underline') Object.assign(s, { underline: {} });
    else if (m.type === 'strike') Object.assign(s, { strike: true });
    else if (m.type === 'code') Object.assign(s, { font: MONO, shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } });
    else if (m.type === 'textStyle' && typeof m.attrs?.color === 'string') {
      const c = cssColor(m.attrs.color);
      if (c) Object.assign(s, { color: c });
    } else if (m.type === 'link' && typeof m.attrs?.href === 'string') s.link = m.attrs.href;
  }
  return s;
}

function cssColor(c: string): string | undefined {
  const hex = /^#?([0-9a-f]{6})$/i.exec(c.trim());
  if (hex) return hex[1]!.toUpperCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(c.trim());
  if (short) return `${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toUpperCase();
  const rgb = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(c.trim());
  if (rgb) return [rgb[1], rgb[2], rgb[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('').toUpperCase();
  return undefined;
}

/** Inline content → runs (text, links, breaks, inline images). */
function inlines(nodes: TiptapNode[] | undefined, ctx: Ctx, base: RunStyle = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const n of nodes ?? []) {
    if (n.type === 'text') {
      const st = markStyle(n.marks, base);
      const { link, ...runOpts } = st;
      if (link) {
        out.push(new ExternalHyperlink({ link, children: [new TextRun({ ...runOpts, text: n.text ?? '', style: 'Hyperlink' })] }));
      } else out.push(new TextRun({ ...runOpts, text: n.text ?? '' }));
    } else if (n.type === 'hardBreak') out.push(new TextRun({ ...base, text: '', break: 1 }));
    else if (n.type === 'footnote') {
      const id = Object.keys(ctx.footnotes).length + 1;
      const lines = textValue(n.attrs?.text).split('\n');
      // a space after the note's number, as Word writes it
      ctx.footnotes[id] = { children: lines.map((line, k) => new Paragraph({ children: [new TextRun(k ? line : ` ${line}`)] })) };
      out.push(new FootnoteReferenceRun(id));
    }
    else if (n.type === 'image') {
      const img = imageRun(n, ctx);
      if (img) out.push(img);
    } else if (n.content) out.push(...inlines(n.content, ctx, base));
  }
  return out;
}

function imageRun(n: TiptapNode, ctx: Ctx): ImageRun | undefined {
  const src = textValue(n.attrs?.src);
  const img = ctx.images.get(src);
  if (!img) {
    ctx.warnings.push(`image ${src.slice(0, 60)} could not be loaded`);
    return undefined;
  }
  let w = Number(n.attrs?.width) || img.width || 400;
  let h = Number(n.attrs?.height) || (img.width ? (img.height * w) / img.width : 300);
  if (w > ctx.contentWidthPx) {
    h = (h * ctx.contentWidthPx) / w;
    w = ctx.contentWidthPx;
  }
  const alt = textValue(n.attrs?.alt ?? n.attrs?.title);
  return new ImageRun({
    type: img.kind,
    data: img.data,
    transformation: { width: Math.round(w), height: Math.round(h) },
    altText: { name: alt || 'image', description: alt, title: textValue(n.attrs?.title, alt) },
  });
}

function paragraphAlign(n: TiptapNode) {
  return alignment(n.attrs?.textAlign);
}

function alignment(a: unknown) {
  return a === 'center' ? AlignmentType.CENTER : a === 'right' ? AlignmentType.RIGHT : a === 'justify' ? AlignmentType.JUSTIFIED : undefined;
}

function blocks(nodes: TiptapNode[] | undefined, ctx: Ctx, listLevel = -1): FileChild[] {
  const out: FileChild[] = [];
  for (const n of nodes ?? []) out.push(...block(n, ctx, listLevel));
  return out;
}

function list(n: TiptapNode, ctx: Ctx, level: number, ordered: boolean): FileChild[] {
  const out: FileChild[] = [];
  const instance = ordered ? ++ctx.orderedInstance : 0;
  for (const item of n.content ?? []) {
    let first = true;
    for (const child of item.content ?? []) {
      if (child.type === 'bulletList' || child.type === 'orderedList') {
        out.push(...list(child, ctx, level + 1, child.type === 'orderedList'));
        continue;
      }
      if (child.type === 'paragraph') {
        const runs = inlines(child.content, ctx);
        if (first) {
          out.push(
            new Paragraph({
              children: runs,
              ...(ordered ? { numbering: { reference: 'ordered', level: Math.min(level, 8), instance } } : { bullet: { level: Math.min(level, 8) } }),
            }),
          );
          first = false;
        } else {
          out.push(new Paragraph({ children: runs, indent: { left: LIST_INDENT_TWIP * (level + 1) } }));
        }
        continue;
      }
      out.push(...block(child, ctx, level));
    }
  }
  return out;
}

const LINE = (color: string, size = 4): IBorderOptions => ({ style: BorderStyle.SINGLE, size, color });
const NO_LINE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };

/** The accent mixed with white (share = how much white), for banded rows. */
function tint(hex: string, share: number): string {
  return [0, 2, 4]
    .map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - share) + 255 * share).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** Column widths in twips: given widths (px, from cells' colwidth) are kept, scaled down to fit the text width; missing ones share what is left. */
function columnWidthsTwip(rows: TiptapNode[], cols: number, ctx: Ctx): { widths: number[]; given: boolean } {
  const px: number[] = Array.from({ length: cols }, () => 0);
  for (const r of rows) {
    let k = 0;
    for (const c of r.content ?? []) {
      const cw = c.attrs?.colwidth;
      const span = Number(c.attrs?.colspan) || 1;
      for (let i = 0; i < span && k < cols; i++, k++) if (!px[k] && Array.isArray(cw) && typeof cw[i] === 'number' && cw[i] > 0) px[k] = cw[i] as number;
    }
  }
  const content = Math.round(ctx.contentWidthPx * 15);
  const knownTw = px.reduce((a, b) => a + b * 15, 0);
  const unknown = px.filter((x) => !x).length;
  if (knownTw === 0) return { widths: px.map(() => Math.round(content / cols)), given: false };
  if (unknown === 0) {
    const scale = knownTw > content ? content / knownTw : 1;
    return { widths: px.map((x) => Math.round(x * 15 * scale)), given: true };
  }
  const each = Math.max((content - knownTw) / unknown, content / cols / 2);
  const scale = content / (knownTw + each * unknown);
  return { widths: px.map((x) => Math.round((x ? x * 15 : each) * scale)), given: true };
}

function table(n: TiptapNode, ctx: Ctx): FileChild[] {
  const rows = (n.content ?? []).filter((r) => r.type === 'tableRow');
  if (!rows.length) return [];
  const cols = Math.max(...rows.map((r) => (r.content ?? []).reduce((a, c) => a + (Number(c.attrs?.colspan) || 1), 0)), 1);
  const { widths, given } = columnWidthsTwip(rows, cols, ctx);
  const look = (['grid', 'light', 'striped', 'plain'].includes(textValue(n.attrs?.tableStyle)) ? n.attrs!.tableStyle : 'grid') as TableStyle;
  const repeatHeader = n.attrs?.repeatHeader !== false;
  const cantSplit = n.attrs?.cantSplit !== false;
  const grey = LINE('A6A6A6');
  const borders =
    look === 'grid'
      ? { top: grey, bottom: grey, left: grey, right: grey, insideHorizontal: grey, insideVertical: grey }
      : look === 'light'
        ? { top: LINE(ctx.accent, 8), bottom: LINE(ctx.accent, 8), left: NO_LINE, right: NO_LINE, insideHorizontal: LINE('D9D9D9'), insideVertical: NO_LINE }
        : look === 'striped'
          ? { top: NO_LINE, bottom: LINE(ctx.accent, 8), left: NO_LINE, right: NO_LINE, insideHorizontal: NO_LINE, insideVertical: NO_LINE }
          : { top: NO_LINE, bottom: NO_LINE, left: NO_LINE, right: NO_LINE, insideHorizontal: NO_LINE, insideVertical: NO_LINE };
  const headerRun: RunStyle = look === 'light' ? { bold: true, color: ctx.accent } : look === 'plain' ? { bold: true } : { bold: true, color: 'FFFFFF' };
  const headerFill = look === 'grid' || look === 'striped' ? ctx.accent : undefined;
  const band = tint(ctx.accent, 0.88);
  // cells still covered by a rowspan from a row above, per column
  const covered: number[] = Array.from({ length: cols }, () => 0);
  let bodyRow = 0;
  let leading = true;
  return [
    new Table({
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      ...(given ? { layout: TableLayoutType.FIXED } : {}),
      borders,
      rows: rows.map((r) => {
        const isHeader = (r.content ?? []).length > 0 && (r.content ?? []).every((c) => c.type === 'tableHeader');
        // only the leading header rows repeat on each page
        leading = leading && isHeader;
        const banded = look === 'striped' && !isHeader && bodyRow++ % 2 === 1;
        let col = 0;
        const cells = (r.content ?? []).map((c) => {
          while (col < cols && covered[col]! > 0) col++;
          const span = Number(c.attrs?.colspan) || 1;
          const rowSpan = Number(c.attrs?.rowspan) || 1;
          const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
          for (let i = col; i < col + span && i < cols; i++) covered[i] = rowSpan;
          col += span;
          const header = c.type === 'tableHeader';
          const paras = (c.content ?? []).flatMap((p) =>
            p.type === 'paragraph'
              ? [new Paragraph({ children: inlines(p.content, ctx, header ? headerRun : {}), spacing: TABLE_CELL_PARAGRAPH_TWIP, alignment: paragraphAlign(p) ?? alignment(c.attrs?.align) })]
              : (block(p, ctx, -1) as Paragraph[]),
          );
          const fill = header ? headerFill : banded ? band : undefined;
          return new TableCell({
            children: paras.length ? paras : [new Paragraph('')],
            width: { size: width, type: WidthType.DXA },
            ...(span > 1 ? { columnSpan: span } : {}),
            ...(rowSpan > 1 ? { rowSpan } : {}),
            ...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {}),
            ...(header && look === 'light' ? { borders: { bottom: LINE(ctx.accent, 8) } } : {}),
            margins: TABLE_CELL_MARGIN_TWIP,
          });
        });
        for (let i = 0; i < cols; i++) covered[i] = Math.max(0, covered[i]! - 1);
        return new TableRow({
          // body rows must not carry <w:tblHeader w:val="off"/> (mammoth reads it as a header row)
          ...(leading && repeatHeader ? { tableHeader: true } : {}),
          ...(cantSplit ? { cantSplit: true } : {}),
          children: cells,
        });
      }),
    }),
    new Paragraph({ children: [], spacing: { after: TABLE_SPACE_AFTER_TWIP } }),
  ];
}

function block(n: TiptapNode, ctx: Ctx, listLevel: number): FileChild[] {
  switch (n.type) {
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(n.attrs?.level) || 1));
      // bookmarks written directly: docx 9.7's Bookmark gives every bookmark the id 1
      const no = ++ctx.headingNo;
      const children = [new BookmarkStart(`_Toc_ds_${no}`, no), ...inlines(n.content, ctx), new BookmarkEnd(no)] as unknown as ParagraphChild[];
      return [new Paragraph({ heading: HEADINGS[level - 1]!, children, alignment: paragraphAlign(n) })];
    }
    case 'paragraph': {
      const runs = inlines(n.content, ctx);
      const kind = n.attrs?.kind === 'title' ? { heading: HeadingLevel.TITLE } : n.attrs?.kind === 'subtitle' ? { style: 'Subtitle' } : {};
      return [new Paragraph({ ...kind, children: runs, alignment: paragraphAlign(n) })];
    }
    case 'bulletList':
      return list(n, ctx, listLevel + 1, false);
    case 'orderedList':
      return list(n, ctx, listLevel + 1, true);
    case 'table':
      return table(n, ctx);
    case 'image': {
      const run = imageRun(n, ctx);
      return run ? [new Paragraph({ children: [run], alignment: AlignmentType.CENTER, spacing: { before: IMAGE_SPACING_TWIP, after: IMAGE_SPACING_TWIP } })] : [];
    }
    case 'horizontalRule':
      return [new Paragraph({ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'BFBFBF', space: 1 } } })];
    case 'blockquote':
      return (n.content ?? []).map(
        (p) =>
          new Paragraph({ style: 'Quote', children: inlines(p.content, ctx) }),
      );
    case 'codeBlock':
      return nodeText(n)
        .split('\n')
        .map(
          (line) =>
            new Paragraph({
              children: [new TextRun({ text: line, font: MONO, size: CODE_FONT_HALF_POINTS })],
              shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F2F2F2' },
              spacing: { before: 0, after: 0 },
            }),
        );
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
    case 'tableOfContents': {
      // Entries link to bookmarks on the headings and show PAGEREF page numbers, which Word and
      // LibreOffice fill in at layout (a TOC field would stay empty until someone updates it).
      const maxLevel = Math.min(6, Math.max(1, Number(n.attrs?.maxLevel) || 3));
      const numbers = headingNumbers(collectHeadings(ctx.model.doc.content, 6));
      const entries = collectHeadings(ctx.model.doc.content, 6)
        .map((e, i) => ({ ...e, id: `_Toc_ds_${i + 1}`, text: ctx.model.numberedHeadings ? `${numbers[i]}  ${e.text}` : e.text }))
        .filter((e) => e.level <= maxLevel);
      return [
        new Paragraph({ children: [new TextRun({ text: textValue(n.attrs?.title, 'Contents'), bold: true, size: 28, color: ctx.accent })], spacing: { before: 120, after: 120 } }),
        ...entries.map(
          (e) =>
            new Paragraph({
              tabStops: [{ type: TabStopType.RIGHT, position: TabStopPosition.MAX, leader: 'dot' }],
              indent: { left: 360 * (e.level - 1) },
              spacing: { after: 60 },
              children: [
                new InternalHyperlink({ anchor: e.id, children: [new TextRun({ text: e.text, ...(e.level === 1 ? { bold: true } : {}) })] }),
                new TextRun({ text: '\t' }),
                new PageReference(e.id),
              ],
            }),
        ),
        new Paragraph({ children: [], spacing: { after: 120 } }),
      ];
    }
    case 'listItem':
    case 'tableRow':
    case 'tableCell':
    case 'tableHeader':
      return blocks(n.content, ctx, listLevel);
    case 'text':
    case 'hardBreak':
      return [new Paragraph({ children: inlines([n], ctx) })];
    default:
      return blocks(n.content, ctx, listLevel);
  }
}

/** "1", "1.1", "2.1.1" for headings in order, as Word numbers them with numberedHeadings. */
export function headingNumbers(headings: Array<{ level: number }>): string[] {
  const counters = [0, 0, 0, 0, 0, 0];
  return headings.map(({ level }) => {
    counters[level - 1]!++;
    for (let k = level; k < 6; k++) counters[k] = 0;
    return counters.slice(0, level).join('.');
  });
}

export function collectHeadings(nodes: TiptapNode[] | undefined, maxLevel = 6): Array<{ level: number; text: string }> {
  const out: Array<{ level: number; text: string }> = [];
  const walk = (ns: TiptapNode[] | undefined) => {
    for (const n of ns ?? []) {
      if (n.type === 'heading') {
        const level = Number(n.attrs?.level) || 1;
        if (level <= maxLevel) out.push({ level, text: nodeText(n) });
      } else if (n.content) walk(n.content);
    }
  };
  walk(nodes);
  return out;
}

/**
 * Header/footer paragraphs: plain text is one 9 pt grey paragraph (the header right-aligned, the
 * footer centred); formatted ones keep their alignment, run formatting, tabs, line breaks and
 * page fields (PAGE / NUMPAGES, which Word and LibreOffice fill in on each page).
 */
function headerFooterParagraphs(hf: HeaderFooter, kind: HfKind, font: string): Paragraph[] {
  return toHfDoc(hf, kind).content.map((p) => {
    const children: ParagraphChild[] = [];
    for (const n of p.content ?? []) {
      const run: IRunOptions = { font };
      for (const m of n.marks ?? []) {
        if (m.type === 'bold') Object.assign(run, { bold: true });
        else if (m.type === 'italic') Object.assign(run, { italics: true });
        else if (m.type === 'underline') Object.assign(run, { underline: {} });
        else if (m.type === 'strike') Object.assign(run, { strike: true });
        else if (m.type === 'textStyle') {
          const color = hexColor(m.attrs?.color);
          if (color) Object.assign(run, { color });
          if (m.attrs?.fontSize) Object.assign(run, { size: Math.round(m.attrs.fontSize * 2) });
        }
      }
      if (n.type === 'field') children.push(new TextRun({ ...run, children: [n.attrs.kind === 'pages' ? PageNumber.TOTAL_PAGES : PageNumber.CURRENT] }));
      else if (n.type === 'hardBreak') children.push(new TextRun({ ...run, break: 1 }));
      else {
        // tabs as <w:tab/> between the pieces (the Header/Footer styles' centre and right tab stops)
        const pieces = n.text.split('\t');
        const parts: Array<string | Tab> = [];
        pieces.forEach((t, k) => {
          if (k) parts.push(new Tab());
          if (t) parts.push(t);
        });
        if (parts.length) children.push(new TextRun({ ...run, children: parts }));
      }
    }
    return new Paragraph({ children, alignment: alignment(p.attrs?.textAlign), style: kind === 'header' ? 'Header' : 'Footer' });
  });
}

/** The section's headers and footers: the default ones, and with a different first page its own (empty when it has none). */
function headersAndFooters(model: DocumentModel, font: string) {
  const part = (hf: HeaderFooter | undefined, kind: HfKind) => (isEmptyHeaderFooter(hf) ? undefined : headerFooterParagraphs(hf!, kind, font));
  const first = model.firstPage;
  const header = part(model.header, 'header');
  const footer = part(model.footer, 'footer');
  const firstHeader = first ? (part(first.header, 'header') ?? [new Paragraph({ children: [], style: 'Header' })]) : undefined;
  const firstFooter = first ? (part(first.footer, 'footer') ?? [new Paragraph({ children: [], style: 'Footer' })]) : undefined;
  return {
    ...(header || firstHeader ? { headers: { ...(header ? { default: new Header({ children: header }) } : {}), ...(firstHeader ? { first: new Header({ children: firstHeader }) } : {}) } } : {}),
    ...(footer || firstFooter ? { footers: { ...(footer ? { default: new Footer({ children: footer }) } : {}), ...(firstFooter ? { first: new Footer({ children: firstFooter }) } : {}) } } : {}),
  };
}

async function preloadImages(model: DocumentModel, resolver: ImageResolver | undefined, ctx: Ctx): Promise<void> {
  const srcs = new Set<string>();
  const walk = (ns: TiptapNode[] | undefined) => {
    for (const n of ns ?? []) {
      if (n.type === 'image' && typeof n.attrs?.src === 'string') srcs.add(n.attrs.src);
      walk(n.content);
    }
  };
  walk(model.doc.content);
  await Promise.all(
    [...srcs].map(async (s) => {
      try {
        ctx.images.set(s, await loadImage(s, resolver));
      } catch {
        ctx.images.set(s, undefined);
      }
    }),
  );
}

export async function renderDocumentDetailed(input: DocumentInput | DocumentModel, opts: RenderDocumentOptions = {}): Promise<RenderDocumentResult> {
  const t0 = performance.now();
  const model = documentSchema.parse(input);
  const page = PAGE_MM[model.page.size];
  const landscape = model.page.orientation === 'landscape';
  const contentWidthPx = pageGeometry(model.page).contentWidthPx;
  const accent = model.accentColor.replace('#', '').toUpperCase();
  const ctx: Ctx = { model, warnings: [], images: new Map(), contentWidthPx, orderedInstance: 0, headingNo: 0, accent, footnotes: {} };
  await preloadImages(model, opts.resolveImage, ctx);
  const children = blocks(model.doc.content, ctx);
  const font = model.font.name;
  const headingFont = model.headingFont ?? font;
  // numbered headings: the numbering sits on the Heading 1–6 styles, so Word numbers new headings too
  const headingStyle = (size: number, color = accent, level = 0) => ({
    run: { font: headingFont, size: size * 2, bold: true, color },
    paragraph: { spacing: { ...HEADING_SPACING_TWIP }, keepNext: true, ...(model.numberedHeadings ? { numbering: { reference: HEADING_NUMBERING, level, custom: true } } : {}) },
  });
  const doc = new Document({
    creator: 'Docsmith',
    title: model.title ?? '',
    // Word refreshes the PAGEREF page numbers of the table of contents on open
    ...(JSON.stringify(model.doc.content).includes('"tableOfContents"') ? { features: { updateFields: true } } : {}),
    styles: {
      default: {
        document: { run: { font, size: Math.round(model.font.size * 2) }, paragraph: { spacing: { ...PARAGRAPH_SPACING_TWIP, lineRule: LineRuleType.AUTO } } },
        title: { run: { font: headingFont, size: TITLE_SIZE_PT * 2, color: accent }, paragraph: { spacing: { before: 0, after: 120 }, keepNext: true } },
        heading1: headingStyle(HEADING_SIZES_PT[0], accent, 0),
        heading2: headingStyle(HEADING_SIZES_PT[1], accent, 1),
        heading3: headingStyle(HEADING_SIZES_PT[2], accent, 2),
        heading4: headingStyle(HEADING_SIZES_PT[3], '404040', 3),
        heading5: headingStyle(HEADING_SIZES_PT[4], '404040', 4),
        heading6: headingStyle(HEADING_SIZES_PT[5], '595959', 5),
        hyperlink: { run: { color: '0563C1', underline: {} } },
        footnoteText: { run: { size: Math.round(Math.max(7, model.font.size - 2) * 2) }, paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO } } },
      },
      paragraphStyles: [
        // Word's own Header / Footer styles: no paragraph spacing, a centre and a right tab stop
        ...(['Header', 'Footer'] as const).map((id) => ({
          id,
          name: id.toLowerCase(),
          basedOn: 'Normal',
          paragraph: {
            spacing: { before: 0, after: 0 },
            tabStops: [
              { type: TabStopType.CENTER, position: Math.round((contentWidthPx * 15) / 2) },
              { type: TabStopType.RIGHT, position: Math.round(contentWidthPx * 15) },
            ],
          },
        })),
        {
          id: 'Quote',
          name: 'Quote',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { italics: true, color: '595959' },
          paragraph: { indent: { left: QUOTE_INDENT_TWIP }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'BFBFBF', space: 8 } } },
        },
        {
          id: 'Subtitle',
          name: 'Subtitle',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: headingFont, size: SUBTITLE_SIZE_PT * 2, color: '595959' },
          paragraph: { spacing: { after: 240 }, keepNext: true },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'ordered',
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level % 3]!,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
        {
          // 1 / 1.1 / 1.1.1 … with the number hanging in the margin-side indent, as Word's own heading list
          reference: HEADING_NUMBERING,
          levels: Array.from({ length: 6 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: Array.from({ length: level + 1 }, (_, k) => `%${k + 1}`).join('.'),
            alignment: AlignmentType.START,
            suffix: LevelSuffix.TAB,
            style: { paragraph: { indent: { left: 432 + 144 * level, hanging: 432 + 144 * level } } },
          })),
        },
      ],
    },
    ...(Object.keys(ctx.footnotes).length ? { footnotes: ctx.footnotes } : {}),
    sections: [
      {
        properties: {
          ...(model.firstPage ? { titlePage: true } : {}),
          page: {
            size: {
              width: convertMillimetersToTwip(page.w),
              height: convertMillimetersToTwip(page.h),
              orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
            },
            margin: {
              top: convertMillimetersToTwip(model.page.marginMm),
              bottom: convertMillimetersToTwip(model.page.marginMm),
              left: convertMillimetersToTwip(model.page.marginMm),
              right: convertMillimetersToTwip(model.page.marginMm),
            },
          },
        },
        ...headersAndFooters(model, font),
        children: children.length ? children : [new Paragraph('')],
      },
    ],
  });
  const buffer = await Packer.toBuffer(doc);
  return { buffer: Buffer.from(buffer), warnings: ctx.warnings, ms: performance.now() - t0 };
}

export async function renderDocument(input: DocumentInput | DocumentModel, opts: RenderDocumentOptions = {}): Promise<Buffer> {
  return (await renderDocumentDetailed(input, opts)).buffer;
}
