/**
 * Spreadsheet functions that fast-formula-parser 1.0.19 leaves unimplemented (MIN, MAX, MATCH,
 * SUMIFS, XLOOKUP, …) or gets wrong (TRIM), written against Excel's documented semantics.
 * Financial functions delegate to @formulajs/formulajs (MIT).
 */
import FormulaParser, { type FfpArg } from 'fast-formula-parser';
import * as formulajs from '@formulajs/formulajs';
import { dayOfWeek, daysInMonth, serialToYmd, ymdToSerial } from './formulas/serial-dates';
import { MAX_COLS, MAX_ROWS, parseAddress } from '../../../lib/workbook/cell-ref';
import { roundingFunctions } from './formulas/rounding';
import { statisticsFunctions } from './formulas/statistics';
import { timeFunctions } from './formulas/time-functions';
import { LOOKUP } from './formulas/lookup-vector';
import { IF } from './formulas/if-function';
import { parseNumericText } from './formulas/text-values';
import { dateFunctions } from './formulas/date-functions';
import { ceilingFloorFunctions } from './formulas/ceiling-floor';
import { workdayIntlFunctions } from './formulas/workday-intl';

const { FormulaError } = FormulaParser;
type Scalar = number | string | boolean | null;

function isError(v: unknown): v is InstanceType<typeof FormulaError> {
  return v instanceof FormulaError;
}

/** Flattens a function argument to its scalar values (row-major). */
function flat(arg: FfpArg | undefined): unknown[] {
  if (!arg) return [];
  const v = arg.value;
  if (Array.isArray(v)) return (v as unknown[][]).flat();
  return [v];
}

/** A 2-D view of an argument (a single value becomes 1×1). */
function grid(arg: FfpArg | undefined): unknown[][] {
  if (!arg) return [[]];
  const v = arg.value;
  if (Array.isArray(v)) return v as unknown[][];
  return [[v]];
}

function toNumber(v: unknown): number {
  if (isError(v)) throw v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null || v === undefined || v === '') return 0;
  if (typeof v === 'string') {
    const n = Number(v.trim());
    if (v.trim() !== '' && Number.isFinite(n)) return n;
  }
  throw FormulaError.VALUE;
}

function toText(v: unknown): string {
  if (isError(v)) throw v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return plainString(v);
}

/**
 * String(v) spelled out for the values the engine hands around: primitives, error values and
 * (nested) arrays of them, which join with "," as Array.prototype.toString does.
 */
export function plainString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (isError(v)) return v.error;
  if (Array.isArray(v)) return v.map(plainString).join(',');
  return Object.prototype.toString.call(v);
}

/**
 * Numbers of statistical functions: numbers inside ranges/arrays (text, logical and empty cells
 * skipped); directly typed arguments are converted (TRUE → 1, "3" → 3).
 */
function numbers(args: FfpArg[]): number[] {
  const out: number[] = [];
  for (const a of args) {
    if (!a || a.omitted) continue;
    if (a.isArray || a.isRangeRef || a.isCellRef) {
      for (const v of flat(a)) {
        if (isError(v)) throw v;
        if (typeof v === 'number') out.push(v);
      }
    } else {
      out.push(toNumber(a.value));
    }
  }
  return out;
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || v === '';
}

function wildcardToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '~' && i + 1 < pattern.length) {
      re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

/** Builds a matcher for COUNTIF-style criteria ("&gt;10", "a*", 5, "&lt;&gt;", TRUE). */
export function criterion(crit: unknown): (v: unknown) => boolean {
  if (isError(crit)) throw crit;
  if (typeof crit === 'number') return (v) => typeof v === 'number' && v === crit;
  if (typeof crit === 'boolean') return (v) => v === crit;
  if (crit === null || crit === undefined) return (v) => v === 0 || isBlank(v);
  const s = plainString(crit);
  const m = /^(<=|>=|<>|<|>|=)?([\s\S]*)$/.exec(s)!;
  const op = m[1] ?? '=';
  const operand = m[2] ?? '';
  const num = operand.trim() !== '' && Number.isFinite(Number(operand)) ? Number(operand) : undefined;
  const bool = /^(true|false)$/i.test(operand) ? operand.toLowerCase() === 'true' : undefined;
  if (op === '=' || op === '<>') {
    let eq: (v: unknown) => boolean;
    if (operand === '') {
      eq = (v) => isBlank(v);
    } else if (num !== undefined) {
      eq = (v) => (typeof v === 'number' && v === num) || (typeof v === 'string' && v.trim() !== '' && Number(v) === num);
    } else if (bool !== undefined) {
      eq = (v) => v === bool;
    } else {
      const re = /[*?~]/.test(operand) ? wildcardToRegExp(operand) : undefined;
      const lower = operand.toLowerCase();
      eq = (v) => typeof v === 'string' && (re ? re.test(v) : v.toLowerCase() === lower);
    }
    return op === '=' ? eq : (v) => !eq(v);
  }
  const cmp = (a: number) =>
    op === '<' ? a < 0 : op === '>' ? a > 0 : op === '<=' ? a <= 0 : a >= 0;
  if (num !== undefined) return (v) => typeof v === 'number' && cmp(v - num);
  const lower = operand.toLowerCase();
  return (v) => typeof v === 'string' && cmp(v.toLowerCase().localeCompare(lower));
}

/** Indices (into the flattened range) that satisfy every (range, criterion) pair. */
function matchingIndices(pairs: FfpArg[], size?: number): number[] {
  if (pairs.length === 0 || pairs.length % 2 !== 0) throw FormulaError.VALUE;
  const ranges: unknown[][] = [];
  const tests: Array<(v: unknown) => boolean> = [];
  for (let i = 0; i < pairs.length; i += 2) {
    ranges.push(flat(pairs[i]));
    tests.push(criterion(pairs[i + 1]!.value));
  }
  const n = size ?? ranges[0]!.length;
  if (ranges.some((r) => r.length !== n)) throw FormulaError.VALUE;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (tests.every((t, k) => t(ranges[k]![i]))) out.push(i);
  }
  return out;
}

function numericAt(values: unknown[], idx: number[]): number[] {
  const out: number[] = [];
  for (const i of idx) {
    const v = values[i];
    if (isError(v)) throw v;
    if (typeof v === 'number') out.push(v);
  }
  return out;
}

function variance(xs: number[], sample: boolean): number {
  const n = xs.length;
  if (n < (sample ? 2 : 1)) throw FormulaError.DIV0;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const ss = xs.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  return ss / (sample ? n - 1 : n);
}

function compareLookup(a: unknown, b: unknown): number {
  // Excel ordering: numbers < text < logicals; text case-insensitive.
  const rank = (v: unknown) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase().localeCompare(b.toLowerCase());
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}

function lookupEquals(needle: unknown, v: unknown, wildcard: boolean): boolean {
  if (typeof needle === 'string' && typeof v === 'string') {
    if (wildcard && /[*?~]/.test(needle)) return wildcardToRegExp(needle).test(v);
    return needle.toLowerCase() === v.toLowerCase();
  }
  return needle === v;
}

/** lookupEquals with the needle prepared once (lower case, wildcard pattern). */
function exactMatcher(needle: unknown, wildcard: boolean): (v: unknown) => boolean {
  if (typeof needle !== 'string') return (v) => v === needle;
  if (wildcard && /[*?~]/.test(needle)) {
    const re = wildcardToRegExp(needle);
    return (v) => typeof v === 'string' && re.test(v);
  }
  const lower = needle.toLowerCase();
  return (v) => typeof v === 'string' && v.toLowerCase() === lower;
}

/** MATCH / XMATCH core: position (0-based) or -1. */
function findPosition(needle: unknown, list: unknown[], mode: number, wildcard: boolean): number {
  if (mode === 0) {
    const eq = exactMatcher(needle, wildcard);
    for (let i = 0; i < list.length; i++) if (eq(list[i])) return i;
    return -1;
  }
  if (mode === 1) {
    // largest value <= needle, list ascending (binary search like Excel)
    let lo = 0;
    let hi = list.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compareLookup(list[mid], needle);
      if (c <= 0) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }
  // -1: smallest value >= needle, list descending
  let ans = -1;
  for (let i = 0; i < list.length; i++) {
    const c = compareLookup(list[i], needle);
    if (c >= 0) ans = i;
    else break;
  }
  return ans;
}

