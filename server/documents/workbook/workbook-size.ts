/**
 * How big a workbook is for whole-workbook checks on the request thread: a formula evaluation of
 * every cell takes about 3 µs a cell, so past REVIEW_MAX_CELLS the agent's per-write values and the
 * review inspection are left out rather than block the event loop for seconds.
 */
import type { Workbook } from './schema';

export const REVIEW_MAX_CELLS = 100_000;

/** Cells of the workbook, counted up to `stopAt` (then `stopAt` is returned). */
export function countCells(wb: Pick<Workbook, 'sheets'>, stopAt = Infinity): number {
  let n = 0;
  for (const sheet of wb.sheets) {
    for (const _ in sheet.cells) {
      if (++n >= stopAt) return stopAt;
    }
  }
  return n;
}

export function tooLargeToReview(wb: Pick<Workbook, 'sheets'>): boolean {
  return countCells(wb, REVIEW_MAX_CELLS + 1) > REVIEW_MAX_CELLS;
}
