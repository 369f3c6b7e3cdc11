/**
 * The 1904 date system (wb.date1904): serial 0 is 1904-01-01, so the same day's serial is 1462
 * smaller than in the 1900 system. The date functions (written for 1900 serials) are wrapped:
 * date arguments are moved into the 1900 system, date results back.
 */
import type { FfpArg } from 'fast-formula-parser';

export const DAYS_1904_OFFSET = 1462;

type Fn = (...args: FfpArg[]) => unknown;

/** argument positions that hold dates (-1: every argument from there on, e.g. holidays) */
const DATE_ARGS: Record<string, number[]> = {
  YEAR: [0],
  MONTH: [0],
  DAY: [0],
  WEEKDAY: [0],
  WEEKNUM: [0],
  ISOWEEKNUM: [0],
  EDATE: [0],
  EOMONTH: [0],
  DATEDIF: [0, 1],
  DAYS: [0, 1],
  DAYS360: [0, 1],
  YEARFRAC: [0, 1],
  NETWORKDAYS: [0, 1, 2],
  'NETWORKDAYS.INTL': [0, 1, 3],
  WORKDAY: [0, 2],
  'WORKDAY.INTL': [0, 3],
};

/** functions whose result is a date serial */
const DATE_RESULT = new Set(['DATE', 'TODAY', 'NOW', 'EDATE', 'EOMONTH', 'DATEVALUE', 'WORKDAY', 'WORKDAY.INTL']);

function shift(v: unknown, delta: number): unknown {
  if (typeof v === 'number') return v + delta;
  if (Array.isArray(v)) return (v as unknown[][]).map((row) => row.map((x) => (typeof x === 'number' ? x + delta : x)));
  return v;
}

function shiftArg(a: FfpArg | undefined, delta: number): FfpArg | undefined {
  if (!a || a.omitted) return a;
  return { ...a, value: shift(a.value, delta) };
}

/** Does a TEXT format show a date or time (so its value is a serial)? */
export function isDateFormat(fmt: string): boolean {
  const bare = fmt.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** Wraps the date functions of `functions` (a parser's function table) for the 1904 system. */
export function wrapFor1904(functions: Record<string, Fn>): Record<string, Fn> {
  const out: Record<string, Fn> = {};
  const names = new Set([...Object.keys(DATE_ARGS), ...DATE_RESULT, 'TEXT']);
  for (const name of names) {
    const base = functions[name];
    if (!base) continue;
    const dateArgs = DATE_ARGS[name] ?? [];
    out[name] = (...args: FfpArg[]) => {
      let call = args;
      if (name === 'TEXT') {
        const fmt = args[1]?.value;
        if (typeof fmt === 'string' && isDateFormat(fmt)) call = [shiftArg(args[0], DAYS_1904_OFFSET)!, ...args.slice(1)];
      } else if (dateArgs.length) {
        call = args.map((a, i) => (dateArgs.includes(i) ? shiftArg(a, DAYS_1904_OFFSET)! : a));
      }
      const r = base(...call);
      return DATE_RESULT.has(name) && typeof r === 'number' ? r - DAYS_1904_OFFSET : r;
    };
  }
  return out;
}