function rowOrColumn(arg: FfpArg | undefined): { values: unknown[]; vertical: boolean } {
  const g = grid(arg);
  if (g.length === 1) return { values: g[0] ?? [], vertical: false };
  if ((g[0]?.length ?? 0) === 1) return { values: g.map((r) => r[0]), vertical: true };
  throw FormulaError.NA;
}

/** formulajs functions with a dotted name (T.TEST is formulajs.T.TEST). */
function finDotted(group: string, name: string, args: FfpArg[]): unknown {
  const g = (formulajs as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[group];
  return finCall(`${group}.${name}`, g?.[name], args);
}

function fin(name: string, args: FfpArg[]): unknown {
  return finCall(name, (formulajs as unknown as Record<string, (...a: unknown[]) => unknown>)[name], args);
}

function finCall(name: string, fn: ((...a: unknown[]) => unknown) | undefined, args: FfpArg[]): unknown {
  if (!fn) throw FormulaError.NOT_IMPLEMENTED(name);
  const vals = args.map((a) => (a.omitted ? undefined : a.isArray || a.isRangeRef ? flat(a).filter((v) => typeof v === 'number') : toNumber(a.value)));
  const r = fn(...vals);
  if (r instanceof Error) throw new FormulaError(r.message.startsWith('#') ? r.message : '#VALUE!');
  if (typeof r === 'number' && !Number.isFinite(r)) throw FormulaError.NUM;
  return r;
}

export const extraFunctions: Record<string, (...args: FfpArg[]) => unknown> = {
  // fast-formula-parser's own SUM / AVERAGE / COUNT are quadratic in the range size
  // (3.5 s for 20,000 cells); these are linear.
  SUM: (...args) => {
    let total = 0;
    for (const x of numbers(args)) total += x;
    return total;
  },
  PRODUCT: (...args) => {
    const xs = numbers(args);
    return xs.length ? xs.reduce((a, b) => a * b, 1) : 0;
  },
  AVERAGE: (...args) => {
    const xs = numbers(args);
    if (!xs.length) throw FormulaError.DIV0;
    let total = 0;
    for (const x of xs) total += x;
    return total / xs.length;
  },
  COUNT: (...args) => {
    let n = 0;
    for (const a of args) {
      if (!a || a.omitted) continue;
      if (a.isArray || a.isRangeRef || a.isCellRef) {
        for (const v of flat(a)) if (typeof v === 'number') n++;
      } else {
        const v = a.value;
        if (typeof v === 'number' || typeof v === 'boolean') n++;
        else if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) n++;
      }
    }
    return n;
  },
  MIN: (...args) => {
    const xs = numbers(args);
    return xs.length ? Math.min(...xs) : 0;
  },
  MAX: (...args) => {
    const xs = numbers(args);
    return xs.length ? Math.max(...xs) : 0;
  },
  MEDIAN: (...args) => {
    const xs = numbers(args).sort((a, b) => a - b);
    if (!xs.length) throw FormulaError.NUM;
    const mid = xs.length >> 1;
    return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  },
  STDEV: (...args) => Math.sqrt(variance(numbers(args), true)),
  'STDEV.S': (...args) => Math.sqrt(variance(numbers(args), true)),
  STDEVP: (...args) => Math.sqrt(variance(numbers(args), false)),
  'STDEV.P': (...args) => Math.sqrt(variance(numbers(args), false)),
  VAR: (...args) => variance(numbers(args), true),
  'VAR.S': (...args) => variance(numbers(args), true),
  VARP: (...args) => variance(numbers(args), false),
  'VAR.P': (...args) => variance(numbers(args), false),
  LARGE: (arr, k) => {
    const xs = numbers([arr]).sort((a, b) => b - a);
    const i = Math.ceil(toNumber(k.value));
    if (i < 1 || i > xs.length) throw FormulaError.NUM;
    return xs[i - 1]!;
  },
  SMALL: (arr, k) => {
    const xs = numbers([arr]).sort((a, b) => a - b);
    const i = Math.ceil(toNumber(k.value));
    if (i < 1 || i > xs.length) throw FormulaError.NUM;
    return xs[i - 1]!;
  },
  RANK: (x, ref, order) => rank(x, ref, order),
  'RANK.EQ': (x, ref, order) => rank(x, ref, order),
  COUNTA: (...args) => {
    let n = 0;
    for (const a of args) {
      if (!a || a.omitted) continue;
      for (const v of flat(a)) if (v !== null && v !== undefined) n++;
    }
    return n;
  },
  COUNTBLANK: (range) => flat(range).filter((v) => isBlank(v)).length,
  COUNTIFS: (...pairs) => matchingIndices(pairs).length,
  SUMIFS: (sumRange, ...pairs) => {
    const values = flat(sumRange);
    return numericAt(values, matchingIndices(pairs, values.length)).reduce((a, b) => a + b, 0);
  },
  AVERAGEIFS: (avgRange, ...pairs) => {
    const values = flat(avgRange);
    const xs = numericAt(values, matchingIndices(pairs, values.length));
    if (!xs.length) throw FormulaError.DIV0;
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  },
  MAXIFS: (range, ...pairs) => {
    const values = flat(range);
    const xs = numericAt(values, matchingIndices(pairs, values.length));
    return xs.length ? Math.max(...xs) : 0;
  },
  MINIFS: (range, ...pairs) => {
    const values = flat(range);
    const xs = numericAt(values, matchingIndices(pairs, values.length));
    return xs.length ? Math.min(...xs) : 0;
  },
  MATCH: (needle, list, type) => {
    const mode = type && !type.omitted ? Math.sign(toNumber(type.value)) : 1;
    const n = needle.value;
    if (isError(n)) throw n;
    const { values } = rowOrColumn(list);
    const i = findPosition(n, values, mode, true);
    if (i < 0) throw FormulaError.NA;
    return i + 1;
  },
  XMATCH: (needle, list, matchMode, searchMode) => {
    const n = needle.value;
    if (isError(n)) throw n;
    const { values } = rowOrColumn(list);
    const i = xfind(n, values, matchMode, searchMode);
    if (i < 0) throw FormulaError.NA;
    return i + 1;
  },
  XLOOKUP: (needle, lookupArr, returnArr, ifNotFound, matchMode, searchMode) => {
    const n = needle.value;
    if (isError(n)) throw n;
    const { values, vertical } = rowOrColumn(lookupArr);
    const i = xfind(n, values, matchMode, searchMode);
    if (i < 0) {
      if (ifNotFound && !ifNotFound.omitted) return ifNotFound.value;
      throw FormulaError.NA;
    }
    const g = grid(returnArr);
    if (vertical) {
      const row = g[i];
      if (!row) throw FormulaError.VALUE;
      return row.length === 1 ? row[0] : [row];
    }
    const col = g.map((r) => r[i]);
    return col.length === 1 ? col[0] : col.map((v) => [v]);
  },
  // HYPERLINK(link, [friendly_name]): the cell shows the friendly name, else the link (following it is the spreadsheet app's)
  HYPERLINK: (link, friendly) => {
    const shown = friendly && !friendly.omitted ? scalarOf(friendly) : scalarOf(link);
    if (isError(shown)) throw shown;
    return shown === null || shown === undefined ? 0 : shown;
  },
  UPPER: (t) => toText(t.value).toUpperCase(),
  TRIM: (t) => toText(t.value).trim().replace(/ {2,}/g, ' '),
  SUBSTITUTE: (text, oldText, newText, instance) => {
    const s = toText(text.value);
    const o = toText(oldText.value);
    const n = toText(newText.value);
    if (o === '') return s;
    if (instance && !instance.omitted) {
      const k = Math.trunc(toNumber(instance.value));
      if (k < 1) throw FormulaError.VALUE;
      let idx = -1;
      for (let i = 0; i < k; i++) {
        idx = s.indexOf(o, idx + 1);
        if (idx < 0) return s;
      }
      return s.slice(0, idx) + n + s.slice(idx + o.length);
    }
    return s.split(o).join(n);
  },
  TEXTJOIN: (delim, ignoreEmpty, ...texts) => {
    const d = toText(delim.value);
    const skip = Boolean(ignoreEmpty.value);
    const parts: string[] = [];
    for (const t of texts) for (const v of flat(t)) {
      const s = toText(v);
      if (skip && s === '') continue;
      parts.push(s);
    }
    return parts.join(d);
  },
  VALUE: (t) => {
    const v = Array.isArray(t.value) ? (t.value as unknown[][])[0]?.[0] : t.value;
    if (typeof v === 'number') return v;
    if (isError(v)) throw v;
    if (typeof v !== 'string') throw FormulaError.VALUE;
    const n = parseNumericText(v);
    if (n === undefined) throw FormulaError.VALUE;
    return n;
  },
  SWITCH: (expr, ...rest) => {
    const v = expr.value;
    for (let i = 0; i + 1 < rest.length; i += 2) {
      if (lookupEquals(v, rest[i]!.value, false)) return rest[i + 1]!.value;
    }
    if (rest.length % 2 === 1) return rest[rest.length - 1]!.value;
    throw FormulaError.NA;
  },
  VLOOKUP: (needle, table, colIndex, approx) => lookupIn(needle, table, colIndex, approx, true),
  HLOOKUP: (needle, table, rowIndex, approx) => lookupIn(needle, table, rowIndex, approx, false),
  COUNTIF: (range, crit) => {
    const values = flat(range);
    // an array of criteria (SUMPRODUCT(1/COUNTIF(A1:A9,A1:A9))) gives an array of counts
    return mapValue(crit.value, (c) => {
      const test = criterion(c);
      let n = 0;
      for (const v of values) if (test(v)) n++;
      return n;
    });
  },
  SEARCH: (findText, withinText, start) => {
    const needle = toText(findText.value);
    const hay = toText(withinText.value);
    const from = start && !start.omitted ? Math.trunc(toNumber(start.value)) : 1;
    if (from < 1 || from > hay.length + 1) throw FormulaError.VALUE;
    if (needle === '') return from;
    const re = new RegExp(wildcardToRegExp(needle).source.slice(1, -1), 'is');
    const m = re.exec(hay.slice(from - 1));
    if (!m) throw FormulaError.VALUE;
    return m.index + from;
  },
  SUMPRODUCT: (...arrays) => {
    if (!arrays.length) throw FormulaError.VALUE;
    const grids = arrays.map((a) => grid(a));
    const rows = grids[0]!.length;
    const cols = grids[0]![0]?.length ?? 0;
    for (const g of grids) if (g.length !== rows || (g[0]?.length ?? 0) !== cols) throw FormulaError.VALUE;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let p = 1;
        for (const g of grids) {
          const v = g[r]![c];
          if (isError(v)) throw v;
          p *= typeof v === 'number' ? v : 0;
        }
        total += p;
      }
    }
    return total;
  },
  EDATE: (start, months) => {
    const s = toNumber(start.value);
    if (s < 0) throw FormulaError.NUM;
    const { y, m, d } = serialToYmd(s);
    const k = Math.trunc(toNumber(months.value));
    const ty = y + Math.floor((m - 1 + k) / 12);
    const tm = ((((m - 1 + k) % 12) + 12) % 12) + 1;
    const r = ymdToSerial(ty, tm, Math.min(d, daysInMonth(ty, tm)));
    if (r < 0) throw FormulaError.NUM;
    return r;
  },
  WEEKNUM: (serial, type) => {
    const s = Math.floor(toNumber(serial.value));
    if (s < 0) throw FormulaError.NUM;
    const t = type && !type.omitted ? Math.trunc(toNumber(type.value)) : 1;
    const { y } = serialToYmd(s);
    if (t === 21) return isoWeek(s);
    const startDay = t === 1 || t === 17 ? 0 : t === 2 || t === 11 ? 1 : t >= 12 && t <= 16 ? t - 10 : -1;
    if (startDay < 0) throw FormulaError.NUM;
    const jan1 = ymdToSerial(y, 1, 1);
    const offset = (dayOfWeek(jan1) - startDay + 7) % 7;
    return Math.floor((s - jan1 + offset) / 7) + 1;
  },
  ISOWEEKNUM: (serial) => isoWeek(Math.floor(toNumber(serial.value))),
  ...roundingFunctions,
  ...statisticsFunctions,
  ...timeFunctions,
  ...dateFunctions,
  ...ceilingFloorFunctions,
  ...workdayIntlFunctions,
  'ERF.PRECISE': (...a) => fin('ERF', a),
  'ERFC.PRECISE': (...a) => fin('ERFC', a),
  'Z.TEST': (...a) => finDotted('Z', 'TEST', a),
  ZTEST: (...a) => finDotted('Z', 'TEST', a),
  IFERROR: (value, alt) => mapValue(value.value, (v) => (isError(v) ? alt.value : v)),
  IFNA: (value, alt) => mapValue(value.value, (v) => (isError(v) && v.error === '#N/A' ? alt.value : v)),
  LOOKUP: (needle, lookup, result) => LOOKUP(needle, lookup, result),
  POWER: (x, y) => {
    const r = toNumber(x.value) ** toNumber(y.value);
    if (!Number.isFinite(r)) throw toNumber(x.value) === 0 ? FormulaError.DIV0 : FormulaError.NUM;
    return r;
  },
  PMT: (...a) => fin('PMT', a),
  FV: (...a) => fin('FV', a),
  PV: (...a) => fin('PV', a),
  NPER: (...a) => fin('NPER', a),
  RATE: (...a) => fin('RATE', a),
  NPV: (...a) => fin('NPV', a),
  IRR: (...a) => fin('IRR', a),
};

