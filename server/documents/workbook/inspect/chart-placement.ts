/**
 * Where charts sit on a sheet: the cells an anchor covers, which other charts and filled cells it
 * lands on, and a free place of the same size (right of the data, below the charts already there).
 */
import { addressKey, parseRange, toAddress, toRange } from '../../../../lib/workbook/cell-ref';
import type { Chart, Sheet } from '../schema';
import { isFilledCell, type Rect } from './sheet-layout';

export function anchorRect(anchor: string): Rect | undefined {
  try {
    const r = parseRange(anchor);
    return { r1: r.from.row, c1: r.from.col, r2: r.to.row, c2: r.to.col };
  } catch {
    return undefined;
  }
}

/**
 * The cells a chart surely covers. An imported chart's anchor was rounded out to whole cells (its
 * file anchors it at offsets inside them), so only its inner cells count: two charts that meet
 * inside a column are not taken for overlapping.
 */
export function chartRect(chart: Pick<Chart, 'anchor' | 'sourcePart'>): Rect | undefined {
  const r = anchorRect(chart.anchor);
  if (!r || !chart.sourcePart) return r;
  const rows = r.r2 - r.r1 >= 2;
  const cols = r.c2 - r.c1 >= 2;
  return { r1: rows ? r.r1 + 1 : r.r1, r2: rows ? r.r2 - 1 : r.r2, c1: cols ? r.c1 + 1 : r.c1, c2: cols ? r.c2 - 1 : r.c2 };
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return !(a.r2 < b.r1 || b.r2 < a.r1 || a.c2 < b.c1 || b.c2 < a.c1);
}

export function rectRange(r: Rect): string {
  return toRange({ from: { row: r.r1, col: r.c1 }, to: { row: r.r2, col: r.c2 } });
}

/** Filled cells (a value or a formula) inside a rectangle: how many, and the first few addresses. */
export function filledCellsIn(sheet: Sheet, rect: Rect, show = 3): { count: number; first: string[] } {
  const first: string[] = [];
  let count = 0;
  const area = (rect.r2 - rect.r1 + 1) * (rect.c2 - rect.c1 + 1);
  if (area <= 20_000) {
    for (let row = rect.r1; row <= rect.r2; row++) {
      for (let col = rect.c1; col <= rect.c2; col++) {
        const a = toAddress({ row, col });
        if (!isFilledCell(sheet.cells[a])) continue;
        count++;
        if (first.length < show) first.push(a);
      }
    }
    return { count, first };
  }
  for (const a in sheet.cells) {
    const k = addressKey(a);
    const row = Math.floor(k / 16384);
    const col = k % 16384;
    if (row < rect.r1 || row > rect.r2 || col < rect.c1 || col > rect.c2 || !isFilledCell(sheet.cells[a])) continue;
    count++;
    if (first.length < show) first.push(a);
  }
  return { count, first };
}

/** Other charts of the sheet whose anchors overlap this one. */
export function overlappingCharts(sheet: Sheet, id: string, rect: Rect): Array<{ id: string; anchor: string }> {
  const out: Array<{ id: string; anchor: string }> = [];
  for (const c of sheet.charts) {
    if (c.id === id) continue;
    const r = chartRect(c);
    if (r && rectsOverlap(r, rect)) out.push({ id: c.id, anchor: c.anchor });
  }
  return out;
}

/** The last column holding a value, a formula or a table (0 on an empty sheet); at most `limit` cells looked at. */
function lastDataColumn(sheet: Sheet, limit = 200_000): number {
  let max = 0;
  let n = 0;
  for (const a in sheet.cells) {
    if (++n > limit) break;
    if (!isFilledCell(sheet.cells[a])) continue;
    const col = addressKey(a) % 16384;
    if (col > max) max = col;
  }
  for (const t of sheet.tables) {
    const r = anchorRect(t.range);
    if (r && r.c2 > max) max = r.c2;
  }
  return max;
}

/**
 * A place for a chart of `rows` × `cols` cells that covers no data and no other chart: one column
 * right of the data, at `fromRow` or below the charts in the way.
 */
export function freeChartAnchor(sheet: Sheet, rows: number, cols: number, opts: { exceptId?: string; fromRow?: number } = {}): string {
  const c1 = lastDataColumn(sheet) + 2;
  let r1 = Math.max(1, opts.fromRow ?? 1);
  const others = sheet.charts.filter((c) => c.id !== opts.exceptId).map((c) => anchorRect(c.anchor)).filter((r): r is Rect => !!r);
  for (let i = 0; i < 500; i++) {
    const rect = { r1, c1, r2: r1 + rows - 1, c2: c1 + cols - 1 };
    const hit = others.filter((o) => rectsOverlap(o, rect));
    if (!hit.length) return rectRange(rect);
    r1 = Math.max(...hit.map((o) => o.r2)) + 2;
  }
  return rectRange({ r1, c1, r2: r1 + rows - 1, c2: c1 + cols - 1 });
}
