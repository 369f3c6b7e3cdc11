/**
 * Moving a formula to another cell the way Excel copies it: relative row/column parts of its
 * references move by the offset, absolute ($) parts stay. A reference moved off the sheet becomes
 * #REF!. Used by sort (a formula travels with its row) and when the anchor cell of a conditional
 * format or validation changes.
 */
import { MAX_COLS, MAX_ROWS } from '../../../../lib/workbook/cell-ref';
import { areaText, mapFormulaTokens, type FormulaRewrite } from './formula-refs';
import type { RefArea } from './formula-tokens';

export function translateArea(a: RefArea, dRow: number, dCol: number): RefArea | undefined {
  let { r1, r2, c1, c2 } = a;
  if (a.kind !== 'cols') {
    if (!a.absR1) r1 += dRow;
    if (!a.absR2) r2 += dRow;
  }
  if (a.kind !== 'rows') {
    if (!a.absC1) c1 += dCol;
    if (!a.absC2) c2 += dCol;
  }
  if (r1 < 1 || r2 < 1 || r1 > MAX_ROWS || r2 > MAX_ROWS || c1 < 1 || c2 < 1 || c1 > MAX_COLS || c2 > MAX_COLS) return undefined;
  if (r1 === a.r1 && r2 === a.r2 && c1 === a.c1 && c2 === a.c2) return a;
  const out: RefArea = { ...a, r1, r2, c1, c2 };
  if (out.r1 > out.r2) {
    [out.r1, out.r2] = [out.r2, out.r1];
    [out.absR1, out.absR2] = [out.absR2, out.absR1];
  }
  if (out.c1 > out.c2) {
    [out.c1, out.c2] = [out.c2, out.c1];
    [out.absC1, out.absC2] = [out.absC2, out.absC1];
  }
  return out;
}

/** The formula as it reads when moved by dRow rows and dCol columns (external references untouched). */
export function translateFormula(formula: string, dRow: number, dCol: number): FormulaRewrite {
  if (dRow === 0 && dCol === 0) return { formula, refErrors: 0, skipped3d: 0 };
  let refErrors = 0;
  const out = mapFormulaTokens(formula, (t) => {
    if (t.kind !== 'ref' || !t.area || t.prefix?.external) return undefined;
    const a = translateArea(t.area, dRow, dCol);
    if (a === t.area) return undefined;
    if (!a) {
      refErrors++;
      return `${t.prefix?.text ?? ''}#REF!`;
    }
    return (t.prefix?.text ?? '') + areaText(a);
  });
  return { formula: out, refErrors, skipped3d: 0 };
}
