/** Tools over the deck model (server/documents/deck): add / update / move / delete / read slides. */
import { z } from 'zod';
import { dropStaleRuns, plainBullets } from '@/lib/deck/layout-runs';
import { toDataUrl } from '@/server/documents/common/image-data';
import {
  chartElementSchema,
  deckSchema,
  LAYOUTS,
  MAX_SLIDES_PER_CALL,
  parseDeck,
  shapeElementSchema,
  slideSchema,
  tableElementSchema,
  textElementSchema,
  type Deck,
  type Slide,
  type SlideElement,
} from '@/server/documents/deck/schema';
import type { AgentImage } from '../types';
import { defineTool, ToolUseError, type AgentToolSet } from './define-tool';

export interface DeckState {
  deck: Deck;
  images: Map<string, AgentImage>;
  /** slides added during this task (the per-call guard: at most MAX_SLIDES_PER_CALL) */
  added: number;
  changes: number;
}

export function createDeckState(document: unknown, images: AgentImage[] = []): DeckState {
  const deck = document === null || document === undefined ? deckSchema.parse({ slides: [] }) : parseDeck(document);
  return { deck, images: new Map(images.map((i) => [i.id, i])), added: 0, changes: 0 };
}

export function finishDeck(state: DeckState): Deck {
  if (!state.deck.slides.length) throw new Error('the agent produced a deck with no slides');
  return parseDeck(state.deck);
}

const hexInput = z.string().regex(/^#?[0-9A-Fa-f]{6}$/, 'colour must be a 6-digit hex like "#1F4E79"');
const chartInput = z.object({
  type: z.enum(['bar', 'column', 'line', 'pie', 'doughnut', 'area', 'scatter']),
  title: z.string().optional(),
  categories: z.array(z.union([z.string(), z.number()])).min(1).max(500),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number()).min(1).max(500), color: hexInput.optional() })).min(1).max(20),
  legend: z.boolean().optional().describe('default: several series'),
  showValues: z.boolean().optional().describe('default: one series, ≤ 12 points'),
  xAxisTitle: z.string().optional(),
  yAxisTitle: z.string().optional(),
  stacked: z.boolean().optional(),
});
const tableInput = z.object({
  rows: z.array(z.array(z.union([z.string(), z.number()]))).min(1).max(60),
  headerRow: z.boolean().default(true),
  colWidths: z.array(z.number().min(0.1)).optional().describe('inches'),
  fontSize: z.number().min(6).max(40).optional(),
});
/** A free-placed element: a text box, a shape (with optional text) or an attached image. */
const freeElementInput = z.object({
  kind: z.enum(['text', 'shape', 'image']),
  x: z.number().min(-1).max(20),
  y: z.number().min(-1).max(20),
  w: z.number().min(0.05).max(20),
  h: z.number().min(0.05).max(20),
  text: z.string().max(4000).optional().describe('a line per paragraph; "- " starts a bullet'),
  fontSize: z.number().min(6).max(120).optional(),
  bold: z.boolean().optional(),
  color: hexInput.optional(),
  align: z.enum(['left', 'center', 'right']).optional(),
  fill: hexInput.optional(),
  shape: z.enum(['rect', 'roundRect', 'ellipse', 'triangle', 'line', 'rightArrow', 'chevron']).optional(),
  imageId: z.string().optional(),
});
/** A bullet; two leading spaces per sub-level ("  detail" is level 1). */
const bulletInput = z.string();

function toBullets(list: string[]): Array<string | { text: string; level: number }> {
  return list.map((b) => {
    const indent = /^ */.exec(b)![0].length;
    const level = Math.min(4, Math.floor(indent / 2));
    return level ? { text: b.trim(), level } : b.trim();
  });
}
const columnsInput = z.array(z.object({ heading: z.string().optional(), bullets: z.array(bulletInput).max(30).default([]) })).max(2);

const slideContent = {
  layout: z.enum(LAYOUTS).optional(),
  title: z.string().max(200).optional(),
  subtitle: z.string().max(300).optional(),
  bullets: z.array(bulletInput).max(12).optional().describe('indent 2 spaces per sub-level'),
  columns: columnsInput.optional(),
  chart: chartInput.optional(),
  table: tableInput.optional(),
  imageId: z.string().optional().describe('an attached image'),
  notes: z.string().max(4000).optional().describe('speaker notes'),
};
const newSlideInput = z.object(slideContent);

