/**
 * Document model (tiptap JSON) → .docx with the `docx` package.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
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
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
  type FileChild,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { loadImage, type ImageResolver } from '../common/image-data';
import { textValue } from '../common/xml';
import { documentSchema, nodeText, type DocumentInput, type DocumentModel, type TiptapMark, type TiptapNode } from './schema';

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
const PAGE_MM = { A4: { w: 210, h: 297 }, Letter: { w: 215.9, h: 279.4 } };
const MONO = 'Liberation Mono';

interface Ctx {
  model: DocumentModel;
  warnings: string[];
  images: Map<string, Awaited<ReturnType<typeof loadImage>>>;
  contentWidthPx: number;
  orderedInstance: number;
  headingNo: number;
  accent: string;
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
  const a = n.attrs?.textAlign;
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
          out.push(new Paragraph({ children: runs, indent: { left: 720 * (level + 1) } }));
        }
        continue;
      }
      out.push(...block(child, ctx, level));
    }
  }
  return out;
}

function table(n: TiptapNode, ctx: Ctx): FileChild[] {
  const rows = (n.content ?? []).filter((r) => r.type === 'tableRow');
  if (!rows.length) return [];
  const cols = Math.max(...rows.map((r) => (r.content ?? []).reduce((a, c) => a + (Number(c.attrs?.colspan) || 1), 0)), 1);
  const colWidthsPx: number[] = [];
  const firstRow = rows[0]!.content ?? [];
  let k = 0;
  for (const c of firstRow) {
    const cw = c.attrs?.colwidth;
    const span = Number(c.attrs?.colspan) || 1;
    for (let i = 0; i < span; i++) colWidthsPx[k++] = Array.isArray(cw) && typeof cw[i] === 'number' ? (cw[i] as number) : 0;
  }
  const totalTwip = Math.round(ctx.contentWidthPx * 15);
  const known = colWidthsPx.reduce((a, b) => a + b, 0);
  const widths = Array.from({ length: cols }, (_, i) => {
    const px = colWidthsPx[i] ?? 0;
    if (known > 0 && px > 0) return Math.round((px / Math.max(known, ctx.contentWidthPx)) * totalTwip);
    return Math.round(totalTwip / cols);
  });
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' };
  return [
    new Table({
      width: { size: totalTwip, type: WidthType.DXA },
      columnWidths: widths,
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
      rows: rows.map((r) => {
        const isHeader = (r.content ?? []).length > 0 && (r.content ?? []).every((c) => c.type === 'tableHeader');
        return new TableRow({
          // body rows must not carry <w:tblHeader w:val="off"/> (mammoth reads it as a header row)
          ...(isHeader ? { tableHeader: true } : {}),
          children: (r.content ?? []).map((c) => {
            const header = c.type === 'tableHeader';
            const paras = (c.content ?? []).flatMap((p) =>
              p.type === 'paragraph'
                ? [new Paragraph({ children: inlines(p.content, ctx, header ? { bold: true, color: 'FFFFFF' } : {}), spacing: { before: 40, after: 40 } })]
                : (block(p, ctx, -1) as Paragraph[]),
            );
            return new TableCell({
              children: paras.length ? paras : [new Paragraph('')],
              ...(Number(c.attrs?.colspan) > 1 ? { columnSpan: Number(c.attrs!.colspan) } : {}),
              ...(Number(c.attrs?.rowspan) > 1 ? { rowSpan: Number(c.attrs!.rowspan) } : {}),
              ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: ctx.accent } } : {}),
              margins: { left: 100, right: 100, top: 40, bottom: 40 },
            });
          }),
        });
      }),
    }),
    new Paragraph({ children: [], spacing: { after: 120 } }),
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
      return [new Paragraph({ children: runs, alignment: paragraphAlign(n) })];
    }
    case 'bulletList':
      return list(n, ctx, listLevel + 1, false);
    case 'orderedList':
      return list(n, ctx, listLevel + 1, true);
    case 'table':
      return table(n, ctx);
    case 'image': {
      const run = imageRun(n, ctx);
      return run ? [new Paragraph({ children: [run], alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 } })] : [];
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
              children: [new TextRun({ text: line, font: MONO, size: 18 })],
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
      const entries = collectHeadings(ctx.model.doc.content, 6)
        .map((e, i) => ({ ...e, id: `_Toc_ds_${i + 1}` }))
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

function headerFooterParagraph(text: string, font: string, align: (typeof AlignmentType)[keyof typeof AlignmentType]): Paragraph {
  const children: ParagraphChild[] = [];
  const parts = text.split(/(\{page\}|\{pages\})/);
  for (const p of parts) {
    if (p === '{page}') children.push(new TextRun({ children: [PageNumber.CURRENT], font, size: 18, color: '7F7F7F' }));
    else if (p === '{pages}') children.push(new TextRun({ children: [PageNumber.TOTAL_PAGES], font, size: 18, color: '7F7F7F' }));
    else if (p) children.push(new TextRun({ text: p, font, size: 18, color: '7F7F7F' }));
  }
  return new Paragraph({ children, alignment: align });
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
  const widthMm = landscape ? page.h : page.w;
  const contentWidthPx = ((widthMm - 2 * model.page.marginMm) / 25.4) * 96;
  const accent = model.accentColor.replace('#', '').toUpperCase();
  const ctx: Ctx = { model, warnings: [], images: new Map(), contentWidthPx, orderedInstance: 0, headingNo: 0, accent };
  await preloadImages(model, opts.resolveImage, ctx);
  const children = blocks(model.doc.content, ctx);
  const font = model.font.name;
  const headingFont = model.headingFont ?? font;
  const headingStyle = (size: number, color = accent) => ({
    run: { font: headingFont, size: size * 2, bold: true, color },
    paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
  });
  const doc = new Document({
    creator: 'Docsmith',
    title: model.title ?? '',
    // Word refreshes the PAGEREF page numbers of the table of contents on open
    ...(JSON.stringify(model.doc.content).includes('"tableOfContents"') ? { features: { updateFields: true } } : {}),
    styles: {
      default: {
        document: { run: { font, size: Math.round(model.font.size * 2) }, paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } } },
        heading1: headingStyle(20),
        heading2: headingStyle(16),
        heading3: headingStyle(13),
        heading4: headingStyle(12, '404040'),
        heading5: headingStyle(11, '404040'),
        heading6: headingStyle(11, '595959'),
        hyperlink: { run: { color: '0563C1', underline: {} } },
      },
      paragraphStyles: [
        {
          id: 'Quote',
          name: 'Quote',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { italics: true, color: '595959' },
          paragraph: { indent: { left: 567 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'BFBFBF', space: 8 } } },
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
      ],
    },
    sections: [
      {
        properties: {
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
        ...(model.header ? { headers: { default: new Header({ children: [headerFooterParagraph(model.header, font, AlignmentType.RIGHT)] }) } } : {}),
        ...(model.footer ? { footers: { default: new Footer({ children: [headerFooterParagraph(model.footer, font, AlignmentType.CENTER)] }) } } : {}),
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
