/**
 * Excel serial dates (1900 system) ↔ calendar days, with Excel's 1900 leap-year quirk: serial 60
 * is the non-existent 1900-02-29, so serials from 61 on are days since 1899-12-30 and 1–59 days
 * since 1899-12-31.
 */

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

export interface Ymd {
  y: number;
  m: number; // 1–12
  d: number;
}

export function serialToYmd(serial: number): Ymd {
  const s = Math.floor(serial);
  if (s === 60) return { y: 1900, m: 2, d: 29 };
  const days = s < 60 ? s + 1 : s;
  const date = new Date(EPOCH + days * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** Month and day may overflow (month 14, day 0), as DATE allows. */
export function ymdToSerial(y: number, m: number, d: number): number {
  const t = Date.UTC(y, m - 1, 1) + (d - 1) * DAY_MS;
  const days = Math.round((t - EPOCH) / DAY_MS);
  // before 1900-03-01 Excel counts the phantom 1900-02-29
  return days < 61 ? days - 1 : days;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(serial: number): number {
  const s = Math.floor(serial);
  // serial 1 (1900-01-01) is a Sunday in Excel's count (it believes 1900 was a leap year)
  return (((s - 1) % 7) + 7) % 7;
}
