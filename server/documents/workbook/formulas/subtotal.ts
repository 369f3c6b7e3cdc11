/**
 * SUBTOTAL and AGGREGATE the way Excel computes them:
 * - SUBTOTAL 1–11 include manually hidden rows, 101–111 leave out hidden rows; both leave out
 *   rows hidden by a filter and cells that hold SUBTOTAL or AGGREGATE formulas (no double
 *   counting of nested subtotals). Hidden columns are not left out.
 * - AGGREGATE(function 1–19, options 0–7, ref1, …): options 0–3 leave out nested SUBTOTAL and
 *   AGGREGATE cells, 1/3/5/7 hidden rows, 2/3/6/7 error values; 14–19 take (array, k).
 *
 * They are registered as "context" functions whose arguments arrive unevaluated, so references
 * keep their position (row numbers for hidden-row checks).
 */
import FormulaParser from 'fast-formula-parser';

const { FormulaError } = FormulaParser;
type Err = InstanceType<typeof FormulaError>;
const isErr = (v: unknown): v is Err => v instanceof FormulaError;

export interface SubtotalEnv {
  /** the row is hidden (manually, by an outline, or by a filter) */
  rowHidden(sheet: string, row: number): boolean;
  /** the row is hidden by a filter (left out by every SUBTOTAL function number) */
  rowFiltered(sheet: string, row: number): boolean;
  /** the cell holds a SUBTOTAL or AGGREGATE formula */
  isSubtotalCell(sheet: string, row: number, col: number): boolean;
}

interface RawRef {
  ref: { sheet?: string; row?: number; col?: number; from?: { row: number; col: number }; to?: { row: number; col: number } };
}
interface Context {
  position: { sheet: string };
  utils: { extractRefValue(obj: unknown): { val: unknown; isArray: boolean } };
}

const isRef = (a: unknown): a is RawRef => typeof a === 'object' && a !== null && 'ref' in a && typeof (a as RawRef).ref === 'object';

interface Filter {
  skipHidden: boolean;
  skipNested: boolean;
  skipErrors: boolean;
}

/** The values an aggregate sees (row-major), hidden / nested / error cells left out as asked. */
function collect(context: Context, env: SubtotalEnv, args: unknown[], filter: Filter): unknown[] {
  const out: unknown[] = [];
  for (const a of args) {
    if (a === null || a === undefined) continue;
    if (isRef(a)) {
      const v = context.utils.extractRefValue(a).val;
      const sheet = a.ref.sheet ?? context.position.sheet;
      const r0 = a.ref.from ? a.ref.from.row : a.ref.row!;
      const c0 = a.ref.from ? a.ref.from.col : a.ref.col!;
      const grid = Array.isArray(v) ? (v as unknown[][]) : [[v]];
      for (let i = 0; i < grid.length; i++) {
        const row = r0 + i;
        if (env.rowFiltered(sheet, row) || (filter.skipHidden && env.rowHidden(sheet, row))) continue;
        const line = grid[i]!;
        for (let j = 0; j < line.length; j++) {
          if (filter.skipNested && env.isSubtotalCell(sheet, row, c0 + j)) continue;
          const x = line[j];
          if (filter.skipErrors && isErr(x)) continue;
          out.push(x);
        }
      }
    } else {
      const v = context.utils.extractRefValue(a).val;
      const flat = Array.isArray(v) ? (v as unknown[][]).flat() : [v];
      for (const x of flat) {
        if (filter.skipErrors && isErr(x)) continue;
        out.push(x);
      }
    }
  }
  return out;
}

function numbersOf(values: unknown[]): number[] {
  const xs: number[] = [];
  for (const v of values) {
    if (isErr(v)) throw v;
    if (typeof v === 'number') xs.push(v);
  }
  return xs;
}

function scalar(context: Context, a: unknown): unknown {
  const v = context.utils.extractRefValue(a).val;
  const x = Array.isArray(v) ? (v as unknown[][])[0]?.[0] : v;
  if (isErr(x)) throw x;
  return x;
}

function toInt(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Math.trunc(Number(v));
  throw FormulaError.VALUE;
}

function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

function variance(xs: number[], sample: boolean): number {
  const n = xs.length;
  if (n < (sample ? 2 : 1)) throw FormulaError.DIV0;
  const mean = sum(xs) / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return ss / (sample ? n - 1 : n);
}

function percentileInc(sorted: number[], p: number): number {
  if (!sorted.length || p < 0 || p > 1) throw FormulaError.NUM;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]!) - sorted[lo]!);
}

function percentileExc(sorted: number[], p: number): number {
  const n = sorted.length;
  const h = (n + 1) * p;
  if (!n || p <= 0 || p >= 1 || h < 1 || h > n) throw FormulaError.NUM;
  const lo = Math.floor(h);
  return sorted[lo - 1]! + (h - lo) * ((sorted[lo] ?? sorted[lo - 1]!) - sorted[lo - 1]!);
}

