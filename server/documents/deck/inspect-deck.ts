/**
 * Looks at a deck the way a reviewer looks at the rendered slides and says what is wrong: text that
 * does not fit its box (measured with the metrics of the fonts the slides are drawn with), elements
 * off the slide or on top of each other, slides left mostly empty, too much text, charts whose
 * labels do not help, slides without a title. Pure and synchronous; the text layout comes from the
 * same plan the .pptx renderer draws (slide-layout.ts).
 */
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN } from '../../../lib/deck/slide-size';
import { rankFindings, type Finding } from '../common/finding';
import { lineHeightPt } from '../../../lib/text/font-metrics';
import { sniffImage } from '../common/image-data';
import type { ChartElement, Deck, Slide, SlideElement } from './schema';
import {
  SHAPE_FONT_SIZE,
  SLIDE_MARGIN_IN,
  TEXT_ELEMENT_FONT_SIZE,
  TEXT_ELEMENT_MARGIN_PT,
  planSlide,
  type Box,
  type PlacedText,
} from '../../../lib/deck/slide-layout';
import {
  BULLET_INDENT_PT,
  DEFAULT_TEXT_INSET_IN,
  NUMBER_INDENT_PT,
  bulletParagraphs,
  bulletText,
  paragraphsHeightPt,
  type MeasuredParagraph,
} from '../../../lib/deck/measure-text';
import { planTable } from '../../../lib/deck/table-layout';

/** Most findings returned for one deck (errors first). */
export const MAX_DECK_FINDINGS = 100;
/** A slide whose content covers less than this share of the height below its title is "mostly empty". */
export const MIN_CONTENT_SHARE = 0.55;
export const MAX_BULLETS_PER_SLIDE = 8;
export const MAX_WORDS_PER_SLIDE = 70;
/** An agenda / contents slide of short entries (a few words each) may list this many. */
export const MAX_AGENDA_ENTRIES = 12;
const AGENDA_TITLE = /^(agenda|contents|table of contents|outline|overview|what we will cover|today)$/i;
const AGENDA_ENTRY_WORDS = 6;
/** Overlap (share of the smaller element) above which two elements are said to overlap. */
export const OVERLAP_SHARE = 0.1;

const PT = 72;
/** Overflow or overhang smaller than this (inches) is not reported. */
const TOLERANCE_IN = 0.03;
const SMALLEST_BODY_PT = 12;

const fmt = (inches: number) => `${(Math.round(inches * 100) / 100).toString()} in`;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** What a text box holds and the room it has. */
interface TextFit {
  paras: MeasuredParagraph[];
  box: Box;
  insetX: number;
  insetY: number;
  valign: 'top' | 'middle' | 'bottom';
  /** text inside a shape's inner area: the shape's height and inner height ÷ shape height */
  shape?: { h: number; scale: number };
}

interface TextMeasure {
  /** height the text needs, inches (insets excluded) */
  needed: number;
  /** height the box offers, inches (insets excluded) */
  available: number;
  /** the part of the slide the text covers (insets included; beyond the box when it overflows) */
  used: Box;
}

function measureText(t: TextFit): TextMeasure {
  const widthPt = (t.box.w - 2 * t.insetX) * PT;
  const needed = paragraphsHeightPt(t.paras, widthPt) / PT;
  const available = Math.max(t.box.h - 2 * t.insetY, 0);
  const h = needed + 2 * t.insetY;
  const y = t.valign === 'top' ? t.box.y : t.valign === 'bottom' ? t.box.y + t.box.h - h : t.box.y + (t.box.h - h) / 2;
  return { needed, available, used: { x: t.box.x, y, w: t.box.w, h } };
}

/** Largest whole point size (below the current largest run) at which the text fits, or undefined. */
function fittingSize(t: TextFit, available: number, smallest: number): number | undefined {
  const largest = Math.max(...t.paras.flatMap((p) => p.runs.map((r) => r.sizePt)));
  const widthPt = (t.box.w - 2 * t.insetX) * PT;
  for (let size = Math.floor(largest) - 1; size >= smallest; size--) {
    if (paragraphsHeightPt(t.paras, widthPt, size / largest) / PT <= available) return size;
  }
  return undefined;
}

