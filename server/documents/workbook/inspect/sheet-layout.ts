/**
 * The geometry of a sheet as the rendered file shows it: column widths (explicit, or fitted to the
 * content the way the renderer fits columns that have none), row heights (explicit, the height the
 * renderer gives rows with large text, or an estimate of what Excel's auto-height gives), merged
 * ranges, and the cells with their computed values. One pass over at most `budget.cells` cells.
 */
import { addressKey, columnToNumber, numberToColumn, parseRange, toAddress } from '../../../../lib/workbook/cell-ref';
import type { EvalValue, WorkbookEvaluation } from '../evaluate-formulas';
import type { Cell, Sheet, Workbook } from '../schema';
import { displayLength } from '../xlsx/display-width';
import { lineHeight, wrappedLines } from './text-width';

export interface Rect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface LaidCell {
  address: string;
  row: number;
  col: number;
  cell: Cell;
  /** the literal value, or the computed value of a formula (undefined: not computed) */
  value: EvalValue | undefined;
}

export interface SheetLayout {
  sheet: Sheet;
  /** the cells inspected (all, unless the budget ran out: then `truncated`) */
  cells: LaidCell[];
  truncated: boolean;
  /** every cell the model holds (content or style), as Excel's used range counts them */
  bounds?: Rect;
  /** font size of the workbook's default font (column widths count its digit width) */
  baseSize: number;
  colWidth(col: number): number;
  rowHeight(row: number): number;
  /** the height the file fixes for the row (Excel does not grow it for its content) */
  fixedRowHeight(row: number): number | undefined;
  isFilled(row: number, col: number): boolean;
  /** the merged range a cell belongs to */
  merge(row: number, col: number): { rect: Rect; start: boolean } | undefined;
  fontSize(cell: Cell): number;
}

export interface Budget {
  cells: number;
  /** set when some cells were not inspected */
  exhausted?: boolean;
}

const DEFAULT_WIDTH = 8.43;
const KEY = 16384;

export function isFilledCell(c: Cell | undefined): boolean {
  return !!c && (c.formula !== undefined || c.error !== undefined || (c.value !== undefined && c.value !== null && c.value !== ''));
}

/** The sheet is written by the renderer from the model (not patched over an imported file's sheet). */
function rendersNew(wb: Workbook, sheet: Sheet): boolean {
  return !wb.source || !sheet.sourcePart;
}

