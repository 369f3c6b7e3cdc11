/**
 * Structural index of a deck for the run memory: slide ids, titles, layouts, and a line per visual
 * (chart, table, image, text box, shape). Small charts carry their data, so that a follow-up such as
 * "extend the chart on slide 7" can be written without a read_slide call first; the amount of data
 * is bounded per deck (beyond it, a chart line names its series and categories only).
 */
import type { Deck, SlideElement } from '@/server/documents/deck/schema';
import type { DeckIndex } from '../types';

/** Characters of chart data the index may carry for the whole deck. */
const CHART_DATA_BUDGET = 1500;
const MAX_INLINE_CATEGORIES = 24;
const MAX_INLINE_VALUES = 72;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const quote = (s: string, n: number) => JSON.stringify(clip(s.replace(/\s+/g, ' ').trim(), n));

function visualLine(e: SlideElement, budget: { left: number }): string {
  if (e.kind === 'chart') {
    const head = `chart ${e.chartType}${e.title ? ` ${quote(e.title, 60)}` : ''}`;
    const values = e.series.reduce((n, s) => n + s.values.length, 0);
    if (e.categories.length <= MAX_INLINE_CATEGORIES && values <= MAX_INLINE_VALUES) {
      const data = `categories ${JSON.stringify(e.categories)}; ${e.series.map((s) => `${quote(s.name, 40)} ${JSON.stringify(s.values)}`).join('; ')}`;
      if (data.length <= budget.left) {
        budget.left -= data.length;
        return `${head}: ${data}`;
      }
    }
    const first = String(e.categories[0] ?? '');
    const last = String(e.categories[e.categories.length - 1] ?? '');
    return `${head}: ${e.categories.length} categories ${quote(first, 20)}…${quote(last, 20)}; series ${e.series.map((s) => quote(s.name, 40)).join(', ')} (values: read_slide)`;
  }
  if (e.kind === 'table') {
    const header = (e.rows[0] ?? []).slice(0, 8).map((c) => clip(String(c).replace(/\s*\|\s*/g, ' / ').replace(/\s+/g, ' '), 24));
    const cols = Math.max(0, ...e.rows.map((r) => r.length));
    return `table ${e.rows.length}x${cols}: ${header.join(' | ')}${(e.rows[0]?.length ?? 0) > 8 ? ' | …' : ''}`;
  }
  if (e.kind === 'image') return `image${e.alt ? ` ${quote(e.alt, 40)}` : ''}`;
  if (e.kind === 'text') return `text ${quote(e.paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join(' '), 40)}`;
  return `shape ${e.shape}${e.text ? ` ${quote(e.text, 40)}` : ''}`;
}

export function deckIndex(deck: Deck): DeckIndex {
  const budget = { left: CHART_DATA_BUDGET };
  return {
    kind: 'deck',
    ...(deck.title ? { title: deck.title } : {}),
    slides: deck.slides.map((s) => {
      const visuals = s.elements.map((e) => visualLine(e, budget));
      return { id: s.id, title: (s.title ?? '').slice(0, 80), layout: s.layout, ...(visuals.length ? { visuals } : {}) };
    }),
  };
}
