/**
 * Excel's operators (+ - * / ^ & = <> < > <= >=, unary minus, %) for fast-formula-parser, which
 * only compares the first element of arrays, compares text case-sensitively and has no
 * element-wise array arithmetic (so SUMPRODUCT((B2:B9="North")*C2:C9) was 0).
 *
 * Semantics: arrays and ranges combine element by element (a single row or column is repeated to
 * the other's size, cells outside both sizes are #N/A); an empty cell is 0 in arithmetic, "" in
 * text; text that reads as a number is a number in arithmetic; comparisons order numbers < text <
 * logicals, text case-insensitively; the first error wins.
 */
import FormulaParser from 'fast-formula-parser';
import { numberToText } from './number-text';
import { parseNumericText } from './text-values';

export { parseNumericText };

const { FormulaError } = FormulaParser;
type Err = InstanceType<typeof FormulaError>;

const collator = new Intl.Collator('en', { sensitivity: 'accent' });

const isErr = (v: unknown): v is Err => v instanceof FormulaError;

/** A value as a number for arithmetic, or the error it becomes. */
export function toNumberValue(v: unknown): number | Err {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isErr(v)) return v;
  if (typeof v === 'string') {
    const n = parseNumericText(v);
    return n === undefined ? FormulaError.VALUE : n;
  }
  return FormulaError.VALUE;
}

function toText(v: unknown): string | Err {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isErr(v)) return v;
  return FormulaError.VALUE;
}

function arith(op: string, a: unknown, b: unknown): unknown {
  const x = toNumberValue(a);
  if (isErr(x)) return x;
  const y = toNumberValue(b);
  if (isErr(y)) return y;
  let r: number;
  switch (op) {
    case '+':
      r = x + y;
      break;
    case '-':
      r = x - y;
      break;
    case '*':
      r = x * y;
      break;
    case '/':
      if (y === 0) return FormulaError.DIV0;
      r = x / y;
      break;
    default:
      if (x === 0 && y === 0) return FormulaError.NUM;
      if (x === 0 && y < 0) return FormulaError.DIV0;
      r = x ** y;
  }
  if (!Number.isFinite(r)) return FormulaError.NUM;
  return r;
}

const typeRank = (v: unknown) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);

/** Excel's ordering of two non-error values: negative, 0 or positive. */
export function compareValues(a: unknown, b: unknown): number {
  // an empty cell takes the other side's type: 0, "" or FALSE
  if (a === null || a === undefined) a = typeof b === 'string' ? '' : typeof b === 'boolean' ? false : 0;
  if (b === null || b === undefined) b = typeof a === 'string' ? '' : typeof a === 'boolean' ? false : 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number') {
    // equal within 15 significant digits, as Excel compares (0.1+0.2 = 0.3)
    const d = a - (b as number);
    return Math.abs(d) <= Math.max(Math.abs(a), Math.abs(b as number)) * 3.6e-15 ? 0 : d;
  }
  if (typeof a === 'string') return collator.compare(a, b as string);
  return Number(a) - Number(b);
}

function compare(op: string, a: unknown, b: unknown): unknown {
  if (isErr(a)) return a;
  if (isErr(b)) return b;
  const c = compareValues(a, b);
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

function concat(a: unknown, b: unknown): unknown {
  const x = toText(a);
  if (isErr(x)) return x;
  const y = toText(b);
  if (isErr(y)) return y;
  return x + y;
}

/** Element-wise application over scalars / 2-D arrays, with Excel's broadcasting. */
function lift(fn: (a: unknown, b: unknown) => unknown, a: unknown, b: unknown): unknown {
  const aa = Array.isArray(a);
  const ba = Array.isArray(b);
  if (!aa && !ba) return fn(a, b);
  const A = (aa ? a : [[a]]) as unknown[][];
  const B = (ba ? b : [[b]]) as unknown[][];
  const ar = A.length;
  const ac = A[0]?.length ?? 0;
  const br = B.length;
  const bc = B[0]?.length ?? 0;
  const rows = ar === 1 ? br : br === 1 ? ar : Math.max(ar, br);
  const cols = ac === 1 ? bc : bc === 1 ? ac : Math.max(ac, bc);
  const out: unknown[][] = new Array<unknown[]>(rows);
  for (let r = 0; r < rows; r++) {
    const line = new Array(cols);
    for (let c = 0; c < cols; c++) {
      const ai = ar === 1 ? 0 : r;
      const aj = ac === 1 ? 0 : c;
      const bi = br === 1 ? 0 : r;
      const bj = bc === 1 ? 0 : c;
      if (ai >= ar || aj >= ac || bi >= br || bj >= bc) line[c] = FormulaError.NA;
      else line[c] = fn(A[ai]![aj], B[bi]![bj]);
    }
    out[r] = line;
  }
  return out;
}

function map1(fn: (a: unknown) => unknown, a: unknown): unknown {
  if (!Array.isArray(a)) return fn(a);
  return (a as unknown[][]).map((row) => row.map(fn));
}

const COMPARE = new Set(['=', '<>', '<', '>', '<=', '>=']);

interface Utils {
  _applyInfix(res1: { val: unknown }, infix: string, res2: { val: unknown }): unknown;
  _applyPrefix(prefixes: string[], val: unknown, isArray: boolean): unknown;
  _applyPostfix(val: unknown, isArray: boolean, postfix: string): unknown;
}

/** Replaces the operators of one parser instance (other instances are untouched). */
export function installOperators(parser: FormulaParser): void {
  const utils = (parser as unknown as { utils: Utils }).utils;
  utils._applyInfix = (res1, infix, res2) => {
    const a = res1.val;
    const b = res2.val;
    if (!Array.isArray(a) && !Array.isArray(b)) {
      // scalars (the common case): no element-wise machinery
      if (COMPARE.has(infix)) return compare(infix, a, b);
      if (infix === '&') return concat(a, b);
      return arith(infix, a, b);
    }
    if (COMPARE.has(infix)) return lift((x, y) => compare(infix, x, y), a, b);
    if (infix === '&') return lift(concat, a, b);
    return lift((x, y) => arith(infix, x, y), a, b);
  };
  utils._applyPrefix = (prefixes, val) => {
    let sign = 1;
    let negated = false;
    for (const p of prefixes) {
      if (p === '-') {
        sign = -sign;
        negated = true;
      }
    }
    return map1((v) => {
      // unary plus alone changes nothing (=+"3" is text); any minus makes a number (--TRUE is 1)
      if (!negated) return v === null || v === undefined ? 0 : v;
      const n = toNumberValue(v);
      return isErr(n) ? n : n === 0 ? 0 : sign * n;
    }, val);
  };
  utils._applyPostfix = (val) =>
    map1((v) => {
      const n = toNumberValue(v);
      return isErr(n) ? n : n / 100;
    }, val);
}
