// Where a new table or chart goes on a slide that already has content: the first free box of the
// wanted size, scanning from the top right, measured from what the slide shows (text lines as the
// browser laid them out, not their full-width containers, and the elements' frames). PowerPoint
// drops a new object in the middle over whatever is there; here it covers nothing when there is room.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const STEP = 0.25;
const MARGIN = 0.5;
const TOP = 1.5; // below the title band
const GAP = 0.15;

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP && a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP;

/** Boxes (inches) of what `slide` (the rendered slide, `widthIn` inches wide) shows. */
export function occupiedBoxes(slide: HTMLElement, widthIn: number): Box[] {
  const r0 = slide.getBoundingClientRect();
  if (!r0.width) return [];
  const k = widthIn / r0.width;
  const toBox = (r: DOMRect): Box => ({ x: (r.left - r0.left) * k, y: (r.top - r0.top) * k, w: r.width * k, h: r.height * k });
  const out: Box[] = [];
  for (const f of slide.querySelectorAll<HTMLElement>('[data-element-frame]')) out.push(toBox(f.getBoundingClientRect()));
  const walker = slide.ownerDocument.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  const range = slide.ownerDocument.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent?.trim() || n.parentElement?.closest('[data-element-frame]')) continue;
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) if (r.width && r.height) out.push(toBox(r));
  }
  return out;
}

/**
 * A free box for an object of `w`×`h` inches (shrunk down to half that size when nothing fits),
 * rightmost and then highest first; null when the slide has no room (the caller centres it).
 */
export function freeBox(occupied: Box[], size: { w: number; h: number }, slide: { w: number; h: number }): Box | null {
  for (const f of [1, 0.85, 0.7, 0.5]) {
    const w = size.w * f;
    const h = size.h * f;
    for (let x = slide.w - MARGIN - w; x >= MARGIN - 1e-9; x -= STEP) {
      for (let y = TOP; y + h <= slide.h - MARGIN + 1e-9; y += STEP) {
        const b = { x, y, w, h };
        if (!occupied.some((o) => overlaps(b, o))) return { x: round(x), y: round(y), w: round(w), h: round(h) };
      }
    }
  }
  return null;
}

const round = (v: number) => Math.round(v * 100) / 100;
