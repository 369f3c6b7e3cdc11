/**
 * Shifting plain A1 ranges (no formulas): a single range ("A1:D10", "B2") or a space-separated
 * list ("A1:B5 D1:D9") as conditional formats, validations and hyperlinks use them.
 */
import { parseRange, type CellPos, type RangePos } from '../../../../lib/workbook/cell-ref';
import { colLetters } from './formula-refs';
import { originalFirst, shiftSpan, type AxisEdit } from './shift-area';

export function rangeText(r: RangePos): string {
  const a = colLetters(r.from.col) + r.from.row;
  if (r.from.row === r.to.row && r.from.col === r.to.col) return a;
  return `${a}:${colLetters(r.to.col)}${r.to.row}`;
}

/** The range after the edit, or undefined when all its cells are deleted (or pushed off the sheet). */
export function shiftRange(r: RangePos, edit: AxisEdit): RangePos | undefined {
  if (edit.axis === 'row') {
    const s = shiftSpan(r.from.row, r.to.row, edit);
    if (!s) return undefined;
    if (s[0] === r.from.row && s[1] === r.to.row) return r;
    return { from: { row: s[0], col: r.from.col }, to: { row: s[1], col: r.to.col } };
  }
  const s = shiftSpan(r.from.col, r.to.col, edit);
  if (!s) return undefined;
  if (s[0] === r.from.col && s[1] === r.to.col) return r;
  return { from: { row: r.from.row, col: s[0] }, to: { row: r.to.row, col: s[1] } };
}

/** Shifts one range given as text; undefined when it is gone; the same string when it did not move. */
export function shiftRangeText(text: string, edit: AxisEdit): string | undefined {
  let r: RangePos;
  try {
    r = parseRange(text);
  } catch {
    return text;
  }
  const n = shiftRange(r, edit);
  if (!n) return undefined;
  return n === r ? text : rangeText(n);
}

export interface ShiftedRangeList {
  /** the new list, or undefined when every range is gone */
  text: string | undefined;
  changed: boolean;
  /** top-left cell of the original first range (what relative formulas are written against) */
  oldAnchor?: CellPos;
  /** original position of the cell that is now the top-left of the first remaining range */
  newAnchorOrig?: CellPos;
}

export function shiftRangeList(sqref: string, edit: AxisEdit): ShiftedRangeList {
  const parts = sqref.trim().split(/\s+/);
  const kept: string[] = [];
  let changed = false;
  let oldAnchor: CellPos | undefined;
  let newAnchorOrig: CellPos | undefined;
  for (const p of parts) {
    let r: RangePos;
    try {
      r = parseRange(p);
    } catch {
      kept.push(p);
      continue;
    }
    oldAnchor ??= r.from;
    const n = shiftRange(r, edit);
    if (!n) {
      changed = true;
      continue;
    }
    if (!newAnchorOrig) {
      newAnchorOrig =
        edit.axis === 'row'
          ? { row: originalFirst(r.from.row, edit), col: r.from.col }
          : { row: r.from.row, col: originalFirst(r.from.col, edit) };
    }
    if (n !== r) changed = true;
    kept.push(n === r ? p : rangeText(n));
  }
  const out: ShiftedRangeList = { text: kept.length ? kept.join(' ') : undefined, changed };
  if (oldAnchor) out.oldAnchor = oldAnchor;
  if (newAnchorOrig) out.newAnchorOrig = newAnchorOrig;
  return out;
}