function nextId(state: DeckState): string {
  let n = state.deck.slides.length + 1;
  const ids = new Set(state.deck.slides.map((s) => s.id));
  while (ids.has(`s${n}`)) n++;
  return `s${n}`;
}

function findSlide(state: DeckState, id: string): { slide: Slide; index: number } {
  let index = state.deck.slides.findIndex((s) => s.id === id);
  if (index < 0 && /^\d+$/.test(id)) index = Number(id) - 1;
  const slide = state.deck.slides[index];
  if (!slide) throw new ToolUseError(`no slide "${id}"; slides: ${state.deck.slides.map((s) => s.id).join(', ') || '(none)'}`);
  return { slide, index };
}

function imageElement(state: DeckState, imageId: string, alt?: string): SlideElement {
  const img = state.images.get(imageId);
  if (!img) throw new ToolUseError(`no image "${imageId}"; images: ${[...state.images.keys()].join(', ') || '(none attached)'}`);
  return { kind: 'image', src: toDataUrl(img.data, img.mime), alt: alt ?? img.name, fit: 'contain' };
}

type SlideContent = z.output<typeof newSlideInput>;
const freeElementsInput = z.object({
  id: z.string().min(1).describe('slide id'),
  elements: z.array(freeElementInput).max(30),
});
type FreeElementInput = z.output<typeof freeElementInput>;

const hex6 = (c: string | undefined) => (c ? (c.startsWith('#') ? c : `#${c}`).toUpperCase() : undefined);
/** Relative luminance above ~0.6: white text on it would not read. */
function isLight(hex: string): boolean {
  const h = hex.replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 0.6;
}

/** A free element (always placed by its box): text boxes, shapes, and images given a box. */
export function isFreeElement(e: SlideElement): boolean {
  return e.kind === 'text' || e.kind === 'shape' || (e.kind === 'image' && e.x !== undefined);
}

function freeElement(state: DeckState, f: FreeElementInput): SlideElement {
  const box = { x: f.x, y: f.y, w: f.w, h: f.h };
  if (f.kind === 'image') {
    if (!f.imageId) throw new ToolUseError('an image element needs imageId (an attached image)');
    return { ...imageElement(state, f.imageId), ...box };
  }
  if (f.kind === 'shape') {
    return shapeElementSchema.parse({
      kind: 'shape',
      ...box,
      shape: f.shape ?? 'rect',
      ...(f.fill ? { fill: hex6(f.fill) } : {}),
      ...(f.text ? { text: f.text } : {}),
      // the renderer writes white on a filled shape: a light fill gets dark text unless a colour is given
      ...(f.color ? { textColor: hex6(f.color) } : f.fill && isLight(f.fill) ? { textColor: '#1F2937' } : {}),
      ...(f.fontSize ? { fontSize: f.fontSize } : {}),
    });
  }
  const lines = (f.text ?? '').split('\n');
  return textElementSchema.parse({
    kind: 'text',
    ...box,
    paragraphs: lines.map((line) => {
      const bullet = /^\s*[-•]\s+/.test(line);
      const text = bullet ? line.replace(/^\s*[-•]\s+/, '') : line;
      return { runs: [{ text, ...(f.bold ? { bold: true } : {}), ...(f.color ? { color: hex6(f.color) } : {}) }], ...(bullet ? { bullet: true } : {}), ...(f.align ? { align: f.align } : {}) };
    }),
    ...(f.fill ? { fill: hex6(f.fill) } : {}),
    ...(f.fontSize ? { fontSize: f.fontSize } : {}),
  });
}

function chartElement(c: NonNullable<SlideContent['chart']>): SlideElement {
  const single = c.series.length === 1;
  const points = c.categories.length;
  return chartElementSchema.parse({
    kind: 'chart',
    chartType: c.type,
    ...(c.title ? { title: c.title } : {}),
    categories: c.categories,
    series: c.series.map((x) => ({ name: x.name, values: x.values, ...(x.color ? { color: hex6(x.color) } : {}) })),
    // a legend of one series says nothing; a few points read best with their values
    showLegend: c.legend ?? (!single || c.type === 'pie' || c.type === 'doughnut'),
    showValues: c.showValues ?? (single && points <= 12 && c.type !== 'scatter'),
    ...(c.xAxisTitle ? { xAxisTitle: c.xAxisTitle } : {}),
    ...(c.yAxisTitle ? { yAxisTitle: c.yAxisTitle } : {}),
    ...(c.stacked !== undefined ? { stacked: c.stacked } : {}),
  });
}