type RefArg = { ref?: { sheet?: string; row?: number; col?: number } } | null | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const referenceFunctions = require('fast-formula-parser/formulas/functions/reference') as Record<string, (...a: unknown[]) => unknown>;

/**
 * Functions that fast-formula-parser calls with its parser context and unevaluated arguments
 * (INDEX, CHOOSE are in its hard-coded "need context" list).
 */
export const contextFunctions: Record<string, (context: unknown, ...args: unknown[]) => unknown> = {
  // the built-in INDEX drops the sheet of a cross-sheet range when it returns a single cell
  INDEX: (context, ranges, ...rest) => {
    const r = referenceFunctions.INDEX!(context, ranges, ...rest) as RefArg;
    const sheet = (ranges as RefArg)?.ref?.sheet;
    if (r && typeof r === 'object' && r.ref && r.ref.sheet === undefined && sheet !== undefined) r.ref.sheet = sheet;
    return r;
  },
  IF: (context, cond, whenTrue, whenFalse) => IF(context, cond, whenTrue, whenFalse),
  SUMIF: (context, range, crit, sumRange) => conditional(context as Ctx, range, crit, sumRange, 'sum'),
  AVERAGEIF: (context, range, crit, avgRange) => conditional(context as Ctx, range, crit, avgRange, 'average'),
  OFFSET: (context, base, rows, cols, height, width) => {
    const ctx = context as Ctx;
    const r = (base as RawRef | null)?.ref;
    if (!r) throw FormulaError.VALUE;
    const from = r.from ?? { row: r.row!, col: r.col! };
    const to = r.to ?? from;
    const dr = Math.trunc(toNumber(rawScalar(ctx, rows)));
    const dc = Math.trunc(toNumber(rawScalar(ctx, cols)));
    const h = height === null || height === undefined ? to.row - from.row + 1 : Math.trunc(toNumber(rawScalar(ctx, height)));
    const w = width === null || width === undefined ? to.col - from.col + 1 : Math.trunc(toNumber(rawScalar(ctx, width)));
    if (h === 0 || w === 0) throw FormulaError.REF;
    const r1 = from.row + dr + (h < 0 ? h + 1 : 0);
    const c1 = from.col + dc + (w < 0 ? w + 1 : 0);
    const r2 = r1 + Math.abs(h) - 1;
    const c2 = c1 + Math.abs(w) - 1;
    if (r1 < 1 || c1 < 1 || r2 > MAX_ROWS || c2 > MAX_COLS) throw FormulaError.REF;
    const sheet = r.sheet;
    if (r1 === r2 && c1 === c2) return { ref: { sheet, row: r1, col: c1 } };
    return { ref: { sheet, from: { row: r1, col: c1 }, to: { row: r2, col: c2 } } };
  },
  INDIRECT: (context, text, a1) => {
    const ctx = context as Ctx;
    const t = toText(rawScalar(ctx, text)).trim();
    if (a1 !== null && a1 !== undefined && rawScalar(ctx, a1) === false) throw FormulaError.REF; // R1C1 is not supported
    const m = /^(?:(?:'((?:[^']|'')+)'|([^!'"]+))!)?(\$?[A-Za-z]{1,3}\$?\d+)(?::(\$?[A-Za-z]{1,3}\$?\d+))?$/.exec(t);
    if (!m) throw FormulaError.REF;
    const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
    let a: { row: number; col: number };
    let b: { row: number; col: number } | undefined;
    try {
      a = parseAddress(m[3]!);
      b = m[4] ? parseAddress(m[4]) : undefined;
    } catch {
      throw FormulaError.REF;
    }
    if (!b) return { ref: { sheet, row: a.row, col: a.col } };
    return { ref: { sheet, from: { row: Math.min(a.row, b.row), col: Math.min(a.col, b.col) }, to: { row: Math.max(a.row, b.row), col: Math.max(a.col, b.col) } } };
  },
  // CHOOSE returns the chosen argument unevaluated: a reference stays a reference (SUM(CHOOSE(2,A:A,B:B)))
  CHOOSE: (context, index, ...options) => {
    const i = Math.trunc(toNumber(rawScalar(context as Ctx, index)));
    if (i < 1 || i > options.length) throw FormulaError.VALUE;
    const opt = options[i - 1];
    return opt === null || opt === undefined ? 0 : opt;
  },
};

