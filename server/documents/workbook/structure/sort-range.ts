/**
 * sortRange: reorders the rows of a range the way Excel's Sort does. Numbers sort before text,
 * text before logical values, logical values before errors; text compares case-insensitively;
 * blank cells go last in both directions; equal rows keep their order. Cells (with their styles)
 * travel with their rows; formulas are moved as Excel moves them (relative references shift by
 * the distance the row moved, so a reference to the same row still points at the same row).
 * References elsewhere that point into the range are not changed (Excel does not change them).
 */
import { addressKey, parseRange, type RangePos } from '../../../../lib/workbook/cell-ref';
import { evaluateWorkbook, isErrorValue, type WorkbookEvaluation } from '../evaluate-formulas';
import type { Cell, Comment, Hyperlink, Workbook } from '../schema';
import { colLetters } from './formula-refs';
import { currentArea, scanFormula } from './formula-tokens';
import { requireSheetIndex } from './sheet-names';
import { rangeText } from './shift-range-list';
import { translateFormula } from './translate-formula';
import type { StructureResult, StructureWarning } from './types';

export interface SortKey {
  /** absolute column number (A = 1) */
  column: number;
  descending?: boolean;
}

type SortValue = { t: 0; n: number } | { t: 1; s: string } | { t: 2; b: boolean } | { t: 3; e: string } | { t: 4 };

const collator = new Intl.Collator('en', { sensitivity: 'accent', numeric: false });

function rank(a: SortValue, b: SortValue): number {
  if (a.t !== b.t) return a.t - b.t;
  switch (a.t) {
    case 0:
      return a.n - (b as { n: number }).n;
    case 1:
      return collator.compare(a.s, (b as { s: string }).s);
    case 2:
      return Number(a.b) - Number((b as { b: boolean }).b);
    case 3:
      return 0;
    default:
      return 0;
  }
}

function overlaps(a: RangePos, b: RangePos): boolean {
  return !(a.to.row < b.from.row || a.from.row > b.to.row || a.to.col < b.from.col || a.from.col > b.to.col);
}

/**
 * Sorts the rows of `range` (e.g. "A1:D20") on sheet `sheetName` by `keys` (absolute column
 * numbers inside the range; the first key decides first). With `hasHeader` the first row stays
 * on top. Throws on a range holding merged cells or part of an array formula (as Excel refuses).
 */
