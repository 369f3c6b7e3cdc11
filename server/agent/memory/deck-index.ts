/** Structural index of a deck for the run memory (slide ids, titles, layouts). */
import type { Deck } from '@/server/documents/deck/schema';
import type { DeckIndex } from '../types';

export function deckIndex(deck: Deck): DeckIndex {
  return {
    kind: 'deck',
    ...(deck.title ? { title: deck.title } : {}),
    slides: deck.slides.map((s) => ({ id: s.id, title: (s.title ?? '').slice(0, 80), layout: s.layout })),
  };
}
