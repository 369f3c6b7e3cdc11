/**
 * Functions of single values applied element by element when an argument is an array or range
 * (in SUMPRODUCT, array formulas…): SUMPRODUCT(LEN(A1:A9)) sums nine lengths. In ordinary
 * formulas Excel intersects such ranges first (implicit-intersection.ts marks them), so only
 * array contexts reach the element-wise path.
 */
import type { FfpArg } from 'fast-formula-parser';

type Fn = (...args: FfpArg[]) => unknown;

export const SCALAR_FUNCTIONS = [
  'LEN', 'LEFT', 'RIGHT', 'MID', 'UPPER', 'LOWER', 'PROPER', 'TRIM', 'VALUE', 'TEXT', 'ABS', 'INT', 'ROUND', 'ROUNDUP',
  'ROUNDDOWN', 'TRUNC', 'SIGN', 'SQRT', 'EXP', 'LN', 'LOG10', 'MOD', 'YEAR', 'MONTH', 'DAY', 'WEEKDAY', 'HOUR', 'MINUTE',
  'SECOND', 'ISNUMBER', 'ISTEXT', 'ISBLANK', 'ISERROR', 'ISERR', 'ISNA', 'ISLOGICAL', 'ISNONTEXT', 'N', 'EXACT', 'FIND',
  'SEARCH', 'SUBSTITUTE', 'DATEVALUE', 'CODE', 'CHAR', 'NOT', 'CLEAN', 'REPT', 'DATE', 'EDATE', 'EOMONTH', 'WEEKNUM',
];

const isGrid = (v: unknown): v is unknown[][] => Array.isArray(v) && Array.isArray(v[0]);

function lift(fn: Fn): Fn {
  return (...args: FfpArg[]) => {
    let rows = 0;
    let cols = 0;
    for (const a of args) {
      const v = a?.value;
      if (isGrid(v) && (v.length > 1 || (v[0]?.length ?? 0) > 1)) {
        rows = Math.max(rows, v.length);
        cols = Math.max(cols, v[0]?.length ?? 0);
      }
    }
    if (!rows) return fn(...args);
    const out: unknown[][] = [];
    for (let r = 0; r < rows; r++) {
      const line: unknown[] = [];
      for (let c = 0; c < cols; c++) {
        const call = args.map((a) => {
          const v = a?.value;
          if (!a || !isGrid(v)) return a;
          const x = v.length === 1 ? v[0]?.[v[0].length === 1 ? 0 : c] : (v[r]?.[v[0]!.length === 1 ? 0 : c]);
          return { value: x === undefined ? null : x, isArray: false };
        });
        try {
          line.push(fn(...call));
        } catch (e) {
          line.push(e);
        }
      }
      out.push(line);
    }
    return out;
  };
}

/** Wraps the scalar functions of a parser's function table (call after other wrappers). */
export function liftScalarFunctions(functions: Record<string, Fn>): Record<string, Fn> {
  const out: Record<string, Fn> = {};
  for (const name of SCALAR_FUNCTIONS) {
    const base = functions[name];
    if (base) out[name] = lift(base);
  }
  return out;
}