export function sortRange(wb: Workbook, sheetName: string, range: string, keys: SortKey[], hasHeader: boolean): StructureResult {
  const index = requireSheetIndex(wb, sheetName);
  const sheet = wb.sheets[index]!;
  let r: RangePos;
  try {
    r = parseRange(range);
  } catch {
    throw new Error(`Invalid range "${range}": expected an A1 range such as "A1:D20".`);
  }
  if (keys.length === 0) throw new Error('Sorting needs at least one key column.');
  for (const k of keys) {
    if (!Number.isInteger(k.column) || k.column < r.from.col || k.column > r.to.col) {
      throw new Error(`Sort key column ${k.column} is outside the range ${range} (columns ${r.from.col} to ${r.to.col}).`);
    }
  }
  const first = hasHeader ? r.from.row + 1 : r.from.row;
  const last = r.to.row;
  if (last - first < 1) return { workbook: wb, warnings: [] };
  const body: RangePos = { from: { row: first, col: r.from.col }, to: { row: last, col: r.to.col } };
  for (const m of sheet.merges) {
    const mr = parseRange(m);
    if (overlaps(mr, body)) throw new Error(`Cannot sort ${range}: it contains merged cells (${m}).`);
  }

  // collect the cells of the body by row (sparse: rows without cells are blank rows)
  const cells = sheet.cells;
  const rowsCells = new Map<number, Array<[number, Cell]>>();
  const bodyRows = last - first + 1;
  const cellCount = Object.keys(cells).length;
  const collect = (row: number, col: number, cell: Cell) => {
    let list = rowsCells.get(row);
    if (!list) rowsCells.set(row, (list = []));
    list.push([col, cell]);
  };
  if (bodyRows * (r.to.col - r.from.col + 1) < cellCount) {
    for (let row = first; row <= last; row++) {
      for (let col = r.from.col; col <= r.to.col; col++) {
        const cell = cells[colLetters(col) + row];
        if (cell) collect(row, col, cell);
      }
    }
  } else {
    for (const addr in cells) {
      const k = addressKey(addr);
      const row = Math.floor(k / 16_384);
      const col = k % 16_384;
      if (row >= first && row <= last && col >= r.from.col && col <= r.to.col) collect(row, col, cells[addr]!);
    }
  }
  for (const list of rowsCells.values()) {
    for (const [col, cell] of list) {
      if (cell.array === undefined) continue;
      const a = parseRange(cell.array);
      const inside = a.from.row >= first && a.to.row <= last && a.from.col >= r.from.col && a.to.col <= r.to.col;
      if (!inside || a.from.row !== a.to.row) throw new Error(`Cannot sort ${range}: it contains part of the array formula at ${colLetters(col)}${a.from.row} (${cell.array}).`);
    }
  }

  // key values (formula cells use their stored value; when they have none the workbook is evaluated once)
  let evaluation: WorkbookEvaluation | undefined;
  const valueOf = (row: number, col: number): SortValue => {
    const cell = cells[colLetters(col) + row];
    if (!cell) return { t: 4 };
    if (cell.error !== undefined) return { t: 3, e: cell.error };
    let v: unknown = cell.value;
    if (cell.formula !== undefined && (v === undefined || v === null)) {
      evaluation ??= evaluateWorkbook(wb);
      const ev = evaluation.get(sheet.name, colLetters(col) + row);
      if (isErrorValue(ev)) return { t: 3, e: ev.error };
      v = ev;
    }
    if (v === undefined || v === null) return { t: 4 };
    if (typeof v === 'number') return { t: 0, n: v };
    if (typeof v === 'boolean') return { t: 2, b: v };
    return { t: 1, s: typeof v === 'string' ? v : JSON.stringify(v) };
  };
  const order: number[] = [];
  const keyValues = new Map<number, SortValue[]>();
  for (let row = first; row <= last; row++) {
    order.push(row);
    keyValues.set(
      row,
      keys.map((k) => valueOf(row, k.column)),
    );
  }
  order.sort((a, b) => {
    const va = keyValues.get(a)!;
    const vb = keyValues.get(b)!;
    for (let i = 0; i < keys.length; i++) {
      const x = va[i]!;
      const y = vb[i]!;
      if (x.t === 4 || y.t === 4) {
        if (x.t === y.t) continue;
        return x.t === 4 ? 1 : -1; // blanks last in both directions
      }
      const c = rank(x, y);
      if (c !== 0) return keys[i]!.descending ? -c : c;
    }
    return a - b;
  });
  if (order.every((row, i) => row === first + i)) return { workbook: wb, warnings: [] };

  // old row → new row
  const dest = new Map<number, number>();
  order.forEach((oldRow, i) => dest.set(oldRow, first + i));
  const warnings: StructureWarning[] = [];
  const out: Record<string, Cell> = { ...cells };
  for (const [row, list] of rowsCells) for (const [col] of list) delete out[colLetters(col) + row];
  for (const [oldRow, list] of rowsCells) {
    const newRow = dest.get(oldRow)!;
    const d = newRow - oldRow;
    for (const [col, cell] of list) {
      let next = cell;
      const addr = colLetters(col) + newRow;
      if (cell.formula !== undefined && d !== 0) {
        if (refersToOtherRows(cell.formula, oldRow)) {
          warnings.push({
            code: 'sort-relative-reference',
            message: `The formula at ${sheet.name}!${addr} (was ${colLetters(col)}${oldRow}) refers to other rows with relative references; like Excel, they moved with the row`,
            location: `${sheet.name}!${addr}`,
          });
        }
        const t = translateFormula(cell.formula, d, 0);
        if (t.formula !== cell.formula) next = { ...cell, formula: t.formula };
      }
      if (cell.array !== undefined && d !== 0) {
        const a = parseRange(cell.array);
        next = { ...next, array: rangeText({ from: { row: a.from.row + d, col: a.from.col }, to: { row: a.to.row + d, col: a.to.col } }) };
      }
      out[addr] = next;
    }
  }

  // comments and single-cell hyperlinks inside the body travel with their rows
  const moveCell = (addr: string): string | undefined => {
    let p;
    try {
      p = parseRange(addr);
    } catch {
      return undefined;
    }
    if (p.from.row !== p.to.row || p.from.col !== p.to.col) return undefined;
    const { row, col } = p.from;
    if (row < first || row > last || col < r.from.col || col > r.to.col) return undefined;
    const n = dest.get(row)!;
    return n === row ? undefined : colLetters(col) + n;
  };
  const next = { ...sheet, cells: out };
  if (sheet.comments?.length) {
    let changed = false;
    const comments = sheet.comments.map((c): Comment => {
      const a = moveCell(c.cell);
      if (!a) return c;
      changed = true;
      return { ...c, cell: a };
    });
    if (changed) next.comments = comments;
  }
  if (sheet.hyperlinks?.length) {
    let changed = false;
    const links = sheet.hyperlinks.map((h): Hyperlink => {
      const a = moveCell(h.ref);
      if (!a) return h;
      changed = true;
      return { ...h, ref: a };
    });
    if (changed) next.hyperlinks = links;
  }
  const sheets = wb.sheets.slice();
  sheets[index] = next;
  return { workbook: { ...wb, sheets }, warnings };
}

/** True when the formula has a reference with a relative row part pointing at another row. */
function refersToOtherRows(formula: string, row: number): boolean {
  let other = false;
  scanFormula(formula, (kind) => {
    if (kind !== 'ref') return;
    const a = currentArea;
    if (a.kind === 'cols') return;
    if ((!a.absR1 && a.r1 !== row) || (!a.absR2 && a.r2 !== row)) other = true;
  });
  return other;
}
