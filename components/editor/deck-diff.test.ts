// The ops the slide editor sends, applied by the server, give exactly the deck the editor shows; and
// pending ops merge without losing order.
import { describe, expect, it } from 'vitest';
import { LAYOUTS, parseDeck, type Deck } from '@/server/documents/deck/schema';
import { applyDeckOps } from '@/server/editor/apply-deck-ops';
import { deckEditSchema } from '@/server/editor/schemas';
import { diffDecks } from './deck-diff';
import { mergeEdits } from './merge-edits';
import { SLIDE_LAYOUTS } from './slide-dialogs';

const deck = (): Deck =>
  parseDeck({
    slides: [
      { id: 'a', layout: 'title', title: 'A' },
      { id: 'b', layout: 'title-bullets', title: 'B', bullets: ['1', '2'] },
      {
        id: 'c',
        layout: 'table',
        elements: [
          { kind: 'table', rows: [['x', 'y']] },
          { kind: 'shape', shape: 'rect', text: 's' },
        ],
      },
    ],
  });

function roundTrip(a: Deck, b: Deck) {
  const ops = diffDecks(a, b);
  expect(deckEditSchema.safeParse({ kind: 'deck', ops: ops.length ? ops : undefined }).success).toBe(true);
  expect(parseDeck(applyDeckOps(a, ops))).toEqual(parseDeck(b));
  return ops;
}

describe('diffDecks', () => {
  it('sends nothing for an unchanged deck', () => {
    const a = deck();
    expect(diffDecks(a, { ...a })).toEqual([]);
  });

  it('insert, delete, move, field and element changes replay to the same deck', () => {
    const a = deck();
    const [s0, s1, s2] = a.slides as [Deck['slides'][0], Deck['slides'][0], Deck['slides'][0]];
    const b: Deck = {
      ...a,
      slides: [
        { ...s2, title: 'New title', elements: [{ ...s2.elements[0]!, x: 2, y: 3 }, s2.elements[1]!] },
        { id: 'n', layout: 'blank', elements: [] },
        { ...s1, bullets: ['1', 'x', '2'], subtitle: undefined },
      ],
    };
    void s0;
    const ops = roundTrip(a, b);
    expect(ops.map((o) => o.op)).toEqual([
      'deleteSlide',
      'moveSlide',
      'insertSlide',
      'updateSlide',
      'setElement',
      'updateSlide',
    ]);
    // undo = the diff back
    roundTrip(b, a);
  });

  it('element count changes send the slide’s elements', () => {
    const a = deck();
    const b: Deck = { ...a, slides: a.slides.map((s) => (s.id === 'c' ? { ...s, elements: [s.elements[1]!] } : s)) };
    expect(roundTrip(a, b).map((o) => o.op)).toEqual(['setElements']);
  });

  it('pending ops merge in order, a burst of sets of one element keeps the last', () => {
    const a = deck();
    let b = a;
    let pending = null as ReturnType<typeof mergeEdits> | null;
    for (const t of ['s1', 's12', 's123']) {
      const next: Deck = {
        ...b,
        slides: b.slides.map((s) =>
          s.id === 'c' ? { ...s, elements: [s.elements[0]!, { kind: 'shape', shape: 'rect', text: t }] } : s,
        ),
      };
      pending = mergeEdits(pending, { kind: 'deck', ops: diffDecks(b, next) });
      b = next;
    }
    const next: Deck = { ...b, slides: [...b.slides, { id: 'z', layout: 'blank', elements: [] }] };
    pending = mergeEdits(pending, { kind: 'deck', ops: diffDecks(b, next) });
    expect(pending.kind === 'deck' && pending.ops?.map((o) => o.op)).toEqual(['setElement', 'insertSlide']);
    expect(parseDeck(applyDeckOps(a, pending.kind === 'deck' ? pending.ops! : []))).toEqual(parseDeck(next));
  });
});

describe('the layout picker', () => {
  it('offers every layout of the deck model, in its order', () => {
    expect(SLIDE_LAYOUTS).toEqual([...LAYOUTS]);
  });
});
