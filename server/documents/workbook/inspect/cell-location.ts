/** How a finding names the cells it is about: "Sales!B4", "Sales!E4:E15", "Sales!A3, C7, F9 (+4 more)". */
import { quoteSheetName, toAddress } from '../../../../lib/workbook/cell-ref';

export function cellsLocation(sheet: string, cells: Array<{ row: number; col: number }>, max = 6): string {
  const q = quoteSheetName(sheet);
  if (cells.length === 0) return q;
  const sorted = [...cells].sort((a, b) => a.row - b.row || a.col - b.col);
  const first = sorted[0]!;
  if (sorted.length === 1) return `${q}!${toAddress(first)}`;
  let r1 = Infinity;
  let c1 = Infinity;
  let r2 = 0;
  let c2 = 0;
  const seen = new Set<string>();
  for (const c of sorted) {
    seen.add(`${c.row},${c.col}`);
    r1 = Math.min(r1, c.row);
    r2 = Math.max(r2, c.row);
    c1 = Math.min(c1, c.col);
    c2 = Math.max(c2, c.col);
  }
  if (seen.size === (r2 - r1 + 1) * (c2 - c1 + 1)) return `${q}!${toAddress({ row: r1, col: c1 })}:${toAddress({ row: r2, col: c2 })}`;
  const shown = sorted.slice(0, max).map(toAddress).join(', ');
  return `${q}!${shown}${sorted.length > max ? ` (+${sorted.length - max} more)` : ''}`;
}

/** "Sales chart c1" / "Sales charts c1, c2" */
export function chartsLocation(sheet: string, ids: string[]): string {
  return `${sheet} chart${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`;
}
