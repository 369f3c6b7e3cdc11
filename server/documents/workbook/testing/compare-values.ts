/**
 * Test helper: does our value of a formula cell agree with LibreOffice's?
 * - numbers within 1e-9 relative (1e-9 absolute near zero);
 * - text exactly; errors by code (LibreOffice's Err:502 matches #NUM! or #VALUE!);
 * - a logical against LibreOffice's 1/0: LibreOffice keeps logicals as numbers and only marks
 *   them through the cell's number format, so TRUE = 1 and FALSE = 0 count as agreeing;
 * - an empty result (null) equals 0 or "" (what a formula showing an empty cell becomes).
 */
import type { EvalValue } from '../evaluate-formulas';

export function sameValue(ours: EvalValue | undefined, lo: EvalValue | undefined, relTol = 1e-9): boolean {
  if (ours === undefined || lo === undefined) return ours === lo;
  if (ours === null) return lo === null || lo === 0 || lo === '';
  if (lo === null) return ours === 0 || ours === '';
  if (typeof ours === 'object' || typeof lo === 'object') {
    if (typeof ours !== 'object' || typeof lo !== 'object') return false;
    // LibreOffice's Err:502 stands for Excel's #NUM! (SQRT(-1)) as well as #VALUE! (VALUE("x"))
    if ((lo as { code?: string }).code === 'Err:502') return ours.error === '#NUM!' || ours.error === '#VALUE!';
    return ours.error === lo.error;
  }
  if (typeof ours === 'boolean' && typeof lo === 'number') return (ours ? 1 : 0) === lo;
  if (typeof ours === 'number' && typeof lo === 'boolean') return ours === (lo ? 1 : 0);
  if (typeof ours === 'number' && typeof lo === 'number') {
    const diff = Math.abs(ours - lo);
    return diff <= relTol * Math.max(Math.abs(ours), Math.abs(lo)) || diff <= 1e-9;
  }
  return ours === lo;
}

export interface Disagreement {
  sheet: string;
  cell: string;
  formula?: string;
  ours: EvalValue | undefined;
  libreoffice: EvalValue | undefined;
}

export const show = (v: EvalValue | undefined): string => (v === undefined ? '(none)' : JSON.stringify(v));

export function describeDisagreement(d: Disagreement): string {
  return `${d.sheet}!${d.cell}${d.formula ? ` =${d.formula}` : ''}: ours ${show(d.ours)}, LibreOffice ${show(d.libreoffice)}`;
}
