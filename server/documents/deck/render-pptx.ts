/**
 * Deck model → .pptx with pptxgenjs: native charts and tables, images, shapes, speaker notes,
 * and a theme (fonts, colours, logo) applied to every layout.
 */
import PptxGenJS from 'pptxgenjs';
import JSZip from 'jszip';
import { loadImage, type ImageResolver } from '../common/image-data';
import { PALETTE } from '../common/xml';
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN } from '../../../lib/deck/slide-size';
import { SHAPE_FONT_SIZE, TEXT_ELEMENT_FONT_SIZE, TEXT_ELEMENT_MARGIN_PT, planSlide, type Box, type PlacedText } from '../../../lib/deck/slide-layout';
import { BULLET_INDENT_PT, BULLET_SPACE_AFTER_PT, bulletFontSize } from '../../../lib/deck/measure-text';
import { TABLE_CELL_MARGIN_IN, planTable } from '../../../lib/deck/table-layout';
import { runLines } from '../../../lib/deck/layout-runs';
import {
  deckSchema,
  type Bullet,
  type ChartElement,
  type Deck,
  type DeckInput,
  type Run,
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

const c6 = (hex: string) => hex.replace('#', '').toUpperCase();

type Slide_ = ReturnType<PptxGenJS['addSlide']>;

interface Ctx {
  pptx: PptxGenJS;
  deck: Deck;
  warnings: string[];
  images: Map<string, Awaited<ReturnType<typeof loadImage>>>;
  /** names of the slide masters defined so far */
  masters: Set<string>;
}

/**
 * The slide master whose title placeholder sits at `box` (defined on first use): a slide's title is
 * written into a real title placeholder so that PowerPoint's outline view, screen readers and
 * importers find it. pptxgenjs places placeholder text where the master's placeholder is, hence one
 * master per title position.
 */
function titleMaster(ctx: Ctx, box: Box): string {
  const name = `Title ${[box.x, box.y, box.w, box.h].map((v) => Math.round(v * 1000)).join(' ')}`;
  if (!ctx.masters.has(name)) {
    ctx.pptx.defineSlideMaster({ title: name, objects: [{ placeholder: { options: { name: 'title', type: 'title', x: box.x, y: box.y, w: box.w, h: box.h }, text: '' } }] });
    ctx.masters.add(name);
  }
  return name;
}

/**
 * A run's own formatting as pptxgenjs options: what it does not set comes from the text box (the
 * layout's colour, size and font). Layout texts with runs carry their layout's bold / italic in the
 * runs (lib/deck/layout-runs.ts), so their box sets neither.
 */
function runOptions(r: Run): PptxGenJS.TextBaseProps & { hyperlink?: PptxGenJS.HyperlinkProps } {
  return {
    ...(r.bold ? { bold: true } : {}),
    ...(r.italic ? { italic: true } : {}),
    ...(r.underline ? { underline: { style: 'sng' as const } } : {}),
    ...(r.color ? { color: c6(r.color) } : {}),
    ...(r.size ? { fontSize: r.size } : {}),
    ...(r.font ? { fontFace: r.font } : {}),
    ...(r.link ? { hyperlink: { url: r.link } } : {}),
  };
}

/** Paragraphs of runs as text props: `para` (bullet, spacing…) on each paragraph's first run. */
function runParas(lines: Run[][], para: (i: number) => PptxGenJS.TextPropsOptions = () => ({})): PptxGenJS.TextProps[] {
  const out: PptxGenJS.TextProps[] = [];
  lines.forEach((line, i) => {
    const runs = line.length ? line : [{ text: '' }];
    runs.forEach((r, k) => {
      out.push({ text: r.text, options: { ...runOptions(r), ...(k === 0 ? para(i) : {}), breakLine: k === runs.length - 1 } });
    });
  });
  return out;
}

function bulletParas(bullets: Bullet[], ctx: Ctx, size: number, spaceAfterPt: number[] | undefined): PptxGenJS.TextProps[] {
  const t = ctx.deck.theme;
  return bullets.flatMap((b, i) => {
    const text = typeof b === 'string' ? b : b.text;
    const level = typeof b === 'string' ? 0 : (b.level ?? 0);
    const para = { bullet: { indent: BULLET_INDENT_PT }, indentLevel: level, paraSpaceAfter: spaceAfterPt?.[i] ?? BULLET_SPACE_AFTER_PT };
    const font = { fontFace: t.bodyFont, fontSize: bulletFontSize(size, level), color: c6(t.colors.text) };
    // a formatted bullet: its runs in one paragraph, the paragraph's settings on the first one
    if (typeof b !== 'string' && b.runs) {
      const runs = b.runs.filter((r, k) => r.text !== '' || k === 0);
      return runs.map((r, k) => ({
        text: r.text.replace(/\r\n?|\n/g, ' '),
        options: { ...(k === 0 ? para : {}), ...font, ...runOptions(r), breakLine: k === runs.length - 1 },
      }));
    }
    return [{ text, options: { ...para, ...font, breakLine: true } }];
  });
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
  const plan = planTable(el, box, t.bodyFont, el.h === undefined);
  const rows: PptxGenJS.TableRow[] = el.rows.map((r, i) => {
    const header = el.headerRow && i === 0;
    return Array.from({ length: cols }, (_, k) => {
      const v = r[k] ?? '';
      // a formatted cell: its runs (the header row's bold is in them)
      const runs = el.cellRuns?.[i]?.[k];
      return {
        text: runs ? runs.map((x) => ({ text: x.text.replace(/\r\n?|\n/g, ' '), options: runOptions(x) })) : String(v),
        options: {
          ...(runs ? {} : { bold: header }),
          color: header ? 'FFFFFF' : c6(t.colors.text),
          fill: { color: header ? c6(t.colors.primary) : i % 2 === 0 ? 'F2F2F2' : 'FFFFFF' },
          align: typeof v === 'number' || /^[-+]?[\d,.]+%?$/.test(String(v)) ? 'right' : 'left',
        },
      };
    });
  });
  const colW = plan.colW;
  slide.addTable(rows, {
    x: box.x,
    y: box.y,
    w: colW.reduce((a, b) => a + b, 0),
    colW,
    fontFace: t.bodyFont,
    fontSize: plan.fontSize,
    border: { type: 'solid', pt: 0.75, color: 'BFBFBF' },
    margin: TABLE_CELL_MARGIN_IN,
    valign: 'middle',
    rowH: plan.rowH,
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
              fontSize: r.size ?? el.fontSize ?? TEXT_ELEMENT_FONT_SIZE,
              ...(r.link ? { hyperlink: { url: r.link } } : {}),
              ...(i === 0 && p.bullet ? { bullet: p.bullet === 'number' ? { type: 'number' } : { indent: BULLET_INDENT_PT }, indentLevel: p.level } : {}),
              ...(i === 0 && !p.bullet && p.level ? { indentLevel: p.level } : {}),
              ...(p.align ? { align: p.align } : {}),
              breakLine: i === p.runs.length - 1,
            },
          });
        });
      }
      slide.addText(paras, { ...box, valign: el.valign, ...(el.fill ? { fill: { color: c6(el.fill) } } : {}), margin: TEXT_ELEMENT_MARGIN_PT, fit: 'shrink' });
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
          fontSize: el.fontSize ?? SHAPE_FONT_SIZE,
          color: c6(el.textColor ?? (el.fill ? '#FFFFFF' : t.colors.text)),
          align: 'center',
          valign: 'middle',
        });
      } else slide.addShape(shape, opts);
      return;
    }
  }
}

