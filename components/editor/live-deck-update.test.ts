// The slide editor taking a newer deck in place: the person's undo history keeps working and takes
// back only the person's own steps (merged onto the newer deck; a step the others changed since is
// dropped), their unsaved edits stay on top of the newer deck (the same deck the server stores when
// it applies their pending ops to that version), and the shown slide / selection follow by id.
// Real decks (parseDeck), the server's own op applier (what a save does).
import { describe, expect, it } from 'vitest';
import { parseDeck, type Deck, type Slide, type SlideElement } from '@/server/documents/deck/schema';
import { applyDeckOps } from '@/server/editor/apply-deck-ops';
import { diffDecks } from './deck-diff';
import { DeckHistory, followElement, followSlide, redoStep, shareUnchanged, undoStep, withUnsaved } from './live-deck-update';

const start = (): Deck =>
  parseDeck({
    title: 'Deck',
    slides: [
      { id: 's1', layout: 'title', title: 'Welcome', subtitle: 'Intro' },
      { id: 's2', layout: 'title-bullets', title: 'Agenda', bullets: ['One', 'Two', 'Three'] },
      { id: 's3', layout: 'title-bullets', title: 'Plan', bullets: ['Ship'], notes: 'say hi' },
      { id: 's4', layout: 'section', title: 'The end' },
    ],
  });

const textBox = (text: string, x = 1): SlideElement => ({
  kind: 'text',
  x,
  y: 2,
  w: 5,
  h: 1.2,
  valign: 'top',
  paragraphs: [{ runs: [{ text }], level: 0 }],
});

/** A slide of `d` changed by `fn` (a new deck, the others shared: what the editor does). */
const onSlide = (d: Deck, id: string, fn: (s: Slide) => Slide): Deck => ({ ...d, slides: d.slides.map((s) => (s.id === id ? fn(s) : s)) });
const slideOf = (d: Deck, id: string) => d.slides.find((s) => s.id === id)!;
/** What the server stores when `ops` (an editor's save) are applied to `stored`. */
const save = (stored: Deck, from: Deck, to: Deck) => parseDeck(applyDeckOps(stored, diffDecks(from, to)));
const ok = (r: ReturnType<typeof undoStep> | null): Deck => {
  if (!r?.ok) throw new Error(`expected a deck, got ${JSON.stringify(r)}`);
  return r.deck;
};

