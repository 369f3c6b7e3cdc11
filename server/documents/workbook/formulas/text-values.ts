/**
 * Text that Excel reads as a number when arithmetic or VALUE needs one: plain and scientific
 * numbers, thousands separators, a leading currency sign, percentages, "(12)" negatives, dates
 * (yyyy-mm-dd, m/d/yyyy, d-mmm-yyyy, mmm d yyyy, d mmm yyyy) and times (14:30, 2:30 PM),
 * as serials of the 1900 date system (en-US reading).
 */
import { ymdToSerial } from './serial-dates';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthOf(s: string): number | undefined {
  const i = MONTHS.indexOf(s.slice(0, 3).toLowerCase());
  return i < 0 ? undefined : i + 1;
}

/** hh:mm[:ss][ AM|PM] → fraction of a day. */
function timeOf(s: string): number | undefined {
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?\s*(am|pm|a|p)?$/i.exec(s.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const sec = m[3] ? Number(m[3]) : 0;
  if (m[4]) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (/^p/i.test(m[4]) ? 12 : 0);
  }
  if (min > 59 || sec >= 60) return undefined;
  return (h * 3600 + min * 60 + sec) / 86400;
}

function validDate(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > dim && !(y === 1900 && m === 2 && d === 29)) return undefined;
  const s = ymdToSerial(y, m, d);
  return s >= 0 ? s : undefined;
}

const year = (y: string) => (y.length <= 2 ? (Number(y) < 30 ? 2000 : 1900) + Number(y) : Number(y));

/** A date (with an optional time) written as text → serial, or undefined. */
export function parseDateText(text: string): number | undefined {
  const s = text.trim().replace(/\s+/g, ' ');
  if (!s) return undefined;
  const t = timeOf(s);
  if (t !== undefined) return t;
  // split off a trailing time
  const tm = /^(.*?)\s+(\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?(?:\s*(?:am|pm|a|p))?)$/i.exec(s);
  const datePart = tm ? tm[1]! : s;
  const timePart = tm ? timeOf(tm[2]!) : 0;
  if (timePart === undefined) return undefined;
  let m: RegExpExecArray | null;
  let serial: number | undefined;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(datePart)) || (m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(datePart))) serial = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  else if ((m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(datePart))) serial = validDate(year(m[3]!), Number(m[1]), Number(m[2]));
  else if ((m = /^(\d{1,2})[- ]([A-Za-z]{3,9})[- ,]+(\d{2}|\d{4})$/.exec(datePart))) {
    const mo = monthOf(m[2]!);
    serial = mo ? validDate(year(m[3]!), mo, Number(m[1])) : undefined;
  } else if ((m = /^([A-Za-z]{3,9})[- ](\d{1,2}),? (\d{2}|\d{4})$/.exec(datePart))) {
    const mo = monthOf(m[1]!);
    serial = mo ? validDate(year(m[3]!), mo, Number(m[2])) : undefined;
  }
  return serial === undefined ? undefined : serial + timePart;
}

/** "12", " 1.5e3 ", "50%", "1,234.5", "$12", "(12)", "2024-01-02" → numbers; anything else undefined. */
export function parseNumericText(s: string): number | undefined {
  let t = s.trim();
  if (t === '') return undefined;
  let scale = 1;
  if (t.endsWith('%')) {
    scale = 0.01;
    t = t.slice(0, -1).trim();
  }
  let sign = 1;
  if (/^\(.*\)$/.test(t)) {
    sign = -1;
    t = t.slice(1, -1).trim();
  }
  if (/^[-+]?[$€£¥]/.test(t)) t = t.replace(/^([-+]?)[$€£¥]\s*/, '$1');
  if (/^[+-]?(\d{1,3}(,\d{3})+)(\.\d*)?$/.test(t)) t = t.replace(/,/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) {
    const n = Number(t);
    return Number.isFinite(n) ? sign * n * scale : undefined;
  }
  if (scale !== 1 || sign !== 1) return undefined;
  return parseDateText(s);
}
