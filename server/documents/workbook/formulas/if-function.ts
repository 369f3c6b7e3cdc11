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

function valueOf(ctx: Ctx, a: unknown): unknown {
  return a === null || a === undefined ? a : ctx.utils.extractRefValue(a).val;
}

/** The chosen branch: FALSE when the whole argument is missing, 0 when it is empty (IF(c,,1)). */
function branch(a: unknown, present: boolean): unknown {
  return a === null || a === undefined ? (present ? 0 : false) : a;
}

function pick(x: unknown, r: number, k: number, present: boolean): unknown {
  if (Array.isArray(x)) {
    const g = x as unknown[][];
    return (g.length === 1 ? g[0] : g[r])?.[(g[0]?.length ?? 0) === 1 ? 0 : k] ?? FormulaError.NA;
  }
  return branch(x, present);
}

export function IF(context: unknown, cond: unknown, whenTrue?: unknown, whenFalse?: unknown): unknown {
  const ctx = context as Ctx;
  const c = valueOf(ctx, cond);
  if (!Array.isArray(c)) {
    const t = truth(c);
    if (t instanceof FormulaError) throw t;
    return t ? branch(whenTrue, whenTrue !== undefined) : branch(whenFalse, whenFalse !== undefined);
  }
  const grid = c as unknown[][];
  const a = valueOf(ctx, whenTrue);
  const b = valueOf(ctx, whenFalse);
  const out: unknown[][] = [];
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r]!;
    const line: unknown[] = [];
    for (let k = 0; k < row.length; k++) {
      const t = truth(row[k]);
      line.push(t instanceof FormulaError ? t : t ? pick(a, r, k, whenTrue !== undefined) : pick(b, r, k, whenFalse !== undefined));
    }
    out.push(line);
  }
  return out;
}
