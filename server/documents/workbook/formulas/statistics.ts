/**
 * MODE, PERCENTILE, QUARTILE (and their .INC / .EXC / .SNGL names), PERCENTRANK: numbers of the
 * arguments (text, logicals and blanks in ranges are skipped; an error is returned).
 */
import FormulaParser, { type FfpArg } from 'fast-formula-parser';
import { toNumberValue } from './operators';

const { FormulaError } = FormulaParser;

function numbersOf(args: FfpArg[]): number[] {
  const out: number[] = [];
  for (const a of args) {
    if (!a || a.omitted) continue;
    const v = a.value;
    if (Array.isArray(v)) {
      for (const row of v as unknown[][]) for (const x of row) {
        if (x instanceof FormulaError) throw x;
        if (typeof x === 'number') out.push(x);
      }
    } else {
      const n = toNumberValue(v);
      if (n instanceof FormulaError) throw n;
      out.push(n);
    }
  }
  return out;
}

function scalar(a: FfpArg | undefined): number {
  if (!a || a.omitted) throw FormulaError.VALUE;
  const v = Array.isArray(a.value) ? (a.value as unknown[][])[0]?.[0] : a.value;
  const n = toNumberValue(v);
  if (n instanceof FormulaError) throw n;
  return n;
}

function percentileInc(xs: number[], p: number): number {
  if (!xs.length || p < 0 || p > 1) throw FormulaError.NUM;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[lo + 1] ?? s[lo]!) - s[lo]!);
}

function percentileExc(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const h = (n + 1) * p;
  if (!n || p <= 0 || p >= 1 || h < 1 || h > n) throw FormulaError.NUM;
  const lo = Math.floor(h);
  return s[lo - 1]! + (h - lo) * ((s[lo] ?? s[lo - 1]!) - s[lo - 1]!);
}

/** MODE: the most frequent value; on a tie, the one that appears first. */
function mode(xs: number[]): number {
  return modes(xs)[0]!;
}

function quart(k: number): number {
  const q = Math.trunc(k);
  if (q < 0 || q > 4) throw FormulaError.NUM;
  return q / 4;
}

function modes(xs: number[]): number[] {
  const counts = new Map<number, number>();
  let best = 1;
  for (const x of xs) {
    const c = (counts.get(x) ?? 0) + 1;
    counts.set(x, c);
    if (c > best) best = c;
  }
  if (best < 2) throw FormulaError.NA;
  const out: number[] = [];
  for (const x of xs) if (counts.get(x) === best && !out.includes(x)) out.push(x);
  return out;
}

/** PERCENTRANK: position of x among the sorted values (interpolated), truncated to `digits`. */
function percentRank(values: number[], x: number, digits: number, exclusive: boolean): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (!n || digits < 1) throw FormulaError.NUM;
  if (x < s[0]! || x > s[n - 1]!) throw FormulaError.NA;
  let i = s.findIndex((v) => v >= x);
  let pos: number;
  if (s[i] === x) pos = i;
  else {
    i -= 1;
    pos = i + (x - s[i]!) / (s[i + 1]! - s[i]!);
  }
  const r = exclusive ? (pos + 1) / (n + 1) : n === 1 ? 1 : pos / (n - 1);
  const p = 10 ** Math.trunc(digits);
  return Math.floor(Number((r * p).toPrecision(15))) / p;
}

export const statisticsFunctions: Record<string, (...args: FfpArg[]) => unknown> = {
  MODE: (...args) => mode(numbersOf(args)),
  'MODE.SNGL': (...args) => mode(numbersOf(args)),
  'MODE.MULT': (...args) => modes(numbersOf(args)).map((x) => [x]),
  PERCENTRANK: (arr, x, digits) => percentRank(numbersOf([arr]), scalar(x), digits && !digits.omitted ? scalar(digits) : 3, false),
  'PERCENTRANK.INC': (arr, x, digits) => percentRank(numbersOf([arr]), scalar(x), digits && !digits.omitted ? scalar(digits) : 3, false),
  'PERCENTRANK.EXC': (arr, x, digits) => percentRank(numbersOf([arr]), scalar(x), digits && !digits.omitted ? scalar(digits) : 3, true),
  'RANK.AVG': (x, ref, order) => {
    const v = scalar(x);
    const xs = numbersOf([ref]);
    const asc = order && !order.omitted ? scalar(order) !== 0 : false;
    const ties = xs.filter((y) => y === v).length;
    if (!ties) throw FormulaError.NA;
    const before = xs.filter((y) => (asc ? y < v : y > v)).length;
    return before + (ties + 1) / 2;
  },
  PERCENTILE: (arr, k) => percentileInc(numbersOf([arr]), scalar(k)),
  'PERCENTILE.INC': (arr, k) => percentileInc(numbersOf([arr]), scalar(k)),
  'PERCENTILE.EXC': (arr, k) => percentileExc(numbersOf([arr]), scalar(k)),
  QUARTILE: (arr, k) => percentileInc(numbersOf([arr]), quart(scalar(k))),
  'QUARTILE.INC': (arr, k) => percentileInc(numbersOf([arr]), quart(scalar(k))),
  'QUARTILE.EXC': (arr, k) => {
    const q = quart(scalar(k));
    if (q === 0 || q === 1) throw FormulaError.NUM;
    return percentileExc(numbersOf([arr]), q);
  },
};
