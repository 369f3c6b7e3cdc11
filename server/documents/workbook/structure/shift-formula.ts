/** Rewriting a formula's references for inserted or deleted rows/columns of one sheet. */
import { areaText, type FormulaRewrite } from './formula-refs';
import { currentArea, scanFormula, type RefArea, type SheetPrefix } from './formula-tokens';
import { shiftSpan, type AxisEdit } from './shift-area';

export interface ShiftContext {
  /** the sheet the formula belongs to (unqualified references point there); undefined: unqualified references are left alone */
  sheet: string | undefined;
  /** true when the 3-D span first..last includes the edited sheet (3-D references are not shifted) */
  spanIncludesEdited?: (first: string, last: string) => boolean;
}

function sameSheet(name: string, key: string): boolean {
  return name.length === key.length && name.toLowerCase() === key;
}

/**
 * Shifts the references of `formula` that point into the edited sheet. References whose every
 * cell is deleted become #REF! (keeping their sheet prefix, as Excel writes "Sheet2!#REF!").
 * Hot path (every formula of the edited sheet): the scan allocates nothing for references that
 * do not move.
 */
export function shiftFormula(formula: string, edit: AxisEdit, ctx: ShiftContext): FormulaRewrite {
  const editedKey = edit.sheet.toLowerCase();
  const ownSheet = ctx.sheet !== undefined && sameSheet(ctx.sheet, editedKey);
  const byRow = edit.axis === 'row';
  const at = edit.at;
  let refErrors = 0;
  let skipped3d = 0;
  let out: string | undefined;
  let copied = 0;
  const replace = (start: number, end: number, prefix: SheetPrefix | undefined, text: string) => {
    out = (out ?? '') + formula.slice(copied, start) + (prefix ? prefix.text : '') + text;
    copied = end;
  };
  scanFormula(formula, (kind, start, end, prefix) => {
    if (kind !== 'ref') return;
    const a = currentArea;
    // fast reject: whole columns do not move with rows (nor whole rows with columns); spans before the edit stay
    if (byRow ? a.kind === 'cols' || a.r2 < at : a.kind === 'rows' || a.c2 < at) return;
    if (prefix) {
      if (prefix.external) return;
      if (prefix.lastSheet !== undefined) {
        if (ctx.spanIncludesEdited?.(prefix.sheet, prefix.lastSheet)) skipped3d++;
        return;
      }
      if (!sameSheet(prefix.sheet, editedKey)) return;
    } else if (!ownSheet) return;
    const s = byRow ? shiftSpan(a.r1, a.r2, edit) : shiftSpan(a.c1, a.c2, edit);
    if (!s) {
      refErrors++;
      replace(start, end, prefix, '#REF!');
      return;
    }
    if (byRow ? s[0] === a.r1 && s[1] === a.r2 : s[0] === a.c1 && s[1] === a.c2) return;
    const moved: RefArea = byRow ? { ...a, r1: s[0], r2: s[1] } : { ...a, c1: s[0], c2: s[1] };
    replace(start, end, prefix, areaText(moved));
  });
  return { formula: out === undefined ? formula : out + formula.slice(copied), refErrors, skipped3d };
}
