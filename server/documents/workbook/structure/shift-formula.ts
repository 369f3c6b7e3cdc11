/** Rewriting a formula's references for inserted or deleted rows/columns of one sheet. */
import { areaText, mapFormulaTokens, type FormulaRewrite } from './formula-refs';
import type { Token } from './formula-tokens';
import { shiftArea, type AxisEdit } from './shift-area';

export interface ShiftContext {
  /** the sheet the formula belongs to (unqualified references point there); undefined: unqualified references are left alone */
  sheet: string | undefined;
  /** true when the 3-D span first..last includes the edited sheet (3-D references are not shifted) */
  spanIncludesEdited?: (first: string, last: string) => boolean;
}

/** Does this token point into the edited sheet? (3-D and external references do not count.) */
function pointsAt(t: Token, editedKey: string, ctxKey: string | undefined): boolean {
  const p = t.prefix;
  if (!p) return ctxKey === editedKey;
  if (p.external || p.lastSheet !== undefined) return false;
  return p.sheet.toLowerCase() === editedKey;
}

/**
 * Shifts the references of `formula` that point into the edited sheet. References whose every
 * cell is deleted become #REF! (keeping their sheet prefix, as Excel writes "Sheet2!#REF!").
 */
export function shiftFormula(formula: string, edit: AxisEdit, ctx: ShiftContext): FormulaRewrite {
  const editedKey = edit.sheet.toLowerCase();
  const ctxKey = ctx.sheet?.toLowerCase();
  let refErrors = 0;
  let skipped3d = 0;
  const out = mapFormulaTokens(formula, (t) => {
    if (t.kind !== 'ref' || !t.area) return undefined;
    const p = t.prefix;
    if (p?.lastSheet !== undefined && !p.external) {
      if (ctx.spanIncludesEdited?.(p.sheet, p.lastSheet) && shiftArea(t.area, edit) !== t.area) skipped3d++;
      return undefined;
    }
    if (!pointsAt(t, editedKey, ctxKey)) return undefined;
    const a = shiftArea(t.area, edit);
    if (a === t.area) return undefined;
    if (!a) {
      refErrors++;
      return `${p?.text ?? ''}#REF!`;
    }
    return (p?.text ?? '') + areaText(a);
  });
  return { formula: out, refErrors, skipped3d };
}
