import { describe, expect, it } from 'vitest';
import { countCells, REVIEW_MAX_CELLS, tooLargeToReview } from './workbook-size';

const sheetOf = (n: number) => ({ cells: Object.fromEntries(Array.from({ length: n }, (_, i) => [`A${i + 1}`, { value: i }])) });

describe('workbook size', () => {
  it('counts cells over all sheets, stopping early', () => {
    const wb = { sheets: [sheetOf(3), sheetOf(4)] } as never;
    expect(countCells(wb)).toBe(7);
    expect(countCells(wb, 5)).toBe(5);
  });

  it('a workbook past REVIEW_MAX_CELLS is too large to review', () => {
    expect(tooLargeToReview({ sheets: [sheetOf(REVIEW_MAX_CELLS)] } as never)).toBe(false);
    expect(tooLargeToReview({ sheets: [sheetOf(REVIEW_MAX_CELLS), sheetOf(1)] } as never)).toBe(true);
  });
});