const wordsOf = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** Something drawn on a slide, for the off-slide, overlap and emptiness checks. */
interface Region {
  label: string;
  location: string;
  kind: 'text' | 'image' | 'chart' | 'table' | 'shape';
  /** the box the element was given */
  box: Box;
  /** what it visibly covers */
  used: Box;
  /** a layout's own text (title, bullets…), not an element */
  layout: boolean;
  /** holds text: a text box, a shape with text, the layout's text */
  hasText: boolean;
  role?: PlacedText['role'];
}

function area(b: Box): number {
  return Math.max(b.w, 0) * Math.max(b.h, 0);
}

function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The box an image is drawn in: 'contain' keeps the picture's proportions inside its box (data: URLs only). */
function imageDrawnBox(src: string, fit: 'contain' | 'cover' | 'stretch', box: Box): Box {
  if (fit !== 'contain') return box;
  const m = /^data:[^;,]*;base64,/.exec(src);
  if (!m) return box;
  const info = sniffImage(Buffer.from(src.slice(m[0].length, m[0].length + 131_072), 'base64'));
  if (!info?.width || !info.height) return box;
  const ratio = info.width / info.height;
  let w = box.w;
  let h = w / ratio;
  if (h > box.h) {
    h = box.h;
    w = h * ratio;
  }
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

interface SlideCtx {
  deck: Deck;
  slide: Slide;
  /** 1-based */
  n: number;
  findings: Finding[];
}

function overflowFinding(
  ctx: SlideCtx,
  location: string,
  what: string,
  t: TextFit,
  m: TextMeasure,
  opts: { resizable: boolean; smallest: number; shrink: boolean },
): void {
  const over = m.needed - m.available;
  if (over <= TOLERANCE_IN) return;
  const keep = Math.max(5, Math.floor(((m.available / m.needed) * 100) / 5) * 5);
  const fixes = [`cut it to about ${keep} % of its words`];
  if (opts.resizable) {
    const size = fittingSize(t, m.available, opts.smallest);
    if (size) fixes.push(`use a smaller font (it fits at ${size} pt)`);
    const taller = (m.needed + 2 * t.insetY) / (t.shape?.scale ?? 1);
    const top = t.shape ? t.box.y - (t.shape.h - t.box.h) / 2 : t.box.y;
    if (top + taller <= SLIDE_HEIGHT_IN)
      fixes.push(`make the ${t.shape ? 'shape' : 'box'} taller (h ≥ ${fmt(Math.ceil(taller * 10) / 10)})`);
  } else fixes.push('split the content over two slides');
  // the box is written with shrink-on-overflow: viewers that apply it draw the text smaller instead
  const shrunk = opts.shrink ? fittingSize(t, m.available, 4) : undefined;
  ctx.findings.push({
    code: 'text_overflow',
    severity: 'error',
    location,
    message: `${what} needs ${fmt(m.needed + 2 * t.insetY)} but ${t.shape && t.shape.scale < 1 ? `the shape's inner text area` : 'its box'} is ${fmt(t.box.h)} tall, so it overflows by ${fmt(over)}${
      shrunk ? ` (viewers that shrink text to fit show it at about ${shrunk} pt)` : ''
    }: ${fixes.join(', or ')}.`,
  });
}

function layoutText(p: PlacedText, ctx: SlideCtx, regions: Region[]): void {
  const theme = ctx.deck.theme;
  const font = p.font === 'heading' ? theme.headingFont : theme.bodyFont;
  const paras: MeasuredParagraph[] = p.bullets
    ? bulletParagraphs(p.bullets, font, p.size, p.bold, p.spaceAfterPt)
    : [{ runs: [{ text: p.text ?? '', font, sizePt: p.size, bold: p.bold }], indentPt: 0, spaceAfterPt: 0 }];
  const t: TextFit = {
    paras,
    box: p.box,
    insetX: DEFAULT_TEXT_INSET_IN.x,
    insetY: DEFAULT_TEXT_INSET_IN.y,
    valign: p.valign,
  };
  const m = measureText(t);
  const where = p.role === 'column-heading' || p.role === 'column-bullets' ? `column ${(p.column ?? 0) + 1}` : p.role;
  const location = `slide ${ctx.n} ${where}`;
  if (p.role === 'title' && m.needed > m.available + TOLERANCE_IN) {
    const lines = Math.round((m.needed * PT) / lineHeightPt(font, p.size));
    const perLine = Math.max(1, Math.round((p.text ?? '').length / Math.max(lines, 1)));
    const fitLines = Math.max(1, Math.floor((m.available * PT) / lineHeightPt(font, p.size)));
    ctx.findings.push({
      code: 'text_overflow',
      severity: 'error',
      location,
      message: `The title wraps to ${lines} lines at ${p.size} pt and overflows its ${fmt(p.box.h)} box by ${fmt(m.needed - m.available)}: shorten it to about ${perLine * fitLines} characters${fitLines === 1 ? ' (one line)' : ''}.`,
    });
  } else if (p.bullets) {
    overflowFinding(ctx, location, `The bullet text (${p.bullets.length} bullets, ${p.size} pt)`, t, m, {
      resizable: false,
      smallest: SMALLEST_BODY_PT,
      shrink: p.shrink,
    });
  } else
    overflowFinding(ctx, location, `The ${where}`, t, m, {
      resizable: false,
      smallest: SMALLEST_BODY_PT,
      shrink: p.shrink,
    });
  regions.push({
    label: `slide's ${where}`,
    location,
    kind: 'text',
    box: p.box,
    used: m.used,
    layout: true,
    hasText: true,
    role: p.role,
  });
}