describe('undo and redo across a newer version', () => {
  it('without changes from others, undo and redo give exactly the snapshots (the same objects)', () => {
    const h = new DeckHistory();
    const d0 = start();
    const d1 = onSlide(d0, 's3', (s) => ({ ...s, elements: [textBox('Mine')] }));
    h.record(d0, d1, 'add', 0);
    expect(ok(h.travel('undo', d1))).toBe(d0);
    expect(ok(h.travel('redo', d0))).toBe(d1);
    expect(h.past).toHaveLength(1);
    expect(h.future).toHaveLength(0);
  });

  it("Ctrl+Z after B changed slide 1's title takes back A's own move only; B's title stays; redo moves it again", () => {
    const h = new DeckHistory();
    const d0 = start();
    // A: adds a text box on slide 3 (one step), then nudges it right three times (one step: a burst)
    const d1 = onSlide(d0, 's3', (s) => ({ ...s, elements: [textBox('Mine', 1)] }));
    h.record(d0, d1, 'add:1', 0);
    let shown = d1;
    for (const [i, x] of [1.1, 1.2, 1.3].entries()) {
      const next = onSlide(shown, 's3', (s) => ({ ...s, elements: [{ ...s.elements[0]!, x }] }));
      h.record(shown, next, 'nudge:s3:0', 100 + i * 100);
      shown = next;
    }
    expect(h.past).toHaveLength(2);
    // B's save: slide 1's title; A takes the newer version (stored = A's saved deck + B's title)
    const stored = save(shown, shown, onSlide(shown, 's1', (s) => ({ ...s, title: 'From B' })));
    h.breakBurst();
    shown = shareUnchanged(shown, stored);
    expect(slideOf(shown, 's1').title).toBe('From B');

    const undone = ok(h.travel('undo', shown));
    expect(slideOf(undone, 's1').title).toBe('From B');
    expect((slideOf(undone, 's3').elements[0] as { x: number }).x).toBe(1);
    expect(slideOf(undone, 's3').elements).toHaveLength(1);
    // A's save of the undo (ops against the shown deck) onto what is stored: B's title, A's move gone
    const afterSave = save(stored, shown, undone);
    expect(slideOf(afterSave, 's1').title).toBe('From B');
    expect((slideOf(afterSave, 's3').elements[0] as { x: number }).x).toBe(1);

    // the step before: the text box goes, B's title still stays
    const undone2 = ok(h.travel('undo', undone));
    expect(slideOf(undone2, 's3').elements).toEqual([]);
    expect(slideOf(undone2, 's1').title).toBe('From B');
    // B again (slide 2's notes), then redo twice: A's steps come back on top of both of B's changes
    const again = onSlide(undone2, 's2', (s) => ({ ...s, notes: 'B notes' }));
    const redone = ok(h.travel('redo', ok(h.travel('redo', again))));
    expect(redone).toEqual(onSlide(shown, 's2', (s) => ({ ...s, notes: 'B notes' })));
    expect(h.past).toHaveLength(2);
    expect(h.future).toHaveLength(0);
  });

  it("the others' change to another field of the same element stays (A moved the box, B typed in it)", () => {
    const d0 = onSlide(start(), 's3', (s) => ({ ...s, elements: [textBox('Draft', 1)] }));
    const d1 = onSlide(d0, 's3', (s) => ({ ...s, elements: [{ ...s.elements[0]!, x: 3 }] }));
    const theirs = onSlide(d1, 's3', (s) => ({ ...s, elements: [{ ...s.elements[0]!, paragraphs: [{ runs: [{ text: 'Final' }], level: 0 }] } as SlideElement] }));
    const undone = ok(undoStep(theirs, { before: d0, after: d1 }));
    const el = slideOf(undone, 's3').elements[0] as { x: number; paragraphs: Array<{ runs: Array<{ text: string }> }> };
    expect(el.x).toBe(1);
    expect(el.paragraphs[0]!.runs[0]!.text).toBe('Final');
  });

  it('a slide A deleted comes back in its place; a slide B inserted meanwhile stays', () => {
    const d0 = start();
    const d1 = { ...d0, slides: d0.slides.filter((s) => s.id !== 's2') };
    const theirs = { ...d1, slides: [...d1.slides, { id: 'b1', layout: 'section', title: 'B added', elements: [] } as Slide] };
    const undone = ok(undoStep(theirs, { before: d0, after: d1 }));
    expect(undone.slides.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4', 'b1']);
    expect(slideOf(undone, 's2')).toEqual(slideOf(d0, 's2'));
  });

  it('a step whose part the others changed since is dropped, not forced; the step before it still undoes', () => {
    const h = new DeckHistory();
    const d0 = start();
    const d1 = onSlide(d0, 's2', (s) => ({ ...s, notes: 'mine' }));
    h.record(d0, d1, 'notes', 0);
    const d2 = onSlide(d1, 's4', (s) => ({ ...s, title: 'A end' }));
    h.record(d1, d2, 'title', 5_000);
    // B changed the same title A's last step changed
    const theirs = onSlide(d2, 's4', (s) => ({ ...s, title: 'B end' }));
    const r = h.travel('undo', theirs);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.conflicts[0]!.label).toMatch(/Slide 4/);
    expect(h.past).toHaveLength(1);
    expect(h.future).toHaveLength(0);
    const undone = ok(h.travel('undo', theirs));
    expect(slideOf(undone, 's2').notes).toBeUndefined();
    expect(slideOf(undone, 's4').title).toBe('B end');
  });

  it('a slide A edited and B deleted: the undo conflicts (the step is dropped)', () => {
    const d0 = start();
    const d1 = onSlide(d0, 's3', (s) => ({ ...s, title: 'Plan B' }));
    const theirs = { ...d1, slides: d1.slides.filter((s) => s.id !== 's3') };
    expect(undoStep(theirs, { before: d0, after: d1 }).ok).toBe(false);
    expect(redoStep(theirs, { before: d0, after: d1 }).ok).toBe(false);
  });
});

