// The status bar's figures for the selected cells, as Excel shows them: how many cells hold
// something, and the sum, average, minimum and maximum of the numbers among them, in the number
// format of the first number. Read from the grid's values (fortune-sheet's own bar parses the
// displayed text, so 1,455.00 summed to 1).
import type { Cell as FsCell } from '@fortune-sheet/core';
import { formatNumber, plainNumber } from '@/lib/workbook/cell-text';
import { typedValue } from './workbook-to-fortune';

export interface SelectionStats {
  count: number;
  numbers: number;
  sum?: string;
  average?: string;
  min?: string;
  max?: string;
}

export interface SelectionRange {
  row: number[];
  column: number[];
}

/** Most cells looked at (a whole-sheet selection of a large sheet stops there). */
const MAX_CELLS = 500_000;

export function selectionStats(data: Array<Array<FsCell | null>> | undefined, selection: SelectionRange[] | undefined, date1904 = false): SelectionStats | null {
  if (!data || !selection?.length) return null;
  let count = 0;
  let numbers = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let fmt: string | undefined;
  let seen = 0;
  const done = new Set<number>();
  for (const s of selection) {
    const [r1, r2 = r1] = s.row as [number, number?];
    const [c1, c2 = c1] = s.column as [number, number?];
    for (let r = Math.max(0, r1); r <= Math.min(r2, data.length - 1) && seen < MAX_CELLS; r++) {
      const row = data[r];
      if (!row) continue;
      for (let c = Math.max(0, c1); c <= Math.min(c2, row.length - 1); c++) {
        seen++;
        const key = r * 16_384 + c;
        if (done.has(key)) continue;
        done.add(key);
        const cell = row[c];
        const v = typedValue(cell);
        if (v === null) continue;
        count++;
        if (typeof v !== 'number' || cell?.ct?.t === 's') continue;
        numbers++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
        if (fmt === undefined) fmt = typeof cell?.ct?.fa === 'string' ? cell.ct.fa : 'General';
      }
    }
  }
  if (count === 0) return null;
  const show = (n: number) => (fmt && !/^general$/i.test(fmt) ? formatNumber(n, fmt, { date1904 }) : plainNumber(Math.round(n * 1e10) / 1e10));
  return numbers ? { count, numbers, sum: show(sum), average: show(sum / numbers), min: show(min), max: show(max) } : { count, numbers };
}
