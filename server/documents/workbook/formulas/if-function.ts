/**
 * IF(condition, [value_if_true], [value_if_false]) with Excel's reading of the condition (an
 * empty cell is FALSE, a number is TRUE unless 0, "TRUE"/"FALSE" text counts, other text is
 * #VALUE!), element by element when the condition is an array (inside SUMPRODUCT or an array
 * formula). The chosen branch is returned as is, so a reference stays a reference.
 */
import FormulaParser from 'fast-formula-parser';

const { FormulaError } = FormulaParser;

interface Ctx {
  utils: { extractRefValue(obj: unknown): { val: unknown } };
}

function truth(v: unknown): boolean | InstanceType<typeof FormulaError> {
  if (v instanceof FormulaError) return v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v === null || v === undefined || v === '') return false;
  if (typeof v === 'string') {
    const u = v.trim().toUpperCase();
    if (u === 'TRUE') return true;
    if (u === 'FALSE') return false;
  }
  return FormulaError.VALUE;
}

export function IF(context: unknown, cond: unknown, whenTrue?: unknown, whenFalse?: unknown): unknown {
  const ctx = context as Ctx;
  const value = (a: unknown) => (a === null || a === undefined ? a : ctx.utils.extractRefValue(a).val);
  // an argument left out: FALSE when the whole argument is missing, 0 when it is empty (IF(c,,1))
  const branch = (a: unknown, present: boolean) => (a === null || a === undefined ? (present ? 0 : false) : a);
  const c = value(cond);
  if (!Array.isArray(c)) {
    const t = truth(c);
    if (t instanceof FormulaError) throw t;
    return t ? branch(whenTrue, whenTrue !== undefined) : branch(whenFalse, whenFalse !== undefined);
  }
  const grid = c as unknown[][];
  const a = value(whenTrue);
  const b = value(whenFalse);
  const pick = (x: unknown, r: number, k: number, present: boolean) => {
    if (Array.isArray(x)) {
      const g = x as unknown[][];
      return (g.length === 1 ? g[0] : g[r])?.[(g[0]?.length ?? 0) === 1 ? 0 : k] ?? FormulaError.NA;
    }
    return x === null || x === undefined ? (present ? 0 : false) : x;
  };
  return grid.map((row, r) =>
    row.map((v, k) => {
      const t = truth(v);
      if (t instanceof FormulaError) return t;
      return t ? pick(a, r, k, whenTrue !== undefined) : pick(b, r, k, whenFalse !== undefined);
    }),
  );
}
