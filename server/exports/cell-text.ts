// Text of a computed cell value for the in-process exports. CSV writes plain values (numbers as
// numbers, dates as ISO 8601, booleans TRUE/FALSE, errors as #DIV/0! …); HTML shows values with
// their number format applied (thousands separators, decimals, percent, currency, dates).
import { serialToDate } from '../documents/workbook/cell-ref';
import type { EvalValue } from '../documents/workbook/evaluate-formulas';

/** The number format's first section without quoted literals and escapes (for pattern tests). */
function bareFormat(numFmt: string): string {
  return numFmt.split(';')[0]!.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
}

export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const f = bareFormat(numFmt).toLowerCase();
  return /[yd]/.test(f) || /h+[^a-z]*m|m[^a-z]*s/.test(f) || /^m+$/.test(f.trim());
}

/** An Excel date serial as ISO 8601: `2025-03-31`, or `2025-03-31T14:30:00` when it has a time of day. */
export function serialToIso(serial: number, numFmt?: string): string {
  const iso = serialToDate(serial).toISOString();
  const hasTime = Math.abs(serial - Math.floor(serial)) > 1e-9 || (numFmt ? /h|s/i.test(bareFormat(numFmt)) : false);
  return hasTime ? iso.slice(0, 19) : iso.slice(0, 10);
}

/** A number without binary noise (0.1 + 0.2 → 0.3). */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

/** Plain text of a value for CSV. */
export function csvText(v: EvalValue, numFmt?: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return isDateFormat(numFmt) ? serialToIso(v, numFmt) : plainNumber(v);
  return v;
}

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number as its Excel number format shows it (the common formats; anything else: General). */
export function formatNumber(n: number, numFmt?: string): string {
  if (!numFmt || /^general$/i.test(numFmt.trim())) return plainNumber(n);
  if (isDateFormat(numFmt)) return serialToIso(n, numFmt);
  const sections = numFmt.split(';');
  const negSection = n < 0 && sections[1] !== undefined ? sections[1] : undefined;
  const section = negSection ?? sections[0]!;
  const value = negSection !== undefined ? Math.abs(n) : n;
  const bare = section.replace(/\[[^\]]*\]/g, '');
  const firstDigit = bare.search(/[#0?]/);
  if (firstDigit < 0) return plainNumber(n);
  let lastDigit = firstDigit;
  for (let i = firstDigit; i < bare.length; i++) if (/[#0?.,]/.test(bare[i]!)) lastDigit = i;
  const literal = (s: string) => s.replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1').replace(/_.|\*./g, '');
  const prefix = literal(bare.slice(0, firstDigit));
  const suffix = literal(bare.slice(lastDigit + 1));
  const pattern = bare.slice(firstDigit, lastDigit + 1);
  const percent = suffix.includes('%');
  const dot = pattern.indexOf('.');
  const decimals = dot < 0 ? 0 : (pattern.slice(dot + 1).match(/[0#?]/g) ?? []).length;
  const thousands = (dot < 0 ? pattern : pattern.slice(0, dot)).includes(',');
  const scaled = percent ? value * 100 : value;
  const fixed = Math.abs(scaled).toFixed(decimals);
  const [i, f] = fixed.split('.');
  const body = (thousands ? groupThousands(i!) : i!) + (f ? `.${f}` : '');
  const sign = scaled < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${prefix}${body}${suffix}`;
}

/** Text of a value as a spreadsheet shows it (for HTML). */
export function displayText(v: EvalValue, numFmt?: string): string {
  if (typeof v === 'number') return formatNumber(v, numFmt);
  return csvText(v, numFmt);
}