describe('unsaved edits and a newer version', () => {
  it("edits the newer version does not hold stay on top of it: the editor shows what the server stores once they are saved", () => {
    const base = start();
    // A's edits handed over after the session fetched the newer version: a text box and a bullet
    const mine = onSlide(
      onSlide(base, 's3', (s) => ({ ...s, elements: [textBox('Pending')] })),
      's2',
      (s) => ({ ...s, bullets: ['One', 'Two!', 'Three'] }),
    );
    // the newer version: B retitled slide 1 and deleted slide 4
    const remote = parseDeck({ ...base, slides: base.slides.filter((s) => s.id !== 's4').map((s) => (s.id === 's1' ? { ...s, title: 'From B' } : s)) });
    const shown = withUnsaved(remote, base, mine);
    expect(slideOf(shown, 's1').title).toBe('From B');
    expect(shown.slides.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(slideOf(shown, 's3').elements).toHaveLength(1);
    expect(slideOf(shown, 's2').bullets).toEqual(['One', 'Two!', 'Three']);
    // the pending save: the ops of A's edits (against A's old deck) applied to the newer version
    expect(parseDeck(shown)).toEqual(save(remote, base, mine));
  });

  it('nothing unsaved: the newer version as it is', () => {
    const base = start();
    const remote = onSlide(base, 's1', (s) => ({ ...s, title: 'From B' }));
    expect(withUnsaved(remote, base, base)).toBe(remote);
  });
});

describe('what stays shown', () => {
  it('the same slide by id; a deleted one gives its nearest surviving neighbour', () => {
    const prev = start();
    const inserted = { ...prev, slides: [{ id: 'n', layout: 'blank', elements: [] } as Slide, ...prev.slides] };
    expect(followSlide(prev, inserted, 2)).toBe(3);
    const deleted = { ...prev, slides: prev.slides.filter((s) => s.id !== 's3') };
    expect(followSlide(prev, deleted, 2)).toBe(2); // s4, now third
    const lastGone = { ...prev, slides: prev.slides.filter((s) => s.id !== 's4' && s.id !== 's3') };
    expect(followSlide(prev, lastGone, 3)).toBe(1); // s2
  });

  it('the selected element while it is there; found again when others added one before it', () => {
    const a = textBox('A');
    const b = textBox('B', 4);
    const prev: Slide = { id: 'x', layout: 'blank', elements: [a, b] };
    expect(followElement(prev, { ...prev, elements: [a, { ...b, x: 5 }] }, 1)).toBe(1);
    expect(followElement(prev, { ...prev, elements: [textBox('new'), a, b] }, 1)).toBe(2);
    expect(followElement(prev, { ...prev, elements: [a] }, 1)).toBeNull();
    expect(followElement(prev, prev, null)).toBeNull();
  });

  it('unchanged slides keep their objects (thumbnails and the shown slide do not redraw)', () => {
    const prev = start();
    const json = JSON.parse(JSON.stringify(prev)) as Deck;
    expect(shareUnchanged(prev, json)).toBe(prev);
    const changed = JSON.parse(JSON.stringify(onSlide(prev, 's2', (s) => ({ ...s, title: 'New' })))) as Deck;
    const shared = shareUnchanged(prev, changed);
    expect(shared.slides[0]).toBe(prev.slides[0]);
    expect(shared.slides[1]).not.toBe(prev.slides[1]);
    expect(shared.slides[1]!.title).toBe('New');
    expect(shared.theme).toBe(prev.theme);
  });
});
