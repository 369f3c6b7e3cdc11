/**
 * Deck model → .pptx with pptxgenjs: native charts and tables, images, shapes, speaker notes,
 * and a theme (fonts, colours, logo) applied to every layout.
 */
import PptxGenJS from 'pptxgenjs';
import JSZip from 'jszip';
import { loadImage, type ImageResolver } from '../common/image-data';
import { PALETTE } from '../common/xml';
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN } from '../../../lib/deck/slide-size';
import {
  deckSchema,
  type Bullet,
  type ChartElement,
  type Deck,
  type DeckInput,
  type Slide,
  type SlideElement,
  type TableElement,
} from './schema';

export interface RenderDeckOptions {
  resolveImage?: ImageResolver;
}

export interface RenderDeckResult {
  buffer: Buffer;
  warnings: string[];
  ms: number;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const M = 0.6;
const CONTENT: Box = { x: M, y: 1.55, w: SLIDE_WIDTH_IN - 2 * M, h: SLIDE_HEIGHT_IN - 1.55 - 0.6 };
const c6 = (hex: string) => hex.replace('#', '').toUpperCase();

type Slide_ = ReturnType<PptxGenJS['addSlide']>;

interface Ctx {
  pptx: PptxGenJS;
  deck: Deck;
  warnings: string[];
  images: Map<string, Awaited<ReturnType<typeof loadImage>>>;
}

function bulletParas(bullets: Bullet[], ctx: Ctx, size: number): PptxGenJS.TextProps[] {
  const t = ctx.deck.theme;
  return bullets.map((b) => {
    const text = typeof b === 'string' ? b : b.text;
    const level = typeof b === 'string' ? 0 : (b.level ?? 0);
    return {
      text,
      options: {
        bullet: { indent: 18 },
        indentLevel: level,
        fontFace: t.bodyFont,
        fontSize: Math.max(10, size - level * 2),
        color: c6(t.colors.text),
        breakLine: true,
        paraSpaceAfter: 6,
      },
    };
  });
}

function addTitle(slide: Slide_, s: Slide, ctx: Ctx): void {
  const t = ctx.deck.theme;
  if (s.title) {
    slide.addText(s.title, {
      x: M,
      y: 0.35,
      w: CONTENT.w,
      h: 0.95,
      fontFace: t.headingFont,
      fontSize: 30,
      bold: true,
      color: c6(t.colors.primary),
      valign: 'bottom',
      fit: 'shrink',
    });
    slide.addShape(ctx.pptx.ShapeType.rect, { x: M, y: 1.33, w: 1.2, h: 0.06, fill: { color: c6(t.colors.accent) }, line: { color: c6(t.colors.accent), width: 0 } });
  }
}

function imageProps(src: string, box: Box, fit: 'contain' | 'cover' | 'stretch', ctx: Ctx, alt?: string): PptxGenJS.ImageProps | undefined {
  const img = ctx.images.get(src);
  if (!img) {
    ctx.warnings.push(`image ${src.slice(0, 60)} could not be loaded`);
    return undefined;
  }
  const data = `${img.mime};base64,${img.data.toString('base64')}`;
  if (fit === 'stretch' || !img.width || !img.height) return { data, ...box, ...(alt ? { altText: alt } : {}) };
  const ratio = img.width / img.height;
  let w = box.w;
  let h = w / ratio;
  if ((fit === 'contain' && h > box.h) || (fit === 'cover' && h < box.h)) {
    h = box.h;
    w = h * ratio;
  }
  if (fit === 'cover') return { data, ...box, sizing: { type: 'cover', w: box.w, h: box.h }, ...(alt ? { altText: alt } : {}) };
  return { data, x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h, ...(alt ? { altText: alt } : {}) };
}

function addChart(slide: Slide_, el: ChartElement, box: Box, ctx: Ctx): void {
  const t = ctx.deck.theme;
  const pptx = ctx.pptx;
  const colors = el.series.map((s, i) => (s.color ? c6(s.color) : i === 0 ? c6(t.colors.primary) : i === 1 ? c6(t.colors.accent) : PALETTE[(i + 2) % PALETTE.length]!));
  const labels = el.categories.map(String);
  const typeMap = {
    bar: pptx.ChartType.bar,
    column: pptx.ChartType.bar,
    line: pptx.ChartType.line,
    pie: pptx.ChartType.pie,
    doughnut: pptx.ChartType.doughnut,
    area: pptx.ChartType.area,
    scatter: pptx.ChartType.scatter,
  } as const;
  let data: Array<{ name: string; labels?: string[]; values: number[] }>;
  if (el.chartType === 'scatter') {
    data = [{ name: 'X', values: el.categories.map((c) => Number(c)) }, ...el.series.map((s) => ({ name: s.name, values: s.values }))];
  } else data = el.series.map((s) => ({ name: s.name, labels, values: s.values }));
  const round = el.chartType === 'pie' || el.chartType === 'doughnut';
  const opts: PptxGenJS.IChartOpts = {
    ...box,
    barDir: el.chartType === 'bar' ? 'bar' : 'col',
    ...(el.stacked && (el.chartType === 'bar' || el.chartType === 'column' || el.chartType === 'area') ? { barGrouping: 'stacked' } : {}),
    chartColors: round ? [c6(t.colors.primary), c6(t.colors.accent), ...PALETTE.slice(2)] : colors,
    showLegend: el.showLegend,
    legendPos: round ? 'r' : 'b',
    legendFontFace: t.bodyFont,
    legendFontSize: 12,
    ...(el.title ? { showTitle: true, title: el.title, titleFontFace: t.headingFont, titleFontSize: 16, titleColor: c6(t.colors.text) } : {}),
    catAxisLabelFontFace: t.bodyFont,
    catAxisLabelFontSize: 12,
    valAxisLabelFontFace: t.bodyFont,
    valAxisLabelFontSize: 11,
    valGridLine: { color: 'D9D9D9', size: 0.75 },
    ...(el.xAxisTitle ? { showCatAxisTitle: true, catAxisTitle: el.xAxisTitle, catAxisTitleFontSize: 12 } : {}),
    ...(el.yAxisTitle ? { showValAxisTitle: true, valAxisTitle: el.yAxisTitle, valAxisTitleFontSize: 12 } : {}),
    ...(el.showValues ? { showValue: true, dataLabelFontSize: 11 } : {}),
    ...(round ? { showPercent: true, dataLabelColor: 'FFFFFF', dataLabelFontSize: 12 } : {}),
    ...(el.chartType === 'line' ? { lineSize: 3, lineDataSymbolSize: 7 } : {}),
    ...(el.chartType === 'scatter' ? { lineSize: 0, lineDataSymbolSize: 9 } : {}),
  };
  slide.addChart(typeMap[el.chartType], data, opts);
}

function addTable(slide: Slide_, el: TableElement, box: Box, ctx: Ctx): void {
  const t = ctx.deck.theme;
  const cols = Math.max(...el.rows.map((r) => r.length));
  const rowCount = el.rows.length;
  const fontSize = el.fontSize ?? (rowCount > 12 ? 11 : rowCount > 8 ? 13 : 15);
  const rows: PptxGenJS.TableRow[] = el.rows.map((r, i) => {
    const header = el.headerRow && i === 0;
    return Array.from({ length: cols }, (_, k) => {
      const v = r[k] ?? '';
      return {
        text: String(v),
        options: {
          bold: header,
          color: header ? 'FFFFFF' : c6(t.colors.text),
          fill: { color: header ? c6(t.colors.primary) : i % 2 === 0 ? 'F2F2F2' : 'FFFFFF' },
          align: typeof v === 'number' || /^[-+]?[\d,.]+%?$/.test(String(v)) ? 'right' : 'left',
        },
      };
    });
  });
  const colW = el.colWidths && el.colWidths.length === cols ? el.colWidths : Array.from({ length: cols }, () => box.w / cols);
  slide.addTable(rows, {
    x: box.x,
    y: box.y,
    w: colW.reduce((a, b) => a + b, 0),
    colW,
    fontFace: t.bodyFont,
    fontSize,
    border: { type: 'solid', pt: 0.75, color: 'BFBFBF' },
    margin: 0.06,
    valign: 'middle',
    rowH: Math.min(0.5, box.h / Math.max(rowCount, 1)),
    autoPage: false,
  });
}

function addElement(slide: Slide_, el: SlideElement, fallback: Box, ctx: Ctx): void {
  const box: Box = { x: el.x ?? fallback.x, y: el.y ?? fallback.y, w: el.w ?? fallback.w, h: el.h ?? fallback.h };
  const t = ctx.deck.theme;
  switch (el.kind) {
    case 'text': {
      const paras: PptxGenJS.TextProps[] = [];
      for (const p of el.paragraphs) {
        p.runs.forEach((r, i) => {
          paras.push({
            text: r.text,
            options: {
              bold: r.bold,
              italic: r.italic,
              underline: r.underline ? { style: 'sng' } : undefined,
              color: c6(r.color ?? t.colors.text),
              fontFace: r.font ?? t.bodyFont,
              fontSize: r.size ?? el.fontSize ?? 18,
              ...(r.link ? { hyperlink: { url: r.link } } : {}),
              ...(i === 0 && p.bullet ? { bullet: p.bullet === 'number' ? { type: 'number' } : { indent: 18 }, indentLevel: p.level } : {}),
              ...(i === 0 && !p.bullet && p.level ? { indentLevel: p.level } : {}),
              ...(p.align ? { align: p.align } : {}),
              breakLine: i === p.runs.length - 1,
            },
          });
        });
      }
      slide.addText(paras, { ...box, valign: el.valign, ...(el.fill ? { fill: { color: c6(el.fill) } } : {}), margin: 6, fit: 'shrink' });
      return;
    }
    case 'image': {
      const props = imageProps(el.src, box, el.fit, ctx, el.alt);
      if (props) slide.addImage(props);
      return;
    }
    case 'chart':
      addChart(slide, el, box, ctx);
      return;
    case 'table':
      addTable(slide, el, box, ctx);
      return;
    case 'shape': {
      const opts = {
        ...box,
        fill: el.fill ? { color: c6(el.fill) } : { type: 'none' as const },
        line: el.line ? { color: c6(el.line), width: el.lineWidth ?? 1 } : { type: 'none' as const },
        ...(el.shape === 'roundRect' ? { rectRadius: 0.15 } : {}),
      } as PptxGenJS.ShapeProps;
      const shape = ctx.pptx.ShapeType[el.shape as keyof typeof ctx.pptx.ShapeType] as PptxGenJS.SHAPE_NAME;
      if (el.text) {
        slide.addText(el.text, {
          ...(opts as PptxGenJS.TextPropsOptions),
          shape,
          fontFace: t.bodyFont,
          fontSize: el.fontSize ?? 16,
          color: c6(el.textColor ?? (el.fill ? '#FFFFFF' : t.colors.text)),
          align: 'center',
          valign: 'middle',
        });
      } else slide.addShape(shape, opts);
      return;
    }
  }
}

function renderSlide(s: Slide, ctx: Ctx, index: number): void {
  const { pptx, deck } = ctx;
  const t = deck.theme;
  const slide = pptx.addSlide();
  const dark = s.layout === 'title' || s.layout === 'section';
  slide.background = { color: c6(s.background ?? (dark ? t.colors.primary : t.colors.background)) };
  const muted = c6(t.colors.muted);

  if (s.layout === 'title' || s.layout === 'section') {
    const isTitle = s.layout === 'title';
    if (s.title)
      slide.addText(s.title, {
        x: isTitle ? M : 0.9,
        y: isTitle ? 2.3 : 2.7,
        w: isTitle ? CONTENT.w : SLIDE_WIDTH_IN - 1.8,
        h: 1.5,
        fontFace: t.headingFont,
        fontSize: isTitle ? 44 : 38,
        bold: true,
        color: 'FFFFFF',
        align: isTitle ? 'center' : 'left',
        valign: 'bottom',
        fit: 'shrink',
      });
    slide.addShape(pptx.ShapeType.rect, {
      x: isTitle ? SLIDE_WIDTH_IN / 2 - 0.8 : 0.9,
      y: isTitle ? 3.95 : 4.35,
      w: 1.6,
      h: 0.07,
      fill: { color: c6(t.colors.accent) },
      line: { color: c6(t.colors.accent), width: 0 },
    });
    if (s.subtitle)
      slide.addText(s.subtitle, {
        x: isTitle ? M : 0.9,
        y: isTitle ? 4.15 : 4.55,
        w: isTitle ? CONTENT.w : SLIDE_WIDTH_IN - 1.8,
        h: 0.9,
        fontFace: t.bodyFont,
        fontSize: 20,
        color: 'E7E6E6',
        align: isTitle ? 'center' : 'left',
        valign: 'top',
      });
  } else {
    addTitle(slide, s, ctx);
    if (s.subtitle && s.layout !== 'blank')
      slide.addText(s.subtitle, { x: M, y: 1.42, w: CONTENT.w, h: 0.4, fontFace: t.bodyFont, fontSize: 16, color: muted, italic: true });
  }

  const top = s.subtitle && !dark ? CONTENT.y + 0.35 : CONTENT.y;
  const content: Box = { ...CONTENT, y: top, h: CONTENT.h - (top - CONTENT.y) };
  const bullets = s.bullets ?? [];
  const visualLayouts = ['chart', 'table', 'image'];
  let elementBox = content;

  if (s.layout === 'title-bullets' && bullets.length) {
    const size = bullets.length > 9 ? 16 : bullets.length > 6 ? 18 : 22;
    slide.addText(bulletParas(bullets, ctx, size), { ...content, valign: 'top', fit: 'shrink' });
  } else if (s.layout === 'two-column') {
    const colW = (content.w - 0.5) / 2;
    (s.columns ?? []).forEach((col, i) => {
      const x = content.x + i * (colW + 0.5);
      let y = content.y;
      if (col.heading) {
        slide.addText(col.heading, { x, y, w: colW, h: 0.55, fontFace: t.headingFont, fontSize: 22, bold: true, color: c6(t.colors.primary) });
        y += 0.65;
      }
      if (col.bullets.length) slide.addText(bulletParas(col.bullets, ctx, 18), { x, y, w: colW, h: content.h - (y - content.y), valign: 'top', fit: 'shrink' });
    });
    if (!s.columns?.length && bullets.length) slide.addText(bulletParas(bullets, ctx, 20), { ...content, valign: 'top' });
  } else if (visualLayouts.includes(s.layout) && bullets.length) {
    const textW = 4.1;
    elementBox = { x: content.x, y: content.y, w: content.w - textW - 0.3, h: content.h };
    slide.addText(bulletParas(bullets, ctx, 18), { x: content.x + content.w - textW, y: content.y, w: textW, h: content.h, valign: 'middle', fit: 'shrink' });
  } else if (bullets.length && s.layout !== 'title' && s.layout !== 'section') {
    slide.addText(bulletParas(bullets, ctx, 20), { ...content, valign: 'top' });
  }

  for (const el of s.elements) addElement(slide, el, elementBox, ctx);

  if (t.logo) {
    const pos = t.logo.position;
    const box: Box = { x: pos.endsWith('right') ? SLIDE_WIDTH_IN - 1.6 : 0.3, y: pos.startsWith('top') ? 0.25 : SLIDE_HEIGHT_IN - 0.75, w: 1.3, h: 0.5 };
    const props = imageProps(t.logo.src, box, 'contain', ctx, 'logo');
    if (props) slide.addImage(props);
  }
  if (!dark) {
    slide.addText(String(index + 1), { x: SLIDE_WIDTH_IN - 1.0, y: SLIDE_HEIGHT_IN - 0.45, w: 0.6, h: 0.3, fontFace: t.bodyFont, fontSize: 10, color: muted, align: 'right' });
  }
  if (s.notes) slide.addNotes(s.notes);
}

export async function renderDeckDetailed(input: DeckInput | Deck, opts: RenderDeckOptions = {}): Promise<RenderDeckResult> {
  const t0 = performance.now();
  const deck = deckSchema.parse(input);
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.author = 'Docsmith';
  pptx.company = 'Docsmith';
  if (deck.title) pptx.title = deck.title;
  pptx.theme = { headFontFace: deck.theme.headingFont, bodyFontFace: deck.theme.bodyFont };
  const ctx: Ctx = { pptx, deck, warnings: [], images: new Map() };
  const srcs = new Set<string>();
  if (deck.theme.logo) srcs.add(deck.theme.logo.src);
  for (const s of deck.slides) for (const el of s.elements) if (el.kind === 'image') srcs.add(el.src);
  await Promise.all(
    [...srcs].map(async (src) => {
      try {
        ctx.images.set(src, await loadImage(src, opts.resolveImage));
      } catch {
        ctx.images.set(src, undefined);
      }
    }),
  );
  deck.slides.forEach((s, i) => renderSlide(s, ctx, i));
  if (deck.slides.length === 0) pptx.addSlide();
  const out = (await pptx.write({ outputType: 'nodebuffer', compression: false })) as Buffer;
  // pptxgenjs declares content types for slide masters it never writes (one per slide);
  // drop the overrides that name missing parts so the package is consistent
  const zip = await JSZip.loadAsync(out);
  const ct = await zip.file('[Content_Types].xml')!.async('string');
  const cleaned = ct.replace(/<Override\b[^>]*PartName="\/([^"]+)"[^>]*\/>/g, (m, part: string) => (zip.file(part) ? m : ''));
  zip.file('[Content_Types].xml', cleaned);
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  return { buffer, warnings: ctx.warnings, ms: performance.now() - t0 };
}

export async function renderDeck(input: DeckInput | Deck, opts: RenderDeckOptions = {}): Promise<Buffer> {
  return (await renderDeckDetailed(input, opts)).buffer;
}
