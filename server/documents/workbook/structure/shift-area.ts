/**
 * Where a row/column span, a cell or an area goes when rows or columns are inserted or deleted,
 * following Excel: a span starting at or after the insertion point moves; one that contains it
 * grows; a deletion inside a span shrinks it; a span whose every row/column is deleted is gone.
 */
import { MAX_COLS, MAX_ROWS } from '../../../../lib/workbook/cell-ref';

export interface AxisEdit {
  /** the edited sheet */
  sheet: string;
  axis: 'row' | 'col';
  op: 'insert' | 'delete';
  /** first inserted / deleted row or column (1-based) */
  at: number;
  count: number;
}

export function axisMax(edit: AxisEdit): number {
  return edit.axis === 'row' ? MAX_ROWS : MAX_COLS;
}

/** New position of one row/column, or undefined when it is deleted or pushed off the sheet. */
export function shiftIndex(i: number, edit: AxisEdit): number | undefined {
  if (i < edit.at) return i;
  if (edit.op === 'insert') {
    const j = i + edit.count;
    return j > axisMax(edit) ? undefined : j;
  }
  if (i < edit.at + edit.count) return undefined;
  return i - edit.count;
}

/** New bounds of a span lo..hi, or undefined when every row/column of it is deleted (or pushed off). */
export function shiftSpan(lo: number, hi: number, edit: AxisEdit): [number, number] | undefined {
  const max = axisMax(edit);
  const { at, count } = edit;
  if (lo === 1 && hi === max) return [lo, hi]; // A1:A1048576 is the whole column: it stays
  if (edit.op === 'insert') {
    if (lo >= at) {
      if (lo + count > max) return undefined;
      return [lo + count, Math.min(hi + count, max)];
    }
    if (hi >= at) return [lo, Math.min(hi + count, max)];
    return [lo, hi];
  }
  const d2 = at + count - 1;
  if (hi < at) return [lo, hi];
  if (lo > d2) return [lo - count, hi - count];
  if (lo >= at && hi <= d2) return undefined;
  const nlo = lo < at ? lo : at;
  const nhi = hi > d2 ? hi - count : at - 1;
  return [nlo, nhi];
}

/**
 * For a span that survives an edit, the original index of the row/column that is now its first
 * (differs from lo only when the first rows/columns of the span were deleted).
 */
export function originalFirst(lo: number, edit: AxisEdit): number {
  if (edit.op === 'delete' && lo >= edit.at && lo < edit.at + edit.count) return edit.at + edit.count;
  return lo;
}
