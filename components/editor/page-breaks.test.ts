// The page view's layout: blocks that do not fit move to the next page, paragraphs split between
// lines (the widget at the first line of the next page), headings keep with the next line,
// explicit breaks, blocks taller than a page run on.
import { describe, expect, it } from 'vitest';
import { layoutPages, type BlockLine, type LayoutBlock } from './page-breaks';

/** A paragraph of n lines of 20 px at pos, 10 px space after. */
function para(pos: number, n: number): LayoutBlock {
  const lines: BlockLine[] = Array.from({ length: n }, (_, k) => ({ pos: pos + 1 + k * 50, top: k * 20, bottom: (k + 1) * 20, inline: { left: 0, right: 0 } }));
  return { pos, heightPx: n * 20 + 10, pageBreak: false, lines: () => lines };
}
const block = (pos: number, heightPx: number, extra: Partial<LayoutBlock> = {}): LayoutBlock => ({ pos, heightPx, pageBreak: false, ...extra });

describe('layoutPages', () => {
  it('splits a paragraph at the first line that does not fit; the rest continues on the next page', () => {
    // page of 100 px: 60 px used, a 5-line paragraph (110 px): two lines fit (40 px), three go on
    const r = layoutPages([block(0, 60), para(10, 5)], 100);
    expect(r.breaks).toEqual([{ pos: 10 + 1 + 2 * 50, fillPx: 0, explicit: false, inline: { left: 0, right: 0 } }]);
    expect(r.pages).toBe(2);
    expect(r.lastFillPx).toBe(100 - (110 - 40));
  });

  it('a paragraph longer than two pages is split twice', () => {
    const r = layoutPages([para(0, 12)], 100);
    expect(r.breaks.map((b) => b.pos)).toEqual([1 + 5 * 50, 1 + 10 * 50]);
    expect(r.pages).toBe(3);
  });

  it('moves the whole block when not even its first line fits, and blocks that cannot split', () => {
    expect(layoutPages([block(0, 90), para(10, 3)], 100).breaks).toEqual([{ pos: 10, fillPx: 10, explicit: false }]);
    expect(layoutPages([block(0, 60), block(10, 50)], 100).breaks).toEqual([{ pos: 10, fillPx: 40, explicit: false }]);
  });

  it('a heading moves with the first line of the next paragraph', () => {
    // 70 used, heading 20 → 90; the next paragraph's first line (20) would not fit: the heading moves
    const r = layoutPages([block(0, 70), block(5, 20, { keepNext: true }), para(10, 3)], 100);
    expect(r.breaks[0]).toEqual({ pos: 5, fillPx: 30, explicit: false });
    // with room for one line the heading stays and the paragraph splits after its first line
    const s = layoutPages([block(0, 50), block(5, 20, { keepNext: true }), para(10, 3)], 100);
    expect(s.breaks[0]).toMatchObject({ pos: 10 + 1 + 50, inline: { left: 0, right: 0 } });
  });

  it('explicit page breaks and a table taller than a page', () => {
    const r = layoutPages([block(0, 30), block(5, 2, { pageBreak: true }), block(10, 250)], 100);
    expect(r.breaks).toEqual([{ pos: 10, fillPx: 68, explicit: true }]);
    expect(r.pages).toBe(4);
    expect(r.lastFillPx).toBe(50);
  });
});
