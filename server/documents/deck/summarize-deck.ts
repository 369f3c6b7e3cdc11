/** Structural summary of a deck: slide ids, layouts, titles, and what each slide holds. */
import type { Deck } from './schema';

export interface DeckSummary {
  kind: 'deck';
  title?: string;
  slides: Array<{ index: number; id: string; layout: string; title?: string; bullets: number; elements: string[]; hasNotes: boolean }>;
  text: string;
}

export function summarizeDeck(deck: Deck): DeckSummary {
  const slides = deck.slides.map((s, i) => ({
    index: i + 1,
    id: s.id,
    layout: s.layout,
    ...(s.title ? { title: s.title } : {}),
    bullets: (s.bullets?.length ?? 0) + (s.columns ?? []).reduce((a, c) => a + c.bullets.length, 0),
    elements: s.elements.map((e) => (e.kind === 'chart' ? `chart:${e.chartType}` : e.kind === 'shape' ? `shape:${e.shape}` : e.kind)),
    hasNotes: !!s.notes,
  }));
  const text =
    `Deck${deck.title ? ` "${deck.title}"` : ''}: ${slides.length} slides\n` +
    slides
      .map((s) => `${s.index}. [${s.id}] ${s.layout}${s.title ? ` "${s.title}"` : ''}${s.bullets ? `, ${s.bullets} bullets` : ''}${s.elements.length ? `, ${s.elements.join(' ')}` : ''}${s.hasNotes ? ', notes' : ''}`)
      .join('\n');
  return { kind: 'deck', ...(deck.title ? { title: deck.title } : {}), slides, text };
}