export function sheetLayout(wb: Workbook, sheet: Sheet, ev: WorkbookEvaluation, budget: Budget): SheetLayout {
  const baseSize = wb.defaultFont?.size ?? 11;
  const fresh = rendersNew(wb, sheet);
  const values = ev.formulaValues.get(sheet.name);
  const fontSize = (c: Cell) => c.style?.fontSize ?? baseSize;

  // merged ranges
  const mergeStart = new Map<number, Rect>();
  const covered = new Map<number, Rect>();
  if (sheet.merges.length <= 5000) {
    let area = 0;
    for (const m of sheet.merges) {
      let r;
      try {
        r = parseRange(m);
      } catch {
        continue;
      }
      const rect = { r1: r.from.row, c1: r.from.col, r2: r.to.row, c2: r.to.col };
      mergeStart.set(rect.r1 * KEY + rect.c1, rect);
      area += (rect.r2 - rect.r1 + 1) * (rect.c2 - rect.c1 + 1);
      if (area > 200_000) continue;
      for (let row = rect.r1; row <= rect.r2; row++) for (let col = rect.c1; col <= rect.c2; col++) covered.set(row * KEY + col, rect);
    }
  }
  const merge = (row: number, col: number) => {
    const s = mergeStart.get(row * KEY + col);
    if (s) return { rect: s, start: true };
    const c = covered.get(row * KEY + col);
    return c ? { rect: c, start: false } : undefined;
  };

  // pass 1: the cells, bounds, fitted widths, large fonts per row
  const cells: LaidCell[] = [];
  let truncated = false;
  let r1 = Infinity;
  let c1 = Infinity;
  let r2 = 0;
  let c2 = 0;
  const explicit = new Set(Object.keys(sheet.columns).filter((k) => !k.includes(':')).map(columnToNumber));
  const fitted = new Map<number, number>();
  const bigFont = new Map<number, number>();
  for (const address in sheet.cells) {
    if (budget.cells <= 0) {
      truncated = true;
      budget.exhausted = true;
      break;
    }
    budget.cells--;
    let k: number;
    try {
      k = addressKey(address);
    } catch {
      continue;
    }
    const row = Math.floor(k / KEY);
    const col = k % KEY;
    const cell = sheet.cells[address]!;
    if (row < r1) r1 = row;
    if (row > r2) r2 = row;
    if (col < c1) c1 = col;
    if (col > c2) c2 = col;
    const value = cell.formula !== undefined ? values?.get(address) : cell.error ? { error: cell.error } : cell.value;
    cells.push({ address, row, col, cell, value });
    const size = cell.style?.fontSize;
    if (size && size > 12 && size > (bigFont.get(row) ?? 0)) bigFont.set(row, size);
    if (!fresh || value === null || value === undefined || cell.style?.wrap || mergeStart.has(row * KEY + col)) continue;
    if (explicit.has(col)) continue;
    const len = displayLength(value, cell.numFmt, fontSize(cell), !!cell.style?.bold);
    if (len > (fitted.get(col) ?? 0)) fitted.set(col, len);
  }

  const spans = Object.entries(sheet.columns)
    .filter(([k]) => k.includes(':'))
    .map(([k, spec]) => {
      const [a, b] = k.split(':');
      return { from: columnToNumber(a!), to: columnToNumber(b!), spec };
    });
  const widthCache = new Map<number, number>();
  const colWidth = (col: number): number => {
    const hit = widthCache.get(col);
    if (hit !== undefined) return hit;
    let w: number;
    const spec = sheet.columns[numberToColumn(col)];
    const span = spans.find((s) => col >= s.from && col <= s.to)?.spec;
    if (spec?.hidden || (!spec && span?.hidden)) w = 0;
    else if (spec?.width !== undefined) w = spec.width;
    else if (fitted.has(col)) w = Math.min(60, Math.max(9, Math.ceil(fitted.get(col)! + 2)));
    else w = span?.width ?? sheet.defaultColWidth ?? DEFAULT_WIDTH;
    widthCache.set(col, w);
    return w;
  };

  const defaultHeight = sheet.defaultRowHeight ?? lineHeight(baseSize);
  const fixedRowHeight = (row: number): number | undefined => {
    const spec = sheet.rows[String(row)];
    if (spec) return spec.hidden ? 0 : spec.height;
    const big = fresh ? bigFont.get(row) : undefined;
    return big ? Math.ceil(big * 1.45) : undefined;
  };

  // pass 2: heights Excel gives rows without a fixed height (wrapped text, larger fonts)
  const autoHeight = new Map<number, number>();
  for (const c of cells) {
    if (fixedRowHeight(c.row) !== undefined || c.value === null || c.value === undefined) continue;
    const size = fontSize(c.cell);
    let lines = 1;
    if (c.cell.style?.wrap && typeof c.value === 'string') {
      const m = merge(c.row, c.col);
      if (m && !m.start) continue;
      let width = 0;
      if (m) for (let col = m.rect.c1; col <= m.rect.c2; col++) width += colWidth(col);
      else width = colWidth(c.col);
      lines = wrappedLines(c.value, width - 0.4, size, !!c.cell.style.bold, baseSize);
    }
    const h = lines * lineHeight(size);
    if (h > (autoHeight.get(c.row) ?? defaultHeight)) autoHeight.set(c.row, h);
  }
  const rowHeight = (row: number): number => fixedRowHeight(row) ?? autoHeight.get(row) ?? defaultHeight;

  return {
    sheet,
    cells,
    truncated,
    ...(r2 ? { bounds: { r1, c1, r2, c2 } } : {}),
    baseSize,
    colWidth,
    rowHeight,
    fixedRowHeight,
    isFilled: (row, col) => isFilledCell(sheet.cells[toAddress({ row, col })]),
    merge,
    fontSize,
  };
}
