/**
 * LOOKUP(value, lookup_vector, [result_vector]) and LOOKUP(value, array): approximate match
 * (the largest value ≤ the one sought, in an ascending vector; Excel's binary search), text
 * case-insensitive. The array form looks in the first row or column of the array, whichever is
 * longer, and returns from the last.
 */
import FormulaParser, { type FfpArg } from 'fast-formula-parser';
import { compareValues } from './operators';

const { FormulaError } = FormulaParser;

function grid(a: FfpArg | undefined): unknown[][] {
  if (!a) return [[]];
  return Array.isArray(a.value) ? (a.value as unknown[][]) : [[a.value]];
}

function vectorOf(g: unknown[][]): unknown[] {
  return g.length === 1 ? (g[0] ?? []) : g.map((r) => r[0]);
}

/** Index of the last value ≤ needle (same type), by binary search like Excel; -1 when none. */
function approximate(needle: unknown, list: unknown[]): number {
  const sameType = (v: unknown) => typeof v === typeof needle && v !== null;
  let lo = 0;
  let hi = list.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    // skip values of another type (blanks, text among numbers) towards the low end
    let m = mid;
    while (m >= lo && !sameType(list[m])) m--;
    if (m < lo) {
      lo = mid + 1;
      continue;
    }
    if (compareValues(list[m], needle) <= 0) {
      ans = m;
      lo = mid + 1;
    } else hi = m - 1;
  }
  return ans;
}

export function LOOKUP(needle: FfpArg, lookup: FfpArg, result?: FfpArg): unknown {
  const n = Array.isArray(needle.value) ? (needle.value as unknown[][])[0]?.[0] : needle.value;
  if (n instanceof FormulaError) throw n;
  const g = grid(lookup);
  let keys: unknown[];
  let values: unknown[];
  if (result && !result.omitted) {
    keys = vectorOf(g);
    values = vectorOf(grid(result));
  } else {
    const rows = g.length;
    const cols = g[0]?.length ?? 0;
    if (cols > rows) {
      keys = g[0] ?? [];
      values = g[rows - 1] ?? [];
    } else {
      keys = g.map((r) => r[0]);
      values = g.map((r) => r[cols - 1]);
    }
  }
  const i = approximate(n, keys);
  if (i < 0) throw FormulaError.NA;
  const v = values[i];
  if (v === undefined) throw FormulaError.NA;
  return v;
}