/** The layout's accent bar (under the title, or between title and subtitle on title and section slides). */
function addAccentBar(slide: Slide_, box: Box | undefined, ctx: Ctx): void {
  if (!box) return;
  const accent = c6(ctx.deck.theme.colors.accent);
  slide.addShape(ctx.pptx.ShapeType.rect, { ...box, fill: { color: accent }, line: { color: accent, width: 0 } });
}

/** A text box of the layout plan, with the colours and options of its role. */
function addPlacedText(s: Slide, slide: Slide_, p: PlacedText, dark: boolean, accent: Box | undefined, ctx: Ctx): void {
  const t = ctx.deck.theme;
  // the slide's formatting of this text (lib/deck/layout-runs.ts), when it has some
  const own = (runs: Run[] | undefined) => (runs ? runParas(runLines(runs)) : undefined);
  switch (p.role) {
    case 'title': {
      const runs = own(s.titleRuns);
      slide.addText(runs ?? p.text ?? '', {
        ...p.box,
        placeholder: 'title',
        fontFace: t.headingFont,
        fontSize: p.size,
        ...(runs ? {} : { bold: true }),
        color: dark ? 'FFFFFF' : c6(t.colors.primary),
        // explicit: a title placeholder is centred by the master's title style
        align: p.align,
        valign: 'bottom',
        fit: 'shrink',
      });
      if (!dark) addAccentBar(slide, accent, ctx);
      return;
    }
    case 'subtitle': {
      const runs = own(s.subtitleRuns);
      if (dark) slide.addText(runs ?? p.text ?? '', { ...p.box, fontFace: t.bodyFont, fontSize: p.size, color: 'E7E6E6', align: p.align, valign: 'top' });
      else slide.addText(runs ?? p.text ?? '', { ...p.box, fontFace: t.bodyFont, fontSize: p.size, color: c6(t.colors.muted), ...(runs ? {} : { italic: true }) });
      return;
    }
    case 'column-heading': {
      const runs = own(s.columns?.[p.column ?? 0]?.headingRuns);
      slide.addText(runs ?? p.text ?? '', { ...p.box, fontFace: t.headingFont, fontSize: p.size, ...(runs ? {} : { bold: true }), color: c6(t.colors.primary) });
      return;
    }
    case 'bullets':
    case 'column-bullets':
      slide.addText(bulletParas(p.bullets ?? [], ctx, p.size, p.spaceAfterPt), { ...p.box, valign: p.valign, ...(p.shrink ? { fit: 'shrink' as const } : {}) });
      return;
    case 'figure':
    case 'caption':
    case 'body':
    case 'quote':
    case 'attribution': {
      // the big-number and quote layouts: one paragraph per line, in the plan's colour
      const color = c6(p.color === 'primary' ? t.colors.primary : p.color === 'muted' ? t.colors.muted : t.colors.text);
      // with the slide's formatting: the title's runs (figure, quote), the subtitle's (caption,
      // attribution), each bullet's (body lines)
      const bullets = (s.bullets ?? []).map((b) => (typeof b === 'string' ? { text: b } : b));
      const runs =
        p.role === 'figure' || p.role === 'quote'
          ? own(s.titleRuns)
          : p.role === 'caption' || p.role === 'attribution'
            ? own(s.subtitleRuns)
            : bullets.some((b) => 'runs' in b && b.runs)
              ? runParas(bullets.flatMap((b) => runLines('runs' in b && b.runs ? b.runs : [{ text: b.text }])))
              : undefined;
      const paras = runs ?? (p.text ?? '').split('\n').map((line) => ({ text: line, options: { breakLine: true } }));
      slide.addText(paras, {
        ...p.box,
        ...(p.role === 'figure' || p.role === 'quote' ? { placeholder: 'title' } : {}),
        fontFace: p.font === 'heading' ? t.headingFont : t.bodyFont,
        fontSize: p.size,
        ...(runs ? {} : { bold: p.bold, italic: p.italic }),
        color,
        align: p.align,
        valign: p.valign,
      });
      if (p.role === 'figure' || p.role === 'quote') addAccentBar(slide, accent, ctx);
      return;
    }
  }
}