function elementText(el: SlideElement, ctx: SlideCtx, box: Box): TextFit | undefined {
  const theme = ctx.deck.theme;
  if (el.kind === 'text') {
    const paras = el.paragraphs.map((p) => ({
      runs: p.runs.map((r) => ({
        text: r.text,
        font: r.font ?? theme.bodyFont,
        sizePt: r.size ?? el.fontSize ?? TEXT_ELEMENT_FONT_SIZE,
        bold: !!r.bold,
      })),
      indentPt: p.bullet ? (p.bullet === 'number' ? NUMBER_INDENT_PT : BULLET_INDENT_PT) * (1 + p.level) : 0,
      spaceAfterPt: 0,
    }));
    const inset = TEXT_ELEMENT_MARGIN_PT / PT;
    return { paras, box, insetX: inset, insetY: inset, valign: el.valign };
  }
  if (el.kind === 'shape' && el.text) {
    // text sits in the shape's inner rectangle: an ellipse's inscribed box, a triangle's lower middle
    const innerW =
      el.shape === 'ellipse'
        ? 0.707
        : el.shape === 'triangle'
          ? 0.5
          : el.shape === 'chevron' || el.shape === 'rightArrow'
            ? 0.75
            : 1;
    const innerH = el.shape === 'ellipse' ? 0.707 : el.shape === 'triangle' ? 0.5 : 1;
    const w = box.w * innerW;
    const h = box.h * innerH;
    const inBox = { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / (el.shape === 'triangle' ? 1 : 2), w, h };
    const runs = [{ text: el.text, font: theme.bodyFont, sizePt: el.fontSize ?? SHAPE_FONT_SIZE }];
    return {
      paras: [{ runs, indentPt: 0, spaceAfterPt: 0 }],
      box: inBox,
      insetX: DEFAULT_TEXT_INSET_IN.x,
      insetY: DEFAULT_TEXT_INSET_IN.y,
      valign: 'middle',
      shape: { h: box.h, scale: innerH },
    };
  }
  return undefined;
}