/** Applies content to a slide; the visual elements (chart/table/image) replace those of the same kind, free elements replace the free ones. */
function applyContent(state: DeckState, base: Slide, c: Partial<SlideContent>): Slide {
  const s: Slide = { ...base, elements: [...base.elements] };
  if (c.title !== undefined) s.title = c.title;
  if (c.subtitle !== undefined) s.subtitle = c.subtitle;
  if (c.bullets !== undefined) s.bullets = toBullets(c.bullets);
  if (c.columns !== undefined) s.columns = c.columns.map((col) => ({ ...col, bullets: toBullets(col.bullets) }));
  if (c.notes !== undefined) s.notes = c.notes;
  const replace = (kind: SlideElement['kind'], el: SlideElement) => {
    s.elements = [...s.elements.filter((e) => e.kind !== kind || isFreeElement(e)), el];
  };
  if (c.chart) replace('chart', chartElement(c.chart));
  if (c.table) {
    const { rows, headerRow, colWidths, fontSize } = c.table;
    replace('table', tableElementSchema.parse({ kind: 'table', rows, headerRow, ...(colWidths ? { colWidths } : {}), ...(fontSize ? { fontSize } : {}) }));
  }
  if (c.imageId) replace('image', imageElement(state, c.imageId, s.title));
  const visual = c.chart ? 'chart' : c.table ? 'table' : c.imageId ? 'image' : c.columns ? 'two-column' : null;
  s.layout = c.layout ?? visual ?? base.layout;
  // a title, subtitle or heading the agent rewrote loses the person's formatting of the old text
  return slideSchema.parse(dropStaleRuns(s));
}

function compactSlide(s: Slide, position: number): Record<string, unknown> {
  return {
    id: s.id,
    position,
    layout: s.layout,
    ...(s.title ? { title: s.title } : {}),
    ...(s.subtitle ? { subtitle: s.subtitle } : {}),
    ...(s.bullets?.length ? { bullets: plainBullets(s.bullets) } : {}),
    ...(s.columns?.length ? { columns: s.columns.map((c) => ({ ...(c.heading !== undefined ? { heading: c.heading } : {}), bullets: plainBullets(c.bullets) })) } : {}),
    elements: s.elements.map((e) => {
      const box = e.x !== undefined ? { box: [e.x, e.y, e.w, e.h] } : {};
      if (e.kind === 'chart') {
        return {
          kind: 'chart',
          type: e.chartType,
          title: e.title,
          categories: e.categories.slice(0, 24),
          series: e.series.map((x) => ({ name: x.name, values: x.values.slice(0, 24), ...(x.color ? { color: x.color } : {}) })),
          legend: e.showLegend,
          showValues: e.showValues,
          ...(e.xAxisTitle ? { xAxisTitle: e.xAxisTitle } : {}),
          ...(e.yAxisTitle ? { yAxisTitle: e.yAxisTitle } : {}),
          ...box,
        };
      }
      if (e.kind === 'table') return { kind: 'table', rows: e.rows.slice(0, 12), ...(e.rows.length > 12 ? { moreRows: e.rows.length - 12 } : {}), ...(e.colWidths ? { colWidths: e.colWidths } : {}), ...box };
      if (e.kind === 'text') return { kind: 'text', text: e.paragraphs.map((p) => (p.bullet ? '- ' : '') + p.runs.map((r) => r.text).join('')).join('\n').slice(0, 500), ...(e.fontSize ? { fontSize: e.fontSize } : {}), ...box };
      if (e.kind === 'image') return { kind: 'image', alt: e.alt ?? '', ...box };
      return { kind: 'shape', shape: e.shape, text: e.text ?? '', ...box };
    }),
    ...(s.notes ? { notes: s.notes } : {}),
  };
}

