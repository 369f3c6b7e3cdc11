/**
 * HOUR, MINUTE, SECOND (the time of day rounded to the nearest second, as Excel shows it) and
 * DATEDIF (whole days of the two dates; units d, m, y, ym, yd, md).
 */
import FormulaParser, { type FfpArg } from 'fast-formula-parser';
import { toNumberValue } from './operators';
import { daysInMonth, serialToYmd, ymdToSerial } from './serial-dates';

const { FormulaError } = FormulaParser;

function serialOf(a: FfpArg | undefined): number {
  if (!a || a.omitted) throw FormulaError.VALUE;
  const v = Array.isArray(a.value) ? (a.value as unknown[][])[0]?.[0] : a.value;
  const n = toNumberValue(v);
  if (n instanceof FormulaError) throw n;
  if ((n) < 0) throw FormulaError.NUM;
  return n;
}

function secondsOfDay(serial: number): number {
  const s = Math.round((serial - Math.floor(serial)) * 86400);
  return s >= 86400 ? 0 : s;
}

function datedif(start: number, end: number, unit: string): number {
  const s = Math.floor(start);
  const e = Math.floor(end);
  if (s > e) throw FormulaError.NUM;
  const a = serialToYmd(s);
  const b = serialToYmd(e);
  const months = (b.y - a.y) * 12 + (b.m - a.m) - (b.d < a.d ? 1 : 0);
  switch (unit.toLowerCase()) {
    case 'd':
      return e - s;
    case 'm':
      return months;
    case 'y':
      return Math.floor(months / 12);
    case 'ym':
      return months % 12;
    case 'md': {
      if (b.d >= a.d) return b.d - a.d;
      const pm = b.m === 1 ? 12 : b.m - 1;
      const py = b.m === 1 ? b.y - 1 : b.y;
      // from the same day of the previous month (which may roll over, as in Excel)
      return e - ymdToSerial(py, pm, a.d);
    }
    case 'yd': {
      let anniversary = ymdToSerial(b.y, a.m, Math.min(a.d, daysInMonth(b.y, a.m)));
      if (anniversary > e) anniversary = ymdToSerial(b.y - 1, a.m, Math.min(a.d, daysInMonth(b.y - 1, a.m)));
      return e - anniversary;
    }
    default:
      throw FormulaError.NUM;
  }
}

export const timeFunctions: Record<string, (...args: FfpArg[]) => unknown> = {
  HOUR: (t) => Math.floor(secondsOfDay(serialOf(t)) / 3600),
  MINUTE: (t) => Math.floor((secondsOfDay(serialOf(t)) % 3600) / 60),
  SECOND: (t) => secondsOfDay(serialOf(t)) % 60,
  DATEDIF: (start, end, unit) => {
    const u = Array.isArray(unit?.value) ? (unit.value as unknown[][])[0]?.[0] : unit?.value;
    if (typeof u !== 'string') throw FormulaError.VALUE;
    return datedif(serialOf(start), serialOf(end), u);
  },
};
