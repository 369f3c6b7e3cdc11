// Applies editor changes (slide text, notes, element text, order, then the structural ops of
// apply-deck-ops.ts) onto the stored deck model;
// layouts, positions, charts, images and run formatting of untouched text are kept (a changed
// paragraph keeps the formatting of every run the change did not touch: lib/deck/edit-runs.ts).
import 'server-only';
import { badRequest } from '../http/api-error';
import type { Deck, Slide, SlideElement, SlideParagraph } from '../documents/deck/schema';
import { applyDeckOps } from './apply-deck-ops';
import { cleanRunText, editRuns, formatAt, runsText } from '@/lib/deck/edit-runs';
import { dropStaleRuns } from '@/lib/deck/layout-runs';
import type { DeckEdit } from './schemas';

/**
 * New paragraph texts onto old paragraphs: unchanged ones keep their runs, changed ones keep the
 * formatting of every untouched run (the difference of the texts is spliced into the runs); added
 * paragraphs take the last paragraph's settings and the formatting of its last run.
 */
function mergeParagraphs(old: SlideParagraph[], texts: string[]): SlideParagraph[] {
  return texts.map((text, i) => {
    const prev = old[i];
    if (prev) return { ...prev, runs: editRuns(prev.runs, text) };
    const last = old[old.length - 1];
    if (!last) return { runs: [{ text: cleanRunText(text) }], level: 0 };
    return { ...last, runs: [{ ...formatAt(last.runs, runsText(last.runs).length), text: cleanRunText(text) }] };
  });
}

function applyElement(
  el: SlideElement,
  e: NonNullable<NonNullable<DeckEdit['slides']>[number]['elements']>[number],
  where: string,
): SlideElement {
  if (e.paragraphs !== undefined) {
    if (el.kind !== 'text')
      throw badRequest(`${where}: paragraphs only apply to text elements (this one is ${el.kind})`);
    return { ...el, paragraphs: mergeParagraphs(el.paragraphs, e.paragraphs) };
  }
  if (e.text !== undefined) {
    if (el.kind !== 'shape') throw badRequest(`${where}: text only applies to shapes (this one is ${el.kind})`);
    return { ...el, text: e.text };
  }
  if (e.rows !== undefined) {
    if (el.kind !== 'table') throw badRequest(`${where}: rows only apply to tables (this one is ${el.kind})`);
    return { ...el, rows: e.rows };
  }
  return el;
}

export function applyDeckEdits(deck: Deck, edit: DeckEdit): Deck {
  const byId = new Map(deck.slides.map((s) => [s.id, s] as const));
  const slides = new Map<string, Slide>(byId);
  (edit.slides ?? []).forEach((se, i) => {
    const slide = slides.get(se.id);
    if (!slide) throw badRequest(`slides[${i}]: there is no slide "${se.id}"`, { path: `edit.slides.${i}.id` });
    const next: Slide = { ...slide };
    if (se.title !== undefined) next.title = se.title;
    if (se.subtitle !== undefined) next.subtitle = se.subtitle;
    if (se.bullets !== undefined) next.bullets = se.bullets;
    if (se.columns !== undefined)
      next.columns = se.columns.map((c, k) => {
        // the heading's formatting stays while its text does (dropped below when it changed)
        const runs = slide.columns?.[k]?.headingRuns;
        return { ...(c.heading !== undefined ? { heading: c.heading, ...(runs ? { headingRuns: runs } : {}) } : {}), bullets: c.bullets };
      });
    if (se.notes !== undefined) next.notes = se.notes;
    if (se.elements) {
      const elements = [...next.elements];
      se.elements.forEach((e, j) => {
        const el = elements[e.index];
        const where = `slides[${i}].elements[${j}]`;
        if (!el) throw badRequest(`${where}: slide "${se.id}" has no element ${e.index}`);
        elements[e.index] = applyElement(el, e, where);
      });
      next.elements = elements;
    }
    // text changed here has no runs: the formatting of a changed title, heading or cell goes
    slides.set(se.id, dropStaleRuns(next));
  });
  let order = deck.slides.map((s) => s.id);
  if (edit.order) {
    const given = new Set(edit.order);
    if (given.size !== edit.order.length || edit.order.length !== order.length || order.some((id) => !given.has(id))) {
      throw badRequest('order must list every slide id exactly once', { path: 'edit.order' });
    }
    order = edit.order;
  }
  const next = { ...deck, slides: order.map((id) => slides.get(id)!) };
  return edit.ops ? applyDeckOps(next, edit.ops) : next;
}
