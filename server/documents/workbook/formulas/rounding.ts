/**
 * ROUND, ROUNDUP, ROUNDDOWN, MROUND, TRUNC the way Excel rounds: on the decimal number shown
 * (15 significant digits), so ROUND(1.005,2) is 1.01 although 1.005 is stored as 1.00499999…;
 * halves go away from zero (ROUND(-2.5,0) = -3).
 */
import FormulaParser, { type FfpArg } from 'fast-formula-parser';
import { toNumberValue } from './operators';

const { FormulaError } = FormulaParser;

/** x·10^d computed on the decimal digits (no binary noise from the multiplication). */
function shift(x: number, d: number): number {
  if (x === 0 || d === 0) return x;
  const [m, e] = x.toExponential(14).split('e');
  return Number(`${m}e${Number(e) + d}`);
}

export type RoundMode = 'half' | 'up' | 'down';

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

export function roundTo(x: number, digits: number, mode: RoundMode): number {
  const d = Math.trunc(digits);
  // fast path: away from a tie (or an integer, for up/down) binary noise cannot change the result,
  // and an integer divided by a power of ten is the nearest double to the decimal result
  if (d >= 0 && d <= 10) {
    const a = Math.abs(x);
    const s = a * POW10[d]!;
    if (s < 1e15) {
      const frac = s - Math.floor(s);
      const edge = mode === 'half' ? Math.abs(frac - 0.5) : Math.min(frac, 1 - frac);
      if (edge > 1e-6) {
        const r = mode === 'half' ? Math.round(s) : mode === 'up' ? Math.ceil(s) : Math.floor(s);
        const out = (x < 0 ? -r : r) / POW10[d]!;
        return out === 0 ? 0 : out;
      }
    }
  }
  const sign = x < 0 ? -1 : 1;
  const scaled = shift(Math.abs(x), d);
  // digits beyond 15 significant ones are noise: settle them before deciding
  const settled = Number(scaled.toPrecision(15));
  const r = mode === 'half' ? Math.floor(settled + 0.5) : mode === 'up' ? Math.ceil(settled) : Math.floor(settled);
  const out = sign * shift(r, -d);
  return out === 0 ? 0 : out;
}

function num(a: FfpArg | undefined, fallback?: number): number {
  if (!a || a.omitted) {
    if (fallback !== undefined) return fallback;
    throw FormulaError.VALUE;
  }
  const v = Array.isArray(a.value) ? (a.value as unknown[][])[0]?.[0] : a.value;
  const n = toNumberValue(v);
  if (n instanceof FormulaError) throw n;
  return n;
}

export const roundingFunctions: Record<string, (...args: FfpArg[]) => unknown> = {
  ROUND: (x, d) => roundTo(num(x), num(d), 'half'),
  ROUNDUP: (x, d) => roundTo(num(x), num(d), 'up'),
  ROUNDDOWN: (x, d) => roundTo(num(x), num(d), 'down'),
  TRUNC: (x, d) => roundTo(num(x), num(d, 0), 'down'),
  MROUND: (x, m) => {
    const v = num(x);
    const k = num(m);
    if (k === 0) return 0;
    if (v * k < 0) throw FormulaError.NUM;
    return roundTo(v / k, 0, 'half') * k;
  },
};