/** Function 1–13 of SUBTOTAL / AGGREGATE over the collected values. */
function aggregate(fn: number, values: unknown[]): number {
  switch (fn) {
    case 2: {
      let n = 0;
      for (const v of values) if (typeof v === 'number') n++;
      return n;
    }
    case 3: {
      let n = 0;
      for (const v of values) if (v !== null && v !== undefined) n++;
      return n;
    }
  }
  const xs = numbersOf(values);
  switch (fn) {
    case 1:
      if (!xs.length) throw FormulaError.DIV0;
      return sum(xs) / xs.length;
    case 4:
      return xs.length ? Math.max(...xs) : 0;
    case 5:
      return xs.length ? Math.min(...xs) : 0;
    case 6:
      return xs.length ? xs.reduce((a, b) => a * b, 1) : 0;
    case 7:
      return Math.sqrt(variance(xs, true));
    case 8:
      return Math.sqrt(variance(xs, false));
    case 9:
      return sum(xs);
    case 10:
      return variance(xs, true);
    case 11:
      return variance(xs, false);
    case 12: {
      if (!xs.length) throw FormulaError.NUM;
      const s = [...xs].sort((a, b) => a - b);
      const mid = s.length >> 1;
      return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
    }
    case 13: {
      const counts = new Map<number, number>();
      let best: number | undefined;
      let bestCount = 1;
      for (const x of xs) {
        const c = (counts.get(x) ?? 0) + 1;
        counts.set(x, c);
        if (c > bestCount) {
          bestCount = c;
          best = x;
        }
      }
      // ties: the value that reached the top count first in order of appearance
      if (best === undefined) throw FormulaError.NA;
      for (const x of xs) if (counts.get(x) === bestCount) return x;
      return best;
    }
  }
  throw FormulaError.VALUE;
}

export function subtotalFunctions(env: SubtotalEnv): Record<string, (context: unknown, ...args: unknown[]) => unknown> {
  return {
    SUBTOTAL: (ctx, fnArg, ...refs) => {
      const context = ctx as Context;
      const code = toInt(scalar(context, fnArg));
      const fn = code > 100 ? code - 100 : code;
      if (fn < 1 || fn > 11 || (code > 11 && code < 101) || code > 111) throw FormulaError.VALUE;
      if (!refs.length) throw FormulaError.VALUE;
      const values = collect(context, env, refs, { skipHidden: code > 100, skipNested: true, skipErrors: false });
      if (fn !== 2 && fn !== 3) for (const v of values) if (isErr(v)) throw v;
      return aggregate(fn, values);
    },
    AGGREGATE: (ctx, fnArg, optArg, ...refs) => {
      const context = ctx as Context;
      const fn = toInt(scalar(context, fnArg));
      const opt = optArg === null || optArg === undefined ? 0 : toInt(scalar(context, optArg));
      if (fn < 1 || fn > 19 || opt < 0 || opt > 7) throw FormulaError.VALUE;
      const filter: Filter = { skipHidden: opt % 2 === 1, skipNested: opt <= 3, skipErrors: opt === 2 || opt === 3 || opt === 6 || opt === 7 };
      if (fn <= 13) {
        if (!refs.length) throw FormulaError.VALUE;
        const values = collect(context, env, refs, filter);
        if (fn !== 2 && fn !== 3) for (const v of values) if (isErr(v)) throw v;
        return aggregate(fn, values);
      }
      const [arr, kArg] = refs;
      if (arr === undefined || kArg === undefined || kArg === null) throw FormulaError.VALUE;
      const xs = numbersOf(collect(context, env, [arr], filter)).sort((a, b) => a - b);
      const k = Number(scalar(context, kArg));
      if (!Number.isFinite(k)) throw FormulaError.VALUE;
      switch (fn) {
        case 14:
        case 15: {
          const i = Math.ceil(k);
          if (i < 1 || i > xs.length) throw FormulaError.NUM;
          return fn === 14 ? xs[xs.length - i]! : xs[i - 1]!;
        }
        case 16:
          return percentileInc(xs, k);
        case 17:
          if (Math.trunc(k) < 0 || Math.trunc(k) > 4) throw FormulaError.NUM;
          return percentileInc(xs, Math.trunc(k) / 4);
        case 18:
          return percentileExc(xs, k);
        default:
          if (Math.trunc(k) < 1 || Math.trunc(k) > 3) throw FormulaError.NUM;
          return percentileExc(xs, Math.trunc(k) / 4);
      }
    },
  };
}

/** Names of the functions that must receive their arguments unevaluated. */
export const SUBTOTAL_RAW_ARGS = ['SUBTOTAL', 'AGGREGATE'];
