/**
 * Moves the cells of the edited sheet and rewrites their formulas. Cells that neither move nor
 * change keep their object; only the cells map itself is new.
 */
import { addressKey, parseRange } from '../../../../lib/workbook/cell-ref';
import type { Cell, Sheet } from '../schema';
import { colLetters } from './formula-refs';
import { axisMax, type AxisEdit } from './shift-area';
import { shiftFormula, type ShiftContext } from './shift-formula';
import { rangeText, shiftRange } from './shift-range-list';
import type { StructureWarning } from './types';

const COL_FACTOR = 16_384;

function describe(edit: AxisEdit): string {
  const what = edit.axis === 'row' ? 'rows' : 'columns';
  return edit.op === 'insert' ? `inserting ${what} in ${edit.sheet}` : `deleting ${what} in ${edit.sheet}`;
}

function arrayCut(sheet: Sheet, array: string, edit: AxisEdit): void {
  let r;
  try {
    r = parseRange(array);
  } catch {
    return;
  }
  const lo = edit.axis === 'row' ? r.from.row : r.from.col;
  const hi = edit.axis === 'row' ? r.to.row : r.to.col;
  const d2 = edit.at + edit.count - 1;
  const cuts = edit.op === 'insert' ? lo < edit.at && edit.at <= hi : !(hi < edit.at || lo > d2) && !(lo >= edit.at && hi <= d2);
  if (cuts) {
    const what = edit.axis === 'row' ? 'rows' : 'columns';
    throw new Error(`Cannot ${edit.op} ${what} in "${sheet.name}": that would change part of the array formula in ${array}.`);
  }
}

/**
 * The cells after the edit. Throws like Excel when the edit would push cells off the sheet or cut
 * through an array formula.
 */
export function shiftCells(sheet: Sheet, edit: AxisEdit, ctx: ShiftContext, warnings: StructureWarning[]): Record<string, Cell> {
  const cells = sheet.cells;
  const out: Record<string, Cell> = {};
  const byRow = edit.axis === 'row';
  const action = describe(edit);
  const insert = edit.op === 'insert';
  const limit = axisMax(edit) - edit.count;
  const d2 = edit.at + edit.count - 1;
  for (const addr in cells) {
    const cell = cells[addr]!;
    const k = addressKey(addr);
    const row = Math.floor(k / COL_FACTOR);
    const col = k % COL_FACTOR;
    let newAddr = addr;
    const i = byRow ? row : col;
    if (i >= edit.at) {
      if (cell.array !== undefined) arrayCut(sheet, cell.array, edit);
      if (insert) {
        if (i > limit) {
          throw new Error(`Cannot insert ${edit.count} ${byRow ? 'rows' : 'columns'} in "${sheet.name}": cell ${addr} would be pushed off the end of the sheet.`);
        }
        newAddr = byRow ? colLetters(col) + (row + edit.count) : colLetters(col + edit.count) + row;
      } else if (i <= d2) continue;
      else newAddr = byRow ? colLetters(col) + (row - edit.count) : colLetters(col - edit.count) + row;
    } else if (cell.array !== undefined) arrayCut(sheet, cell.array, edit);
    let next = cell;
    if (cell.formula !== undefined) {
      const r = shiftFormula(cell.formula, edit, ctx);
      if (r.refErrors > 0) {
        warnings.push({ code: 'ref-error', message: `The formula at ${sheet.name}!${newAddr} now contains #REF! after ${action}`, location: `${sheet.name}!${newAddr}` });
      }
      if (r.skipped3d > 0) {
        warnings.push({
          code: '3d-ref-not-adjusted',
          message: `The formula at ${sheet.name}!${newAddr} has a 3-D reference spanning ${edit.sheet}; like Excel, it was not adjusted (${action})`,
          location: `${sheet.name}!${newAddr}`,
        });
      }
      if (r.formula !== cell.formula) {
        next = { ...cell, formula: r.formula };
        if (r.refErrors > 0) delete next.value;
      }
    }
    if (cell.array !== undefined) {
      try {
        const a = parseRange(cell.array);
        const n = shiftRange(a, edit);
        if (n && n !== a) next = { ...next, array: rangeText(n) };
      } catch {
        // not a range: leave it
      }
    }
    out[newAddr] = next;
  }
  return out;
}