const KIND_LABEL: Record<SlideElement['kind'], string> = {
  text: 'text box',
  image: 'image',
  chart: 'chart',
  table: 'table',
  shape: 'shape',
};

function elementRegion(el: SlideElement, index: number, fallback: Box, ctx: SlideCtx): Region {
  const box: Box = { x: el.x ?? fallback.x, y: el.y ?? fallback.y, w: el.w ?? fallback.w, h: el.h ?? fallback.h };
  const id = (el as { id?: unknown }).id;
  const name = typeof id === 'string' && id ? id : String(index + 1);
  const location = `slide ${ctx.n} element ${name}`;
  const label = `${KIND_LABEL[el.kind]} ${name}`;
  let used = box;
  const text = elementText(el, ctx, box);
  if (text) {
    const m = measureText(text);
    const what = el.kind === 'shape' ? `The text of shape ${name}` : `The text of text box ${name}`;
    overflowFinding(ctx, location, what, text, m, {
      resizable: true,
      smallest: SMALLEST_BODY_PT,
      shrink: el.kind === 'text',
    });
    if (el.kind === 'text') used = m.used;
  } else if (el.kind === 'image') used = imageDrawnBox(el.src, el.fit, box);
  else if (el.kind === 'table') {
    const table = planTable(el, box, ctx.deck.theme.bodyFont, el.h === undefined);
    used = { x: box.x, y: box.y, w: table.colW.reduce((a, b) => a + b, 0), h: table.height };
    if (used.h > box.h + TOLERANCE_IN && used.y + used.h <= SLIDE_HEIGHT_IN + TOLERANCE_IN) {
      ctx.findings.push({
        code: 'text_overflow',
        severity: 'warning',
        location,
        message: `Table ${name} grows to ${fmt(used.h)} because its cells wrap, ${fmt(used.h - box.h)} taller than its ${fmt(box.h)} box: widen the wrapping columns (colWidths), shorten the cell text or use a smaller fontSize.`,
      });
    }
  }
  return { label, location, kind: el.kind, box, used, layout: false, hasText: !!text };
}

function offSlide(r: Region, ctx: SlideCtx): void {
  const b = r.kind === 'table' ? r.used : r.box;
  const sides: string[] = [];
  const left = -b.x;
  const top = -b.y;
  const right = b.x + b.w - SLIDE_WIDTH_IN;
  const bottom = b.y + b.h - SLIDE_HEIGHT_IN;
  if (left > TOLERANCE_IN) sides.push(`${fmt(left)} past the left edge (x ≥ 0)`);
  if (top > TOLERANCE_IN) sides.push(`${fmt(top)} past the top edge (y ≥ 0)`);
  if (right > TOLERANCE_IN) sides.push(`${fmt(right)} past the right edge (x + w ≤ ${SLIDE_WIDTH_IN})`);
  if (bottom > TOLERANCE_IN) sides.push(`${fmt(bottom)} past the bottom edge (y + h ≤ ${SLIDE_HEIGHT_IN})`);
  if (!sides.length) return;
  ctx.findings.push({
    code: 'off_slide',
    severity: 'error',
    location: r.location,
    message: `The ${r.label} (x ${round1(b.x)}, y ${round1(b.y)}, w ${round1(b.w)}, h ${round1(b.h)} in) reaches ${sides.join(' and ')} of the ${SLIDE_WIDTH_IN} × ${SLIDE_HEIGHT_IN} in slide: move or shrink it.`,
  });
}

/**
 * Pairs that overlap by more than OVERLAP_SHARE of the smaller one: text over anything (text, image,
 * chart, table), and charts or tables over each other or over images. Shapes without text are
 * decoration (panels and bars behind text) and images over images may be a deliberate collage.
 */