interface RawRef {
  ref?: { sheet?: string; row?: number; col?: number; from?: { row: number; col: number }; to?: { row: number; col: number } };
}
interface Ctx {
  utils: { extractRefValue(obj: unknown): { val: unknown; isArray: boolean } };
}

/** Functions that must receive their arguments unevaluated (references keep their position). */
export const RAW_ARG_FUNCTIONS = ['OFFSET', 'INDIRECT', 'CHOOSE'];

/** The value of an unevaluated argument (a reference's first cell). */
function rawScalar(ctx: Ctx, a: unknown): unknown {
  if (a === null || a === undefined) return null;
  const v = ctx.utils.extractRefValue(a).val;
  const x = Array.isArray(v) ? (v as unknown[][])[0]?.[0] : v;
  if (isError(x)) throw x;
  return x;
}

function rawGrid(ctx: Ctx, a: unknown): unknown[][] {
  if (a === null || a === undefined) return [[]];
  const v = ctx.utils.extractRefValue(a).val;
  return Array.isArray(v) ? (v as unknown[][]) : [[v]];
}

/** SUMIF / AVERAGEIF: the value range takes the criteria range's size from its top-left cell. */
function conditional(ctx: Ctx, range: unknown, crit: unknown, valueRange: unknown, kind: 'sum' | 'average'): number {
  const cells = rawGrid(ctx, range);
  const test = criterion(rawScalar(ctx, crit));
  let values = cells;
  if (valueRange !== null && valueRange !== undefined) {
    const r = (valueRange as RawRef).ref;
    if (r && cells.length) {
      const from = r.from ?? { row: r.row!, col: r.col! };
      const sized = { ref: { sheet: r.sheet, from, to: { row: from.row + cells.length - 1, col: from.col + (cells[0]?.length ?? 1) - 1 } } };
      values = rawGrid(ctx, sized);
    } else values = rawGrid(ctx, valueRange);
  }
  let total = 0;
  let n = 0;
  for (let i = 0; i < cells.length; i++) {
    for (let j = 0; j < cells[i]!.length; j++) {
      if (!test(cells[i]![j])) continue;
      const v = values[i]?.[j];
      if (isError(v)) throw v;
      if (typeof v === 'number') {
        total += v;
        n++;
      }
    }
  }
  if (kind === 'sum') return total;
  if (!n) throw FormulaError.DIV0;
  return total / n;
}

