/**
 * NETWORKDAYS.INTL and WORKDAY.INTL: weekends as a code (1 = Saturday–Sunday … 7 = Friday–
 * Saturday, 11–17 = a single day from Sunday to Saturday) or a 7-character mask starting on
 * Monday ("0000011"); holidays skipped; dates are whole days.
 */
import FormulaParser, { type FfpArg } from 'fast-formula-parser';
import { toNumberValue } from './operators';
import { dayOfWeek } from './serial-dates';

const { FormulaError } = FormulaParser;

function scalar(a: FfpArg | undefined): unknown {
  if (!a || a.omitted) return undefined;
  return Array.isArray(a.value) ? (a.value as unknown[][])[0]?.[0] : a.value;
}

function day(a: FfpArg | undefined): number {
  const n = toNumberValue(scalar(a));
  if (n instanceof FormulaError) throw n;
  if ((n) < 0) throw FormulaError.NUM;
  return Math.floor(n);
}

/** weekend[d] for d = 0 (Sunday) … 6 (Saturday). */
function weekendOf(a: FfpArg | undefined): boolean[] {
  const v = scalar(a);
  const w = [false, false, false, false, false, false, false];
  if (v === undefined || v === null) {
    w[0] = w[6] = true;
    return w;
  }
  if (typeof v === 'string') {
    if (!/^[01]{7}$/.test(v) || v === '1111111') throw FormulaError.VALUE;
    // the mask starts on Monday
    for (let i = 0; i < 7; i++) w[(i + 1) % 7] = v[i] === '1';
    return w;
  }
  const code = toNumberValue(v);
  if (code instanceof FormulaError) throw code;
  const c = Math.trunc(code);
  if (c >= 1 && c <= 7) {
    // 1: Sat+Sun, 2: Sun+Mon, … 7: Fri+Sat
    const first = (c + 5) % 7;
    w[first] = w[(first + 1) % 7] = true;
    return w;
  }
  if (c >= 11 && c <= 17) {
    w[(c - 11) % 7] = true;
    return w;
  }
  throw FormulaError.NUM;
}

function holidays(a: FfpArg | undefined): Set<number> {
  const out = new Set<number>();
  if (!a || a.omitted) return out;
  const list = Array.isArray(a.value) ? (a.value as unknown[][]).flat() : [a.value];
  for (const x of list) {
    if (x instanceof FormulaError) throw x;
    if (typeof x === 'number') out.add(Math.floor(x));
  }
  return out;
}

export const workdayIntlFunctions: Record<string, (...args: FfpArg[]) => unknown> = {
  'NETWORKDAYS.INTL': (start, end, weekend, hol) => {
    const a = day(start);
    const b = day(end);
    const w = weekendOf(weekend);
    const h = holidays(hol);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    let n = 0;
    for (let s = lo; s <= hi; s++) if (!w[dayOfWeek(s)] && !h.has(s)) n++;
    return a <= b ? n : -n;
  },
  'WORKDAY.INTL': (start, days, weekend, hol) => {
    let s = day(start);
    const k0 = toNumberValue(scalar(days));
    if (k0 instanceof FormulaError) throw k0;
    let k = Math.trunc(k0);
    const w = weekendOf(weekend);
    const h = holidays(hol);
    const step = k < 0 ? -1 : 1;
    while (k !== 0) {
      s += step;
      if (s < 0) throw FormulaError.NUM;
      if (!w[dayOfWeek(s)] && !h.has(s)) k -= step;
    }
    return s;
  },
};
