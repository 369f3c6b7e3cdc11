// A newer deck taken by the open slide editor in place (no remount), and the person's undo history
// kept working across it.
//
// History entries are (before, after) snapshots of one step of the person's. While nothing came
// from elsewhere, undo shows `before` as it always did. Once another viewer or the agent changed
// the deck, the shown deck is no longer `after`: undo is then the three-way deck merge (the same
// one the server merges saves with, lib/deck/merge-deck.ts) of base = the step's `after`, one side
// = the deck shown now (the step plus the others' changes) and the other side = the step's
// `before` (the step taken back). What the others changed lands untouched; only the step goes. A
// step whose parts the others changed since is a conflict: it is dropped, not forced. Redo is the
// same merge the other way (base = `before`, theirs = `after`).
//
// A newer version arriving while edits of the person are not in it yet (handed to the session after
// it fetched the version) keeps them: they are merged onto the newer deck (theirs win nothing: the
// person's pending edit is saved on top of that version anyway).
import type { Deck, Slide } from '@/server/documents/deck/schema';
import { mergeDeckModels } from '@/lib/deck/merge-deck';
import { sameValue, type Chooser, type MergeConflict } from '@/lib/merge/three-way-merge';

/** One undo step of the person's: the deck before it and after it. */
export interface DeckStep {
  before: Deck;
  after: Deck;
}

export type Applied = { ok: true; deck: Deck } | { ok: false; conflicts: MergeConflict[] };

const none: Chooser = () => undefined;

/**
 * The change `from` → `to` made on `current`: `to` itself when `current` is `from`, else the
 * three-way merge (base `from`, yours `current`, theirs `to`). `force`: a part both changed takes
 * `to` instead of failing.
 */
export function applyChange(current: Deck, from: Deck, to: Deck, force = false): Applied {
  if (current === from) return { ok: true, deck: to };
  const r = mergeDeckModels(from, current, to, force ? () => 'theirs' : none);
  if (r.conflicts.length) return { ok: false, conflicts: r.conflicts };
  return { ok: true, deck: shareUnchanged(current, r.value as unknown as Deck) };
}

/** A step taken back on the deck shown now (others' changes since stay). */
export const undoStep = (current: Deck, step: DeckStep): Applied => applyChange(current, step.after, step.before);
/** A step taken back redone on the deck shown now. */
export const redoStep = (current: Deck, step: DeckStep): Applied => applyChange(current, step.before, step.after);

/**
 * `next` with the slides (and theme) that did not change taken from `prev` as the same objects:
 * their thumbnails and the shown slide do not redraw, and the ops sent next stay minimal.
 */
export function shareUnchanged(prev: Deck, next: Deck): Deck {
  if (prev === next) return prev;
  const old = new Map(prev.slides.map((s) => [s.id, s] as const));
  let same = prev.slides.length === next.slides.length;
  const slides = next.slides.map((s, i) => {
    const o = old.get(s.id);
    const kept = o && (o === s || sameValue(o, s)) ? o : s;
    if (kept !== prev.slides[i]) same = false;
    return kept;
  });
  const theme = sameValue(prev.theme, next.theme) ? prev.theme : next.theme;
  const { slides: _a, theme: _b, ...restNext } = next;
  const { slides: _c, theme: _d, ...restPrev } = prev;
  void _a;
  void _b;
  void _c;
  void _d;
  if (same && theme === prev.theme && sameValue(restPrev, restNext)) return prev;
  return { ...next, theme, slides };
}

/**
 * A newer stored deck with the person's edits that it does not hold yet: `base` is the deck as of
 * the last edit the newer version includes, `current` the deck shown (base + the edits not saved
 * yet). Their edits win where both changed the same part (that is what their save will store).
 */
export function withUnsaved(remote: Deck, base: Deck, current: Deck): Deck {
  if (base === current) return remote;
  const r = applyChange(remote, base, current, true);
  return r.ok ? r.deck : remote;
}

/**
 * The person's undo history: steps of (before, after); changes with the same key less than
 * `burstMs` apart are one step (a typing burst). Undo and redo apply a step onto the deck shown now
 * (undoStep / redoStep); a step that conflicts with what others changed since is dropped.
 */
export class DeckHistory {
  past: DeckStep[] = [];
  future: DeckStep[] = [];
  private lastKey: string | null = null;
  private lastAt = 0;
  constructor(
    private readonly max = 200,
    private readonly burstMs = 1500,
  ) {}

  /** a change of the person's from `before` to `after` */
  record(before: Deck, after: Deck, key: string, now = Date.now()): void {
    const top = this.past[this.past.length - 1];
    if (top && key === this.lastKey && now - this.lastAt < this.burstMs) top.after = after;
    else {
      this.past.push({ before, after });
      if (this.past.length > this.max) this.past.shift();
    }
    this.future = [];
    this.lastKey = key;
    this.lastAt = now;
  }

  /** the next change starts a new step (after an undo, or someone else's change) */
  breakBurst(): void {
    this.lastKey = null;
  }

  /**
   * Undo or redo onto `current`: the deck to show, or the conflicts of the step (then dropped);
   * null: nothing to undo / redo.
   */
  travel(dir: 'undo' | 'redo', current: Deck): Applied | null {
    const from = dir === 'undo' ? this.past : this.future;
    const to = dir === 'undo' ? this.future : this.past;
    const step = from.pop();
    if (!step) return null;
    this.lastKey = null;
    const r = dir === 'undo' ? undoStep(current, step) : redoStep(current, step);
    if (r.ok) to.push(dir === 'undo' ? { before: r.deck, after: current } : { before: current, after: r.deck });
    return r;
  }
}

/** The slide to show after an update: the same slide (by id); if it is gone, its nearest surviving neighbour. */
export function followSlide(prev: Deck, next: Deck, index: number): number {
  if (!next.slides.length) return 0;
  const at = new Map(next.slides.map((s, i) => [s.id, i] as const));
  const i = Math.max(0, Math.min(index, prev.slides.length - 1));
  for (let d = 0; d < prev.slides.length; d++) {
    for (const k of d ? [i + d, i - d] : [i]) {
      const id = prev.slides[k]?.id;
      if (id !== undefined && at.has(id)) return at.get(id)!;
    }
  }
  return Math.min(i, next.slides.length - 1);
}

/**
 * The selected element after an update (elements have no ids: by position): kept when the slide
 * still has an element of that kind there and the element list kept its length, else the same
 * element found unchanged elsewhere, else none.
 */
export function followElement(prev: Slide | undefined, next: Slide | undefined, selected: number | null): number | null {
  if (selected === null || !prev || !next) return null;
  const el = prev.elements[selected];
  if (!el) return null;
  if (prev.elements.length === next.elements.length && next.elements[selected]?.kind === el.kind) return selected;
  const same = next.elements.findIndex((e) => e === el || sameValue(e, el));
  return same >= 0 ? same : null;
}

/** What a conflict names, for the live region. */
export const conflictLabel = (c: MergeConflict[]): string => c[0]?.label ?? 'a part of the deck';
