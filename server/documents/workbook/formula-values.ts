// The computed value of every formula cell, per sheet, as plain JSON (what the editor shows in the
// grid): errors become their code ("#DIV/0!"). Built from an evaluation, so a render (which
// evaluates the workbook anyway) yields it for free.
import { evaluateWorkbook, isErrorValue, type WorkbookEvaluation } from './evaluate-formulas';
import type { Workbook } from './schema';

type Scalar = string | number | boolean | null;
export type FormulaValues = Record<string, Record<string, Scalar>>;

export function formulaValuesOf(ev: WorkbookEvaluation): FormulaValues {
  const out: FormulaValues = {};
  for (const [sheet, values] of ev.formulaValues) {
    const o: Record<string, Scalar> = {};
    for (const [addr, val] of values) o[addr] = isErrorValue(val) ? val.error : val;
    out[sheet] = o;
  }
  return out;
}

export function computeFormulaValues(wb: Workbook): FormulaValues {
  return formulaValuesOf(evaluateWorkbook(wb));
}
