// The computed value of every formula cell of a stored workbook version, for the editor. Versions
// never change once stored, so results are cached per version (a few, per process): reopening a
// large workbook does not re-evaluate its formulas.
import { evaluateWorkbook, isErrorValue } from '../documents/workbook/evaluate-formulas';
import { parseWorkbook } from '../documents/workbook/schema';

type Scalar = string | number | boolean | null;
export type FormulaValues = Record<string, Record<string, Scalar>>;

const MAX_ENTRIES = 8;
const cache = new Map<string, FormulaValues>();

export function workbookFormulaValues(versionId: string, model: unknown): FormulaValues {
  const hit = cache.get(versionId);
  if (hit) {
    cache.delete(versionId);
    cache.set(versionId, hit);
    return hit;
  }
  const ev = evaluateWorkbook(parseWorkbook(model));
  const out: FormulaValues = {};
  for (const [sheet, values] of ev.formulaValues) {
    const o: Record<string, Scalar> = {};
    for (const [addr, val] of values) o[addr] = isErrorValue(val) ? val.error : val;
    out[sheet] = o;
  }
  cache.set(versionId, out);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return out;
}
