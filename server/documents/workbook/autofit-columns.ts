/**
 * Column widths fitted to what the cells show: texts measured with their font size and weight,
 * numbers as their number format displays them, a filter button's room on table headers. A text
 * standing alone between empty cells (a title, a note) flows over its right neighbour and does not
 * widen its column — the last column of a table does (its left neighbour is filled);
 * wrapped texts and cells merged across columns do not count either. Widths are capped (a longer
 * text should wrap). The measures are those the workbook inspection uses to find clipped cells, so
 * a fitted column is not reported as clipping.
 */
import { addressKey, columnToNumber, numberToColumn, parseRange, toAddress } from '../../../lib/workbook/cell-ref';
import { formatNumber } from '../../../lib/workbook/cell-text';
import { evaluateWorkbook, type EvalValue } from './evaluate-formulas';
import { isFilledCell } from './inspect/sheet-layout';
import { lineWidth, textWidth } from './inspect/text-width';
import type { Sheet, Workbook } from './schema';

export const AUTOFIT_MAX_WIDTH = 60;
const MIN_WIDTH = 4;
/** room for the drop-down button of a filtered header (about 16 pixels) */
const FILTER_BUTTON = 2.3;
/** cell padding on both sides, in characters */
const PADDING = 1.2;
const KEY = 16384;

export interface AutofitResult {
  /** the new width per column letter (columns with nothing to measure are left out) */
  widths: Record<string, number>;
  /** columns whose content is wider than the cap: their longest texts should wrap */
  capped: string[];
}

function headerCells(sheet: Sheet): Set<number> {
  const out = new Set<number>();
  const add = (range: string) => {
    try {
      const r = parseRange(range);
      if (r.to.col - r.from.col > 500) return;
      for (let col = r.from.col; col <= r.to.col; col++) out.add(r.from.row * KEY + col);
    } catch {
      /* not a range: nothing to add */
    }
  };
  for (const t of sheet.tables) if (t.headerRow !== false && t.autoFilter !== false) add(t.range);
  if (sheet.autoFilter) add(sheet.autoFilter.range);
  return out;
}

/** Widths that fit the cells of `columns` (column numbers; every column with content when absent). */
export function autofitColumns(wb: Workbook, sheet: Sheet, columns?: Set<number>): AutofitResult {
  const baseSize = wb.defaultFont?.size ?? 11;
  const date1904 = wb.date1904 === true;
  const merged = new Set<number>();
  for (const m of sheet.merges) {
    try {
      const r = parseRange(m);
      if (r.from.col === r.to.col || (r.to.row - r.from.row + 1) * (r.to.col - r.from.col + 1) > 200_000) continue;
      for (let row = r.from.row; row <= r.to.row; row++)
        for (let col = r.from.col; col <= r.to.col; col++) merged.add(row * KEY + col);
    } catch {
      /* a malformed merge is skipped */
    }
  }
  const headers = headerCells(sheet);
  let values: ((address: string) => EvalValue | undefined) | undefined;
  const valueOf = (address: string): EvalValue | undefined => {
    const cell = sheet.cells[address]!;
    if (cell.formula === undefined) return cell.error ? { error: cell.error } : cell.value;
    if (!values) {
      const ev = evaluateWorkbook(wb);
      values = (a) => ev.get(sheet.name, a);
    }
    return values(address);
  };

  const need = new Map<number, number>();
  /** texts standing alone, per column: they count only where a column holds nothing else but several of them (a list) */
  const alone = new Map<number, { count: number; need: number }>();
  for (const address in sheet.cells) {
    let k: number;
    try {
      k = addressKey(address);
    } catch {
      continue;
    }
    const row = Math.floor(k / KEY);
    const col = k % KEY;
    if (columns && !columns.has(col)) continue;
    const cell = sheet.cells[address]!;
    if (!isFilledCell(cell) || cell.style?.wrap || merged.has(k)) continue;
    const v = valueOf(address);
    if (v === null || v === undefined || v === '') continue;
    const size = cell.style?.fontSize ?? baseSize;
    const bold = !!cell.style?.bold;
    let w: number;
    if (typeof v === 'string') {
      const align = cell.style?.hAlign;
      // a text alone in its row's neighbourhood (titles, notes) flows into the empty cell to its right
      const flowsRight = align === undefined || align === 'left';
      w = textWidth(v, size, bold, baseSize) + (headers.has(k) ? FILTER_BUTTON : 0);
      const single =
        !isFilledCell(sheet.cells[toAddress({ row, col: col + 1 })]) &&
        (col === 1 || !isFilledCell(sheet.cells[toAddress({ row, col: col - 1 })]));
      if (flowsRight && single && !headers.has(k)) {
        const a = alone.get(col) ?? { count: 0, need: 0 };
        alone.set(col, { count: a.count + 1, need: Math.max(a.need, w) });
        continue;
      }
    } else if (typeof v === 'number') {
      let text: string;
      try {
        text = formatNumber(v, cell.numFmt, { date1904 });
      } catch {
        text = String(v);
      }
      w = lineWidth(text, size, bold, baseSize);
    } else if (typeof v === 'boolean') w = lineWidth(v ? 'TRUE' : 'FALSE', size, bold, baseSize);
    else w = lineWidth(v.error, size, bold, baseSize);
    if (w > (need.get(col) ?? 0)) need.set(col, w);
  }

  for (const [col, a] of alone) if (!need.has(col) && a.count >= 3) need.set(col, a.need);

  const widths: Record<string, number> = {};
  const capped: string[] = [];
  for (const col of [...need.keys()].sort((a, b) => a - b)) {
    const letter = numberToColumn(col);
    const spec = sheet.columns[letter];
    if (spec?.hidden || spec?.width === 0) continue;
    const want = Math.ceil((need.get(col)! + PADDING) * 4) / 4;
    if (want > AUTOFIT_MAX_WIDTH) capped.push(letter);
    widths[letter] = Math.max(MIN_WIDTH, Math.min(AUTOFIT_MAX_WIDTH, want));
  }
  return { widths, capped };
}

/** Column numbers of "A:F", "B,D,F:H" (letters, spans, separated by commas or spaces). */
export function parseColumnList(text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^\$?([A-Za-z]{1,3})(?::\$?([A-Za-z]{1,3}))?$/.exec(part);
    if (!m) throw new Error(`"${part}" is not a column or span such as "B" or "A:F"`);
    const a = columnToNumber(m[1]!.toUpperCase());
    const b = columnToNumber((m[2] ?? m[1]!).toUpperCase());
    if (Math.max(a, b) > KEY) throw new Error(`"${part}" lies beyond column XFD`);
    if (Math.abs(b - a) > 1000) throw new Error(`"${part}" spans more than 1000 columns`);
    for (let c = Math.min(a, b); c <= Math.max(a, b); c++) out.add(c);
  }
  return out;
}