function renderSlide(s: Slide, ctx: Ctx, index: number): void {
  const { pptx, deck } = ctx;
  const t = deck.theme;
  const plan = planSlide(s, t);
  const title = plan.texts.find((p) => p.role === 'title' || p.role === 'figure' || p.role === 'quote');
  const slide = title ? pptx.addSlide({ masterName: titleMaster(ctx, title.box) }) : pptx.addSlide();
  const dark = plan.dark;
  slide.background = { color: c6(s.background ?? (dark ? t.colors.primary : t.colors.background)) };
  const muted = c6(t.colors.muted);
  const elementBox = plan.elementBox;
  for (const p of plan.texts) {
    // title and section slides: the accent bar sits between title and subtitle (drawn even without them)
    if (dark && p.role === 'subtitle') addAccentBar(slide, plan.accent, ctx);
    addPlacedText(s, slide, p, dark, plan.accent, ctx);
  }
  if (dark && !s.subtitle) addAccentBar(slide, plan.accent, ctx);

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

/**
 * pptxgenjs writes paragraph properties before every run of a paragraph of several runs (the later
 * ones "no bullet, no indent"): not valid DrawingML (a:pPr comes first, once), and LibreOffice takes
 * the last one, so a formatted bullet lost its bullet. Only the paragraph's first a:pPr is kept.
 */
function oneParagraphProperties(xml: string): string {
  return xml.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (m, body: string) => {
    const first = body.search(/<a:(?:r|br|fld)\b/);
    if (first < 0) return m;
    const rest = body.slice(first);
    const kept = rest.replace(/<a:pPr\b[^>]*\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>/g, '');
    return kept === rest ? m : `<a:p>${body.slice(0, first)}${kept}</a:p>`;
  });
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
  const ctx: Ctx = { pptx, deck, warnings: [], images: new Map(), masters: new Set() };
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
  await Promise.all(
    Object.keys(zip.files)
      .filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
      .map(async (f) => zip.file(f, oneParagraphProperties(await zip.file(f)!.async('string')))),
  );
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  return { buffer, warnings: ctx.warnings, ms: performance.now() - t0 };
}

export async function renderDeck(input: DeckInput | Deck, opts: RenderDeckOptions = {}): Promise<Buffer> {
  return (await renderDeckDetailed(input, opts)).buffer;
}