function overlaps(regions: Region[], ctx: SlideCtx): void {
  const candidates = regions.filter((r) => r.kind !== 'shape' || r.hasText);
  for (let i = 0; i < candidates.length; i++) {
    for (let k = i + 1; k < candidates.length; k++) {
      const a = candidates[i]!;
      const b = candidates[k]!;
      if (a.layout && b.layout) continue; // the layout's own boxes are placed apart
      if (!a.hasText && !b.hasText && a.kind === 'image' && b.kind === 'image') continue;
      const shared = intersection(a.used, b.used);
      const smaller = Math.min(area(a.used), area(b.used));
      if (smaller <= 0 || shared / smaller <= OVERLAP_SHARE) continue;
      const layoutPart = a.layout || b.layout;
      ctx.findings.push({
        code: 'element_overlap',
        severity: 'warning',
        location: (b.layout ? a : b).location,
        message: `The ${b.label} covers ${Math.round((shared / smaller) * 100)} % of the ${a.label}${
          layoutPart
            ? ' (the layout puts its text there: give the element an x/y/w/h clear of it, or use the blank layout)'
            : ': move one of them or make them smaller'
        }.`,
      });
    }
  }
}

/** Reports a slide mostly empty; returns the share of the height below the title its content covers (title, section, big-number and quote slides: undefined). */
function mostlyEmpty(regions: Region[], ctx: SlideCtx, content: Box): number | undefined {
  const s = ctx.slide;
  // title, section, big-number and quote slides are meant to leave space around their few words
  if (s.layout === 'title' || s.layout === 'section' || s.layout === 'big-number' || s.layout === 'quote') return undefined;
  const top = s.title ? content.y : SLIDE_MARGIN_IN;
  const bottom = content.y + content.h;
  const spans = regions
    .filter((r) => r.role !== 'title' && r.role !== 'subtitle')
    .map((r) => [Math.max(r.used.y, top), Math.min(r.used.y + r.used.h, bottom)] as const)
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let end = top;
  for (const [a, b] of spans) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  const share = covered / (bottom - top);
  if (share >= MIN_CONTENT_SHARE) return share;
  const lowest = spans.length ? Math.max(...spans.map(([, b]) => b)) : top;
  ctx.findings.push({
    code: 'slide_mostly_empty',
    severity: 'warning',
    location: `slide ${ctx.n}`,
    message: `Content covers ${Math.round(share * 100)} % of the slide's height below the title${
      spans.length ? ` and ends ${fmt(bottom - lowest)} above the bottom margin` : ''
    }: enlarge the visual, add a supporting chart, table or figure, or use a layout that fills the slide.`,
  });
  return share;
}

function textAmount(ctx: SlideCtx): void {
  const s = ctx.slide;
  const bulletTexts = [
    ...(s.bullets ?? []).map(bulletText),
    ...(s.columns ?? []).flatMap((c) => c.bullets.map(bulletText)),
  ];
  let bullets = bulletTexts.length;
  const texts = [s.title ?? '', s.subtitle ?? '', ...bulletTexts, ...(s.columns ?? []).map((c) => c.heading ?? '')];
  for (const el of s.elements) {
    if (el.kind === 'text') {
      bullets += el.paragraphs.filter((p) => p.bullet).length;
      texts.push(...el.paragraphs.map((p) => p.runs.map((r) => r.text).join('')));
    } else if (el.kind === 'shape' && el.text) texts.push(el.text);
  }
  const words = texts.reduce((a, t) => a + wordsOf(t), 0);
  const problems: string[] = [];
  // a list of the sections that follow reads at a glance however long it is, up to a point
  const agenda = AGENDA_TITLE.test((s.title ?? '').trim()) && bulletTexts.every((t) => wordsOf(t) <= AGENDA_ENTRY_WORDS);
  const maxBullets = agenda ? MAX_AGENDA_ENTRIES : MAX_BULLETS_PER_SLIDE;
  if (bullets > maxBullets) problems.push(`${bullets} bullets (at most ${maxBullets}${agenda ? ' on an agenda' : ''})`);
  if (words > MAX_WORDS_PER_SLIDE) problems.push(`${words} words (at most about ${MAX_WORDS_PER_SLIDE})`);
  if (!problems.length) return;
  ctx.findings.push({
    code: 'too_much_text',
    severity: 'warning',
    location: `slide ${ctx.n}`,
    message: `The slide holds ${problems.join(' and ')}: keep the key points, move detail to the speaker notes, or split it over two slides.`,
  });
}

