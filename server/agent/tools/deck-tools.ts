/** Tools over the deck model (server/documents/deck): add / update / move / delete / read slides. */
import { z } from 'zod';
import { toDataUrl } from '@/server/documents/common/image-data';
import {
  chartElementSchema,
  deckSchema,
  LAYOUTS,
  MAX_SLIDES_PER_CALL,
  parseDeck,
  slideSchema,
  tableElementSchema,
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

const chartInput = z.object({
  type: z.enum(['bar', 'column', 'line', 'pie', 'doughnut', 'area', 'scatter']),
  title: z.string().optional(),
  categories: z.array(z.union([z.string(), z.number()])).min(1).max(500),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number()).min(1).max(500) })).min(1).max(20),
});
const tableInput = z.object({ rows: z.array(z.array(z.union([z.string(), z.number()]))).min(1).max(60), headerRow: z.boolean().default(true) });
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
  columns: columnsInput.optional().describe('two-column layout'),
  chart: chartInput.optional(),
  table: tableInput.optional(),
  imageId: z.string().optional().describe('id of an attached image'),
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

/** Applies content to a slide; the visual elements (chart/table/image) replace those of the same kind. */
function applyContent(state: DeckState, base: Slide, c: Partial<SlideContent>): Slide {
  const s: Slide = { ...base, elements: [...base.elements] };
  if (c.title !== undefined) s.title = c.title;
  if (c.subtitle !== undefined) s.subtitle = c.subtitle;
  if (c.bullets !== undefined) s.bullets = toBullets(c.bullets);
  if (c.columns !== undefined) s.columns = c.columns.map((col) => ({ ...col, bullets: toBullets(col.bullets) }));
  if (c.notes !== undefined) s.notes = c.notes;
  const replace = (kind: SlideElement['kind'], el: SlideElement) => {
    s.elements = [...s.elements.filter((e) => e.kind !== kind), el];
  };
  if (c.chart) replace('chart', chartElementSchema.parse({ kind: 'chart', chartType: c.chart.type, ...(c.chart.title ? { title: c.chart.title } : {}), categories: c.chart.categories, series: c.chart.series }));
  if (c.table) replace('table', tableElementSchema.parse({ kind: 'table', rows: c.table.rows, headerRow: c.table.headerRow }));
  if (c.imageId) replace('image', imageElement(state, c.imageId, s.title));
  s.layout = c.layout ?? (c.chart ? 'chart' : c.table ? 'table' : c.imageId ? 'image' : c.columns ? 'two-column' : base.layout);
  return slideSchema.parse(s);
}

function compactSlide(s: Slide, position: number): Record<string, unknown> {
  return {
    id: s.id,
    position,
    layout: s.layout,
    ...(s.title ? { title: s.title } : {}),
    ...(s.subtitle ? { subtitle: s.subtitle } : {}),
    ...(s.bullets?.length ? { bullets: s.bullets } : {}),
    ...(s.columns?.length ? { columns: s.columns } : {}),
    elements: s.elements.map((e) =>
      e.kind === 'chart'
        ? { kind: 'chart', type: e.chartType, title: e.title, categories: e.categories.slice(0, 24), series: e.series.map((x) => ({ name: x.name, values: x.values.slice(0, 24) })) }
        : e.kind === 'table'
          ? { kind: 'table', rows: e.rows.slice(0, 12), ...(e.rows.length > 12 ? { moreRows: e.rows.length - 12 } : {}) }
          : e.kind === 'text'
            ? { kind: 'text', text: e.paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join('\n').slice(0, 500) }
            : e.kind === 'image'
              ? { kind: 'image', alt: e.alt ?? '' }
              : { kind: 'shape', shape: e.shape, text: e.text ?? '' },
    ),
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
      'Set the deck title and theme (primary/accent colours "#RRGGBB", fonts).',
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
      'Change a slide: given fields replace the old ones (a chart replaces the whole chart: send all categories and series); removeVisuals drops charts/tables/images.',
      z.object({ id: z.string().min(1), ...slideContent, removeVisuals: z.boolean().optional() }),
      ({ id, removeVisuals, ...c }) => {
        const { slide, index } = findSlide(state, id);
        const base = removeVisuals ? { ...slide, elements: slide.elements.filter((e) => e.kind !== 'chart' && e.kind !== 'table' && e.kind !== 'image') } : slide;
        slides()[index] = applyContent(state, base, c);
        return done({ id: slide.id });
      },
    ),
    move_slide: defineTool('Move a slide to a 1-based position.', z.object({ id: z.string().min(1), position: z.number().int().min(1) }), ({ id, position }) => {
      const { slide, index } = findSlide(state, id);
      slides().splice(index, 1);
      const at = Math.min(position - 1, slides().length);
      slides().splice(at, 0, slide);
      return done({ id: slide.id, position: at + 1 });
    }),
    delete_slide: defineTool('Delete a slide.', z.object({ id: z.string().min(1) }), ({ id }) => {
      const { slide, index } = findSlide(state, id);
      slides().splice(index, 1);
      return done({ deleted: slide.id, slides: slides().length });
    }),
    read_slide: defineTool('Read a slide (content, chart data, table rows, notes).', z.object({ id: z.string().min(1) }), ({ id }) => {
      const { slide, index } = findSlide(state, id);
      return compactSlide(slide, index + 1);
    }),
    list_slides: defineTool('List slides (id, position, layout, title).', z.object({}), () => ({
      slides: slides().map((s, i) => ({ id: s.id, position: i + 1, layout: s.layout, title: s.title ?? '' })),
    })),
  };
}
