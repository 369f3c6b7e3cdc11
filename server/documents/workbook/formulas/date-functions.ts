/**
 * DATE, YEAR, MONTH, DAY, WEEKDAY, NETWORKDAYS, WORKDAY on Excel's 1900 serials (including its
 * phantom 1900-02-29 = serial 60); dates are whole days (a time of day is dropped).
 */
import FormulaParser, { type FfpArg } from 'fast-formula-parser';
import { toNumberValue } from './operators';
import { dayOfWeek, serialToYmd, ymdToSerial } from './serial-dates';

const { FormulaError } = FormulaParser;

function num(a: FfpArg | undefined): number {
  if (!a || a.omitted) throw FormulaError.VALUE;
  const v = Array.isArray(a.value) ? (a.value as unknown[][])[0]?.[0] : a.value;
  const n = toNumberValue(v);
  if (n instanceof FormulaError) throw n;
  return n;
}

function day(a: FfpArg | undefined): number {
  const n = Math.floor(num(a));
  if (n < 0) throw FormulaError.NUM;
  return n;
}

/** Whole-day serials of a holidays argument (range, array or single value). */
function holidays(a: FfpArg | undefined): Set<number> {
  const out = new Set<number>();
  if (!a || a.omitted) return out;
  const v = a.value;
  const list = Array.isArray(v) ? (v as unknown[][]).flat() : [v];
  for (const x of list) {
    if (x instanceof FormulaError) throw x;
    if (typeof x === 'number') out.add(Math.floor(x));
  }
  return out;
}

const weekend = (s: number) => {
  const d = dayOfWeek(s);
  return d === 0 || d === 6;
};

const WEEKDAY_START: Record<number, [number, number]> = {
  // return type → [day counted as 1 (0 = Sunday), value of that day]
  1: [0, 1], 2: [1, 1], 3: [1, 0], 11: [1, 1], 12: [2, 1], 13: [3, 1], 14: [4, 1], 15: [5, 1], 16: [6, 1], 17: [0, 1],
};

export const dateFunctions: Record<string, (...args: FfpArg[]) => unknown> = {
  DATE: (y, m, d) => {
    let year = Math.trunc(num(y));
    if (year < 0 || year > 9999) throw FormulaError.NUM;
    if (year < 1900) year += 1900;
    const s = ymdToSerial(year, Math.trunc(num(m)), Math.trunc(num(d)));
    if (s < 0) throw FormulaError.NUM;
    return s;
  },
  YEAR: (s) => serialToYmd(day(s)).y,
  MONTH: (s) => serialToYmd(day(s)).m,
  DAY: (s) => (day(s) === 0 ? 0 : serialToYmd(day(s)).d),
  WEEKDAY: (s, type) => {
    const t = type && !type.omitted ? Math.trunc(num(type)) : 1;
    const spec = WEEKDAY_START[t];
    if (!spec) throw FormulaError.NUM;
    const [first, base] = spec;
    return ((dayOfWeek(day(s)) - first + 7) % 7) + base;
  },
  NETWORKDAYS: (start, end, hol) => {
    const a = day(start);
    const b = day(end);
    const h = holidays(hol);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    let n = 0;
    for (let s = lo; s <= hi; s++) if (!weekend(s) && !h.has(s)) n++;
    return a <= b ? n : -n;
  },
  WORKDAY: (start, days, hol) => {
    let s = day(start);
    let k = Math.trunc(num(days));
    const h = holidays(hol);
    const step = k < 0 ? -1 : 1;
    while (k !== 0) {
      s += step;
      if (s < 0) throw FormulaError.NUM;
      if (!weekend(s) && !h.has(s)) k -= step;
    }
    return s;
  },
};

/** YEARFRAC / DAYS360 on whole days (Excel drops the time of day first). */
export function wholeDayArgs(base: (...a: FfpArg[]) => unknown, positions: number[]): (...a: FfpArg[]) => unknown {
  return (...args) =>
    base(
      ...args.map((a, i) => {
        if (!positions.includes(i) || !a || a.omitted) return a;
        const v = Array.isArray(a.value) ? (a.value as unknown[][])[0]?.[0] : a.value;
        return typeof v === 'number' ? { ...a, value: Math.floor(v), isArray: false } : a;
      }),
    );
}