/** fn over a value, element by element when it is an array (errors returned in place). */
function mapValue(v: unknown, fn: (x: unknown) => unknown): unknown {
  if (!Array.isArray(v)) return fn(v);
  return (v as unknown[][]).map((row) =>
    row.map((x) => {
      try {
        return fn(x);
      } catch (e) {
        return e;
      }
    }),
  );
}

function scalarOf(a: FfpArg | undefined): unknown {
  if (!a) return null;
  const v = a.value;
  return Array.isArray(v) ? (v as unknown[][])[0]?.[0] : v;
}

/** VLOOKUP (vertical) / HLOOKUP: exact (case-insensitive, wildcards) or approximate (sorted) match. */
function lookupIn(needle: FfpArg, table: FfpArg, index: FfpArg, approx: FfpArg | undefined, vertical: boolean): unknown {
  const n = scalarOf(needle);
  if (isError(n)) throw n;
  const g = grid(table);
  const k = Math.trunc(toNumber(scalarOf(index)));
  const width = vertical ? (g[0]?.length ?? 0) : g.length;
  if (k < 1) throw FormulaError.VALUE;
  if (k > width) throw FormulaError.REF;
  const sorted = approx && !approx.omitted ? Boolean(toNumber(scalarOf(approx))) : true;
  let i = -1;
  if (!sorted && vertical) {
    // exact match down the first column, without copying it
    const eq = exactMatcher(n, true);
    for (let r = 0; r < g.length; r++) {
      if (eq(g[r]![0])) {
        i = r;
        break;
      }
    }
  } else i = findPosition(n, vertical ? g.map((r) => r[0]) : (g[0] ?? []), sorted ? 1 : 0, true);
  if (i < 0) throw FormulaError.NA;
  const v = vertical ? g[i]![k - 1] : g[k - 1]![i];
  return v === undefined ? null : v;
}