export function deckTools(state: DeckState): AgentToolSet {
  const slides = () => state.deck.slides;
  const done = <T extends Record<string, unknown>>(x: T): T => {
    state.changes++;
    return x;
  };
  return {
    set_deck_properties: defineTool(
      'Set the deck title and theme: colours "#RRGGBB", fonts.',
      z.object({ title: z.string().optional(), primaryColor: z.string().optional(), accentColor: z.string().optional(), headingFont: z.string().optional(), bodyFont: z.string().optional() }),
      (p) => {
        const d = state.deck;
        const next = deckSchema.parse({
          ...d,
          ...(p.title !== undefined ? { title: p.title } : {}),
          theme: {
            ...d.theme,
            ...(p.headingFont ? { headingFont: p.headingFont } : {}),
            ...(p.bodyFont ? { bodyFont: p.bodyFont } : {}),
            colors: { ...d.theme.colors, ...(p.primaryColor ? { primary: p.primaryColor } : {}), ...(p.accentColor ? { accent: p.accentColor } : {}) },
          },
        });
        state.deck = next;
        return done({ title: next.title ?? null });
      },
    ),
    add_slides: defineTool(
      `Add slides (at the end, or from a 1-based position). At most ${MAX_SLIDES_PER_CALL} new slides per task.`,
      z.object({ slides: z.array(newSlideInput).min(1).max(MAX_SLIDES_PER_CALL), position: z.number().int().min(1).optional() }),
      ({ slides: input, position }) => {
        if (state.added + input.length > MAX_SLIDES_PER_CALL) {
          throw new ToolUseError(`at most ${MAX_SLIDES_PER_CALL} new slides per task (${state.added} added so far); continue in a follow-up task`);
        }
        const made: Slide[] = [];
        for (const c of input) {
          const id = nextId({ ...state, deck: { ...state.deck, slides: [...slides(), ...made] } });
          made.push(applyContent(state, { id, layout: 'title-bullets', elements: [] }, c));
        }
        const at = Math.min((position ?? slides().length + 1) - 1, slides().length);
        slides().splice(at, 0, ...made);
        state.added += made.length;
        return done({ added: made.map((s) => s.id), slides: slides().length });
      },
    ),
    update_slide: defineTool(
      'Change a slide: given fields replace the old (send a whole chart); removeVisuals drops charts/tables/images; position moves it (1-based).',
      z.object({ id: z.string().min(1), ...slideContent, removeVisuals: z.boolean().optional(), position: z.number().int().min(1).optional() }),
      ({ id, removeVisuals, position, ...c }) => {
        const { slide, index } = findSlide(state, id);
        const base = removeVisuals ? { ...slide, elements: slide.elements.filter((e) => !isFreeElement(e) && e.kind !== 'chart' && e.kind !== 'table' && e.kind !== 'image') } : slide;
        const changed = Object.values(c).some((v) => v !== undefined) || removeVisuals ? applyContent(state, base, c) : slide;
        slides().splice(index, 1);
        const at = position === undefined ? index : Math.min(position - 1, slides().length);
        slides().splice(at, 0, changed);
        return done({ id: slide.id, ...(position === undefined ? {} : { position: at + 1 }) });
      },
      { sameAs: { tool: 'add_slides', properties: ['layout', 'columns', 'chart', 'table'] } },
    ),
    set_free_elements: defineTool(
      'Set the free text boxes, shapes and images (imageId) of a slide, in inches (13.33 × 7.5), beside its layout; [] removes them.',
      freeElementsInput,
      ({ id, elements }) => {
        const { slide, index } = findSlide(state, id);
        const made = elements.map((f) => freeElement(state, f));
        slides()[index] = slideSchema.parse({ ...slide, elements: [...slide.elements.filter((e) => !isFreeElement(e)), ...made] });
        return done({ id: slide.id, elements: made.length });
      },
    ),
    delete_slide: defineTool('Delete a slide.', z.object({ id: z.string().min(1) }), ({ id }) => {
      const { slide, index } = findSlide(state, id);
      slides().splice(index, 1);
      return done({ deleted: slide.id, slides: slides().length });
    }),
    read_slide: defineTool('Read a slide: content, chart data, table, notes.', z.object({ id: z.string().min(1) }), ({ id }) => {
      const { slide, index } = findSlide(state, id);
      return compactSlide(slide, index + 1);
    }),
    list_slides: defineTool('List slides: id, position, layout, title.', z.object({}), () => ({
      slides: slides().map((s, i) => ({ id: s.id, position: i + 1, layout: s.layout, title: s.title ?? '' })),
    })),
  };
}
