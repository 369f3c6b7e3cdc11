// The slide editor keeps the whole deck in memory (with its undo history) and sends the server the
// ops that turn the last deck it sent into the deck shown now: slides deleted, inserted, moved, slide
// fields set, elements replaced. Slides are named by id, elements by position.
import type { Deck, Slide } from '@/server/documents/deck/schema';
import type { DeckEdit } from './editor-types';

export type DeckOp = NonNullable<DeckEdit['ops']>[number];
type SlideFields = Extract<DeckOp, { op: 'updateSlide' }>['set'];

const FIELDS = ['layout', 'title', 'titleRuns', 'subtitle', 'subtitleRuns', 'bullets', 'columns', 'notes', 'background'] as const;

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

function slideOps(a: Slide, b: Slide): DeckOp[] {
  const ops: DeckOp[] = [];
  const set: SlideFields = {};
  for (const f of FIELDS) if (!same(a[f], b[f])) (set as Record<string, unknown>)[f] = b[f] === undefined ? null : b[f];
  if (Object.keys(set).length) ops.push({ op: 'updateSlide', id: b.id, set });
  if (a.elements !== b.elements) {
    if (a.elements.length !== b.elements.length || a.elements.some((e, i) => e.kind !== b.elements[i]!.kind))
      ops.push({ op: 'setElements', slide: b.id, elements: b.elements });
    else
      b.elements.forEach((e, i) => {
        if (e !== a.elements[i] && !same(e, a.elements[i]))
          ops.push({ op: 'setElement', slide: b.id, index: i, element: e });
      });
  }
  return ops;
}

export function diffDecks(a: Deck, b: Deck): DeckOp[] {
  const ops: DeckOp[] = [];
  const inB = new Set(b.slides.map((s) => s.id));
  const inA = new Map(a.slides.map((s) => [s.id, s] as const));
  const order = a.slides
    .map((s) => s.id)
    .filter((id) => {
      if (inB.has(id)) return true;
      ops.push({ op: 'deleteSlide', id });
      return false;
    });
  b.slides.forEach((s, i) => {
    const after = i === 0 ? null : b.slides[i - 1]!.id;
    if (!inA.has(s.id)) {
      ops.push({ op: 'insertSlide', slide: s, after });
      order.splice(i, 0, s.id);
    } else if (order[i] !== s.id) {
      ops.push({ op: 'moveSlide', id: s.id, after });
      order.splice(order.indexOf(s.id), 1);
      order.splice(i, 0, s.id);
    }
  });
  for (const s of b.slides) {
    const old = inA.get(s.id);
    if (old && old !== s) ops.push(...slideOps(old, s));
  }
  return ops;
}