function isoWeek(s: number): number {
  // the Thursday of this ISO week decides the year
  const dow = (dayOfWeek(s) + 6) % 7; // Monday = 0
  const thursday = s - dow + 3;
  const ty = serialToYmd(thursday).y;
  const jan1 = ymdToSerial(ty, 1, 1);
  return Math.floor((thursday - jan1) / 7) + 1;
}

function rank(x: FfpArg, ref: FfpArg, order: FfpArg | undefined): number {
  const v = toNumber(x.value);
  const xs = numbers([ref]);
  const asc = order && !order.omitted ? toNumber(order.value) !== 0 : false;
  if (!xs.includes(v)) throw FormulaError.NA;
  return 1 + xs.filter((y) => (asc ? y < v : y > v)).length;
}

function xfind(needle: unknown, values: unknown[], matchMode?: FfpArg, searchMode?: FfpArg): number {
  const mm = matchMode && !matchMode.omitted ? toNumber(matchMode.value) : 0;
  const sm = searchMode && !searchMode.omitted ? toNumber(searchMode.value) : 1;
  const order = sm < 0 ? [...values.keys()].reverse() : [...values.keys()];
  if (mm === 0 || mm === 2) {
    for (const i of order) if (lookupEquals(needle, values[i], mm === 2)) return i;
    return -1;
  }
  // -1: exact or next smaller; 1: exact or next larger
  let best = -1;
  for (const i of order) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const c = compareLookup(v, needle);
    if (c === 0) return i;
    if (mm === -1 && c < 0 && (best < 0 || compareLookup(v, values[best]) > 0)) best = i;
    if (mm === 1 && c > 0 && (best < 0 || compareLookup(v, values[best]) < 0)) best = i;
  }
  return best;
}

export type { Scalar };
