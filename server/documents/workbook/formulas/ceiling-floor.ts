/**
 * CEILING, FLOOR (Excel 2010+ rules for signs), CEILING.MATH, FLOOR.MATH, CEILING.PRECISE,
 * FLOOR.PRECISE, ISO.CEILING, on decimal quotients (4.2 / 0.1 is 42, not 42.00000000000001).
 */
import FormulaParser, { type FfpArg } from 'fast-formula-parser';
import { toNumberValue } from './operators';

const { FormulaError } = FormulaParser;

function num(a: FfpArg | undefined, fallback?: number): number {
  if (!a || a.omitted || a.value === null || a.value === undefined) {
    if (fallback !== undefined) return fallback;
    if (!a || a.omitted) throw FormulaError.VALUE;
  }
  const v = Array.isArray(a.value) ? (a.value as unknown[][])[0]?.[0] : a.value;
  const n = toNumberValue(v);
  if (n instanceof FormulaError) throw n;
  return n;
}

const settle = (x: number) => Number(x.toPrecision(15));

/** n rounded to a multiple of s (s > 0) towards +∞ (up) or −∞ (down). */
function toMultiple(n: number, s: number, up: boolean): number {
  const q = settle(n / s);
  const r = settle((up ? Math.ceil(q) : Math.floor(q)) * s);
  return r === 0 ? 0 : r;
}

export const ceilingFloorFunctions: Record<string, (...args: FfpArg[]) => unknown> = {
  CEILING: (x, sig) => {
    const n = num(x);
    const s = num(sig, n < 0 ? -1 : 1);
    if (s === 0 || n === 0) return 0;
    if (n > 0 && s < 0) throw FormulaError.NUM;
    // both negative: away from zero; otherwise towards +∞
    return s < 0 ? -toMultiple(-n, -s, true) : toMultiple(n, s, true);
  },
  FLOOR: (x, sig) => {
    const n = num(x);
    const s = num(sig, n < 0 ? -1 : 1);
    if (n === 0) return 0;
    if (s === 0) throw FormulaError.DIV0;
    if (n > 0 && s < 0) throw FormulaError.NUM;
    return s < 0 ? -toMultiple(-n, -s, false) : toMultiple(n, s, false);
  },
  'CEILING.MATH': (x, sig, mode) => {
    const n = num(x);
    const s = Math.abs(num(sig, 1));
    if (s === 0 || n === 0) return 0;
    const away = num(mode, 0) !== 0;
    return n < 0 && away ? toMultiple(n, s, false) : toMultiple(n, s, true);
  },
  'FLOOR.MATH': (x, sig, mode) => {
    const n = num(x);
    const s = Math.abs(num(sig, 1));
    if (s === 0 || n === 0) return 0;
    const towardZero = num(mode, 0) !== 0;
    return n < 0 && towardZero ? toMultiple(n, s, true) : toMultiple(n, s, false);
  },
  'CEILING.PRECISE': (x, sig) => {
    const s = Math.abs(num(sig, 1));
    return s === 0 ? 0 : toMultiple(num(x), s, true);
  },
  'ISO.CEILING': (x, sig) => {
    const s = Math.abs(num(sig, 1));
    return s === 0 ? 0 : toMultiple(num(x), s, true);
  },
  'FLOOR.PRECISE': (x, sig) => {
    const s = Math.abs(num(sig, 1));
    return s === 0 ? 0 : toMultiple(num(x), s, false);
  },
};
