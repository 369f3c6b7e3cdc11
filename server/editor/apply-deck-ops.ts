// Applies the slide editor's structural operations (server/editor/schemas.ts deckOpSchema) onto a
// deck model, in order: insert / delete / move slides, set slide fields, replace elements. Slides are
// found by id; a missing slide, a duplicate id or an image that is not a readable PNG/JPEG/GIF is a
// 4xx and nothing is written.
import 'server-only';
import { badRequest } from '../http/api-error';
import { checkEditorImage } from './check-editor-image';
import type { Deck, Slide, SlideElement } from '../documents/deck/schema';
import type { DeckOp } from './schemas';

function checkImage(src: string, known: Set<string>, where: string): void {
  if (known.has(src)) return; // already in the deck (e.g. an image that is moved)
  const m = /^data:(image\/(?:png|jpeg|gif));base64,([A-Za-z0-9+/=\s]*)$/.exec(src);
  if (!m) throw badRequest(`${where}: an image must be a data: URL of a PNG, JPEG or GIF image`, { path: where });
  // the checks of an uploaded editor image: type from the bytes, size, pixels from the header (413 / 415 / 422)
  checkEditorImage(Buffer.from(m[2]!, 'base64'));
}

function checkElements(elements: SlideElement[], known: Set<string>, where: string): void {
  elements.forEach((el, i) => {
    if (el.kind === 'image') checkImage(el.src, known, `${where}.elements.${i}.src`);
    if (
      el.kind === 'chart' &&
      el.chartType !== 'scatter' &&
      el.series.some((s) => s.values.length !== el.categories.length)
    ) {
      throw badRequest(`${where}.elements.${i}: every series needs one value per category (${el.categories.length})`, {
        path: `${where}.elements.${i}`,
      });
    }
  });
}

export function applyDeckOps(deck: Deck, ops: DeckOp[]): Deck {
  const known = new Set<string>();
  for (const s of deck.slides) for (const el of s.elements) if (el.kind === 'image') known.add(el.src);
  let slides: Slide[] = [...deck.slides];
  const find = (id: string, where: string) => {
    const i = slides.findIndex((s) => s.id === id);
    if (i < 0) throw badRequest(`${where}: there is no slide "${id}"`, { path: where });
    return i;
  };
  const afterIndex = (after: string | null, where: string) => (after === null ? 0 : find(after, `${where}.after`) + 1);
  ops.forEach((op, n) => {
    const where = `edit.ops.${n}`;
    switch (op.op) {
      case 'insertSlide': {
        if (slides.some((s) => s.id === op.slide.id))
          throw badRequest(`${where}: a slide "${op.slide.id}" exists already`, { path: `${where}.slide.id` });
        checkElements(op.slide.elements, known, `${where}.slide`);
        const at = afterIndex(op.after, where);
        slides = [...slides.slice(0, at), op.slide, ...slides.slice(at)];
        return;
      }
      case 'deleteSlide': {
        const i = find(op.id, `${where}.id`);
        if (slides.length === 1) throw badRequest(`${where}: a deck keeps at least one slide`, { path: where });
        slides = slides.filter((_, j) => j !== i);
        return;
      }
      case 'moveSlide': {
        const i = find(op.id, `${where}.id`);
        if (op.after === op.id)
          throw badRequest(`${where}: a slide cannot go after itself`, { path: `${where}.after` });
        const moved = slides[i]!;
        slides = slides.filter((_, j) => j !== i);
        const at = afterIndex(op.after, where);
        slides = [...slides.slice(0, at), moved, ...slides.slice(at)];
        return;
      }
      case 'updateSlide': {
        const i = find(op.id, `${where}.id`);
        const next: Record<string, unknown> = { ...slides[i]! };
        for (const [k, v] of Object.entries(op.set)) {
          if (v === undefined) continue;
          if (v === null) delete next[k];
          else next[k] = v;
        }
        // a title or subtitle set without its runs loses the old formatting (runs given are checked on save)
        if (op.set.title !== undefined && op.set.titleRuns === undefined) delete next.titleRuns;
        if (op.set.subtitle !== undefined && op.set.subtitleRuns === undefined) delete next.subtitleRuns;
        slides = slides.map((s, j) => (j === i ? (next as Slide) : s));
        return;
      }
      case 'setElement': {
        const i = find(op.slide, `${where}.slide`);
        const slide = slides[i]!;
        if (op.index >= slide.elements.length)
          throw badRequest(`${where}: slide "${op.slide}" has no element ${op.index}`, { path: `${where}.index` });
        if (slide.elements[op.index]!.kind !== op.element.kind) {
          throw badRequest(
            `${where}: element ${op.index} of slide "${op.slide}" is a ${slide.elements[op.index]!.kind}, not a ${op.element.kind}`,
            { path: `${where}.element.kind` },
          );
        }
        checkElements([op.element], known, `${where}`);
        slides = slides.map((s, j) =>
          j === i ? { ...s, elements: s.elements.map((e, k) => (k === op.index ? op.element : e)) } : s,
        );
        return;
      }
      case 'setElements': {
        const i = find(op.slide, `${where}.slide`);
        checkElements(op.elements, known, where);
        slides = slides.map((s, j) => (j === i ? { ...s, elements: op.elements } : s));
        return;
      }
    }
  });
  return { ...deck, slides };
}