function chartLabels(el: ChartElement, location: string, ctx: SlideCtx): void {
  const round = el.chartType === 'pie' || el.chartType === 'doughnut';
  if (round) return; // pies label their slices with percentages and the legend names the categories
  if (el.series.length === 1 && el.showLegend) {
    ctx.findings.push({
      code: 'chart_without_labels',
      severity: 'warning',
      location,
      message: `The chart has one series ("${el.series[0]!.name}") and shows a legend that only repeats its name: set showLegend false and say what is plotted in the chart title.`,
    });
  }
  if (el.chartType === 'scatter') {
    if (!el.xAxisTitle || !el.yAxisTitle)
      ctx.findings.push({
        code: 'chart_without_labels',
        severity: 'info',
        location,
        message: 'The scatter chart has an unlabelled axis: give xAxisTitle and yAxisTitle (with units).',
      });
    return;
  }
  if (!el.showValues && !el.yAxisTitle) {
    const few = el.categories.length <= 12 && el.series.length <= 3;
    ctx.findings.push({
      code: 'chart_without_labels',
      severity: 'info',
      location,
      message: `The values have neither data labels nor a value-axis title, so readers cannot tell the unit${el.title ? '' : ' or what is measured'}: add yAxisTitle (e.g. "Revenue (k€)")${
        few ? ' or showValues for exact figures' : ''
      }.`,
    });
  }
}

function missingTitle(ctx: SlideCtx): void {
  const s = ctx.slide;
  if (s.layout === 'title' || s.layout === 'section' || s.layout === 'blank') return;
  if (s.title?.trim()) return;
  const imageOnly = s.layout === 'image' && !(s.bullets ?? []).length && s.elements.every((e) => e.kind === 'image');
  if (imageOnly) return;
  ctx.findings.push({
    code: 'missing_title',
    severity: 'warning',
    location: `slide ${ctx.n}`,
    message: `The ${s.layout} slide "${s.id}" has no title: give it one that states the point of the slide (titles also make the outline and screen readers work).`,
  });
}

/** Inspects one slide into `findings`; returns its content share (see mostlyEmpty). */
function inspectSlide(deck: Deck, slide: Slide, index: number, findings: Finding[]): number | undefined {
  const ctx: SlideCtx = { deck, slide, n: index + 1, findings };
  const plan = planSlide(slide, deck.theme);
  const regions: Region[] = [];
  for (const p of plan.texts) layoutText(p, ctx, regions);
  slide.elements.forEach((el, i) => {
    const r = elementRegion(el, i, plan.elementBox, ctx);
    regions.push(r);
    offSlide(r, ctx);
    if (el.kind === 'chart') chartLabels(el, r.location, ctx);
  });
  overlaps(regions, ctx);
  const share = mostlyEmpty(regions, ctx, plan.content);
  textAmount(ctx);
  missingTitle(ctx);
  return share;
}

/** Findings for a deck, errors first, at most MAX_DECK_FINDINGS. */
export function inspectDeck(deck: Deck): Finding[] {
  const findings: Finding[] = [];
  deck.slides.forEach((s, i) => inspectSlide(deck, s, i, findings));
  return rankFindings(findings, MAX_DECK_FINDINGS);
}

/** Per slide, the share of the height below the title that content covers (undefined for title, section, big-number and quote slides). */
export function slideContentShares(deck: Deck): Array<number | undefined> {
  return deck.slides.map((s, i) => inspectSlide(deck, s, i, []));
}
