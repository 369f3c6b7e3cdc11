// Text of a computed cell value for the in-process exports. CSV writes plain values (numbers as
// numbers, dates as ISO 8601, booleans TRUE/FALSE, errors as #DIV/0! …); HTML shows values with
// their number format applied (thousands separators, decimals, percent, currency, dates).
import { serialToDate } from './cell-ref';
import type { EvalValue } from '../../server/documents/workbook/evaluate-formulas';

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

/** Text that a spreadsheet opening the CSV would run as a formula (OWASP "CSV injection"). */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/**
 * Plain text of a value for CSV. With `neutralize`, a text value that begins with =, +, -, @, tab
 * or CR gets a leading apostrophe, so Excel, LibreOffice and Sheets show it as text instead of
 * running it; numbers, dates, booleans and errors are never changed.
 */
export function csvText(v: EvalValue, numFmt?: string, neutralize = true): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return isDateFormat(numFmt) ? serialToIso(v, numFmt) : plainNumber(v);
  return neutralize && FORMULA_TRIGGER.test(v) ? `'${v}` : v;
}

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface NumberFormatOptions {
  /** the workbook counts dates from 1904-01-01 */
  date1904?: boolean;
}

type Formatter = (n: number, date1904: boolean) => string;
const compiled = new Map<string, Formatter>();

/**
 * A number as its Excel number format shows it: sections (positive;negative;zero), literals,
 * thousands separators and scaling commas, decimals, percent, scientific, currency tags
 * ([$€-407]), colours/conditions ignored, and dates/times (yyyy, mmm, d, dddd, h:mm AM/PM, [h]…).
 * Formats are compiled once and cached; the editor grid shows cells with the same function.
 */
export function formatNumber(n: number, numFmt?: string, opts?: NumberFormatOptions): string {
  if (!numFmt || /^general$/i.test(numFmt)) return plainNumber(n);
  let f = compiled.get(numFmt);
  if (!f) {
    f = compileFormat(numFmt);
    if (compiled.size > 2000) compiled.clear();
    compiled.set(numFmt, f);
  }
  return f(n, opts?.date1904 === true);
}

/** Splits a format into sections at ";" outside quotes, brackets and escapes. */
function splitSections(fmt: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch === '"') {
      const j = fmt.indexOf('"', i + 1);
      const end = j < 0 ? fmt.length : j + 1;
      cur += fmt.slice(i, end);
      i = end - 1;
    } else if (ch === '\\' || ch === '_' || ch === '*') {
      cur += fmt.slice(i, i + 2);
      i++;
    } else if (ch === '[') {
      const j = fmt.indexOf(']', i);
      const end = j < 0 ? fmt.length : j + 1;
      cur += fmt.slice(i, end);
      i = end - 1;
    } else if (ch === ';') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

interface Section {
  body: string;
  cond?: (n: number) => boolean;
}

function parseSection(raw: string): Section {
  let cond: Section['cond'];
  const body = raw.replace(/\[([^\]]*)\]/g, (all, inner: string) => {
    const c = /^(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)$/.exec(inner.trim());
    if (c) {
      const v = Number(c[2]);
      const op = c[1];
      cond = (n) => (op === '<' ? n < v : op === '<=' ? n <= v : op === '>' ? n > v : op === '>=' ? n >= v : op === '=' ? n === v : n !== v);
      return '';
    }
    if (/^\$/.test(inner)) {
      // currency / locale tag: [$€-407] shows "€", [$-409] nothing
      const sym = inner.slice(1).split('-')[0] ?? '';
      return sym ? `"${sym.replace(/"/g, '')}"` : '';
    }
    if (/^(h+|m+|s+)$/i.test(inner)) return all; // elapsed time, kept for the date formatter
    return ''; // colours ([Red], [Color10]) and anything else
  });
  return { body, ...(cond ? { cond } : {}) };
}

/** The section's text with quoted literals, escapes, padding and fill removed (for pattern tests). */
function stripLiterals(s: string): string {
  return s.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/_.|\*./g, '');
}

function isDateSection(body: string): boolean {
  const f = stripLiterals(body).replace(/\[(h+|m+|s+)\]/gi, 'h').toLowerCase();
  return /[ydhs]/.test(f) || (f.includes("m") && /^[^#0?]*$/.test(f));
}

function compileFormat(fmt: string): Formatter {
  const sections = splitSections(fmt).map(parseSection);
  const fns = sections.map((s) => (isDateSection(s.body) ? compileDate(s.body) : (compileFraction(s.body) ?? compileNumber(s.body))));
  const hasCond = sections.some((s) => s.cond);
  return (n, d1904) => {
    if (!Number.isFinite(n)) return String(n);
    if (hasCond) {
      // [>=100]…;[<0]…;…: the first section whose condition holds (one without a condition: the rest)
      for (let i = 0; i < Math.min(sections.length, 3); i++) {
        const c = sections[i]!.cond;
        if (!c || c(n)) return fns[i]!(n, d1904, false);
      }
      return fns[0]!(n, d1904, false);
    }
    if (n < 0 && sections.length >= 2) return fns[1]!(-n, d1904, true);
    if (n === 0 && sections.length >= 3) return fns[2]!(0, d1904, true);
    return fns[0]!(n, d1904, false);
  };
}

type SectionFn = (n: number, date1904: boolean, signHandled: boolean) => string;

/** Literal text of a format fragment: quotes and escapes unwrapped, padding as a space, fills dropped. */
function literalText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"') {
      const j = s.indexOf('"', i + 1);
      const end = j < 0 ? s.length : j;
      out += s.slice(i + 1, end);
      i = end;
    } else if (ch === '\\') {
      out += s[i + 1] ?? '';
      i++;
    } else if (ch === '_') {
      out += ' ';
      i++;
    } else if (ch === '*') i++;
    else if (ch !== '@') out += ch;
  }
  return out;
}

const PLACEHOLDER = '#0?';

/** The section with quoted literals, escapes, padding and fills replaced by spaces (same length), so placeholders are found by position. */
function maskLiterals(body: string): string {
  return body.replace(/"[^"]*"?/g, (m) => ' '.repeat(m.length)).replace(/\\.|_.|\*./g, (m) => ' '.repeat(m.length));
}

/**
 * The closest fraction p/q to x (0 ≤ x) with q ≤ maxDen: the continued fraction's last convergent
 * within the bound or the best semiconvergent after it (as Python's Fraction.limit_denominator), in
 * a few steps whatever the bound.
 */
function closestFraction(x: number, maxDen: number): [number, number] {
  let [h0, k0, h1, k1] = [0, 1, 1, 0];
  let y = x;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(y);
    const k2 = k0 + a * k1;
    if (k2 > maxDen) break;
    [h0, k0, h1, k1] = [h1, k1, h0 + a * h1, k2];
    const rest = y - a;
    if (rest < 1e-12) break;
    y = 1 / rest;
  }
  const k = Math.floor((maxDen - k0) / k1);
  const semi: [number, number] = [h0 + k * h1, k0 + k * k1];
  const conv: [number, number] = [h1, k1];
  return Math.abs(conv[0] / conv[1] - x) <= Math.abs(semi[0] / semi[1] - x) ? conv : semi;
}

/**
 * A fraction section ("# ?/?", "# ??/??", "?/?", "# ?/8", "0 ?/100"): a whole part when the
 * format has one, then the numerator and denominator (up to as many digits as the denominator has
 * placeholders, or the fixed denominator), padded with spaces as Excel pads "?". Undefined when the
 * section is not a fraction.
 */
function compileFraction(body: string): SectionFn | undefined {
  const mask = maskLiterals(body);
  const m = /(?:([#0?,]+)( +))?([#0?]+)( *\/ *)([#0?]+|[1-9]\d*)/.exec(mask);
  if (!m || /[.%Ee]/.test(mask.slice(0, m.index + m[0].length))) return undefined;
  const prefix = literalText(body.slice(0, m.index));
  const suffix = literalText(body.slice(m.index + m[0].length));
  const whole = m[1];
  const numW = m[3]!.length;
  const fixedDen = /^\d+$/.test(m[5]!) ? Number(m[5]) : undefined;
  const denW = m[5]!.length;
  const maxDen = fixedDen ?? 10 ** Math.min(denW, 4) - 1;
  return (n, _d, signHandled) => {
    const v = Math.abs(n);
    let w = whole ? Math.floor(v) : 0;
    const frac = whole ? v - w : v;
    const [p0, q] = fixedDen ? [Math.round(frac * fixedDen), fixedDen] : closestFraction(frac, maxDen);
    let p = p0;
    if (whole && p === q && p > 0) {
      w++;
      p = 0;
    }
    let text: string;
    const wholeText = whole ? (w === 0 && p !== 0 ? (whole.includes('0') ? '0' : '') : String(w)) : '';
    if (p === 0 && whole) text = `${wholeText}${' '.repeat(m[2]!.length + numW + m[4]!.length + (fixedDen ? 0 : denW))}`;
    else text = `${wholeText}${whole ? m[2]! : ''}${String(p).padStart(numW, ' ')}${m[4]!}${fixedDen ? String(q) : String(q).padEnd(denW, ' ')}`;
    const negative = !signHandled && n < 0 && (w !== 0 || p !== 0);
    return `${negative ? '-' : ''}${prefix}${text}${suffix}`;
  };
}

function compileNumber(body: string): SectionFn {
  // The placeholders, found outside literals.
  const mask = maskLiterals(body);
  const general = mask.search(/general/i);
  if (general >= 0) {
    const prefix = literalText(body.slice(0, general));
    const suffix = literalText(body.slice(general + 7));
    return (n, _d, signHandled) => `${!signHandled && n < 0 ? '-' : ''}${prefix}${plainNumber(Math.abs(n))}${suffix}`;
  }
  const first = [...mask].findIndex((ch) => PLACEHOLDER.includes(ch));
  if (first < 0) {
    // Only literals: a zero section such as "-", or a section with no digits at all.
    const text = literalText(body);
    const at = mask.includes('@');
    return (n, _d, signHandled) => (at ? text + plainNumber(n) : text || mask.trim() ? text : signHandled ? '' : plainNumber(n));
  }
  let last = first;
  for (let i = first; i < mask.length; i++) {
    const ch = mask[i]!;
    if (PLACEHOLDER.includes(ch) || ch === '.' || ch === ',') last = i;
    else if ((ch === 'E' || ch === 'e') && (mask[i + 1] === '+' || mask[i + 1] === '-')) {
      let j = i + 2;
      while (j < mask.length && PLACEHOLDER.includes(mask[j]!)) j++;
      last = j - 1;
      i = j - 1;
    }
  }
  const prefix = literalText(body.slice(0, first));
  const suffix = literalText(body.slice(last + 1));
  let pattern = mask.slice(first, last + 1).replace(/[^#0?.,Ee+-]/g, '');
  const percent = mask.includes('%');
  let expDigits = -1;
  const e = /[eE][+-]/.exec(pattern);
  if (e) {
    expDigits = pattern.length - e.index - 2;
    pattern = pattern.slice(0, e.index);
  }
  let scale = 0; // each trailing comma divides by 1000
  while (pattern.endsWith(',')) {
    scale++;
    pattern = pattern.slice(0, -1);
  }
  const dot = pattern.indexOf('.');
  const intPat = dot < 0 ? pattern : pattern.slice(0, dot);
  const fracPat = dot < 0 ? '' : pattern.slice(dot + 1);
  const maxDec = (fracPat.match(/[0#?]/g) ?? []).length;
  const minDec = (fracPat.match(/[0?]/g) ?? []).length;
  const zeroDec = (fracPat.match(/0/g) ?? []).length;
  const minInt = (intPat.match(/0/g) ?? []).length;
  const padInt = (intPat.match(/[0?]/g) ?? []).length; // "?" pads with spaces
  const thousands = intPat.includes(',');
  const fixed = (v: number): string => {
    const s = v.toFixed(maxDec);
    const point = s.indexOf('.');
    let i = point < 0 ? s : s.slice(0, point);
    let f = point < 0 ? '' : s.slice(point + 1);
    if (f.length > zeroDec) f = f.slice(0, zeroDec) + f.slice(zeroDec).replace(/0+$/, '').padEnd(minDec - zeroDec, ' ');
    if (i === '0' && minInt === 0) i = '';
    else if (i.length < minInt) i = i.padStart(minInt, '0');
    if (i.length < padInt) i = i.padStart(padInt, ' ');
    return (thousands ? groupThousands(i) : i) + (f ? `.${f}` : '');
  };
  return (n, _d, signHandled) => {
    let v = Math.abs(n);
    if (percent) v *= 100;
    if (scale) v /= 1000 ** scale;
    let text: string;
    if (expDigits >= 0) {
      let exp = v === 0 ? 0 : Math.floor(Math.log10(v));
      let mant = v === 0 ? 0 : v / 10 ** exp;
      if (Number(mant.toFixed(maxDec)) >= 10) {
        mant /= 10;
        exp++;
      }
      text = `${fixed(mant)}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(Math.max(expDigits, 1), '0')}`;
    } else text = fixed(v);
    const negative = !signHandled && n < 0 && /[1-9]/.test(text);
    return `${negative ? '-' : ''}${prefix}${text}${suffix}`;
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type DateToken = { lit: string } | { code: string };

function tokenizeDate(body: string): DateToken[] {
  const out: DateToken[] = [];
  const lower = body.toLowerCase();
  for (let i = 0; i < body.length; ) {
    const ch = body[i]!;
    const lc = lower[i]!;
    if (ch === '"') {
      const j = body.indexOf('"', i + 1);
      const end = j < 0 ? body.length : j;
      out.push({ lit: body.slice(i + 1, end) });
      i = end + 1;
    } else if (ch === '\\') {
      out.push({ lit: body[i + 1] ?? '' });
      i += 2;
    } else if (ch === '_') {
      out.push({ lit: ' ' });
      i += 2;
    } else if (ch === '*') i += 2;
    else if (ch === '[') {
      const j = body.indexOf(']', i);
      out.push({ code: `[${lower.slice(i + 1, j)[0]}]` });
      i = j + 1;
    } else if (lower.startsWith('am/pm', i)) {
      out.push({ code: 'ampm' });
      i += 5;
    } else if (lower.startsWith('a/p', i)) {
      out.push({ code: 'ap' });
      i += 3;
    } else if ('ymdhs'.includes(lc)) {
      let j = i;
      while (j < body.length && lower[j] === lc) j++;
      out.push({ code: lower.slice(i, j) });
      i = j;
    } else if (ch === '.' && /^0+/.test(body.slice(i + 1))) {
      const zeros = /^0+/.exec(body.slice(i + 1))![0].length;
      out.push({ code: `.${'0'.repeat(zeros)}` });
      i += 1 + zeros;
    } else {
      out.push({ lit: ch === '@' ? '' : ch });
      i++;
    }
  }
  // "m" / "mm" right after an hour or right before a second is minutes.
  const codes = out.map((t, k) => ({ t, k })).filter((x) => 'code' in x.t);
  codes.forEach(({ t }, idx) => {
    const c = (t as { code: string }).code;
    if (c !== 'm' && c !== 'mm') return;
    const prev = codes[idx - 1]?.t as { code: string } | undefined;
    const next = codes[idx + 1]?.t as { code: string } | undefined;
    if ((prev && /^(h+|\[h\])$/.test(prev.code)) || (next && /^(s+|\[s\])$/.test(next.code))) (t as { code: string }).code = c === 'm' ? 'M' : 'MM';
  });
  return out;
}

function compileDate(body: string): SectionFn {
  const tokens = tokenizeDate(body);
  const hasAmPm = tokens.some((t) => 'code' in t && (t.code === 'ampm' || t.code === 'ap'));
  const fracDigits = Math.max(0, ...tokens.map((t) => ('code' in t && t.code.startsWith('.') ? t.code.length - 1 : 0)));
  return (n, date1904) => {
    if (n < 0) return '#'.repeat(8);
    const serial = date1904 ? n + 1462 : n;
    let days = Math.floor(serial);
    const unit = 86_400 * 10 ** fracDigits;
    let ticks = Math.round((serial - days) * unit);
    if (ticks >= unit) {
      days += 1;
      ticks -= unit;
    }
    const secsFloat = ticks / 10 ** fracDigits;
    const secs = Math.floor(secsFloat);
    // Excel's 1900 calendar counts 1900-01-01 as 1 and has a 29 February 1900 (serial 60).
    const leap = !date1904 && days === 60;
    const real = !date1904 && days < 60 ? days + 1 : days;
    const date = new Date(Date.UTC(1899, 11, 30) + real * 86_400_000);
    const y = leap ? 1900 : date.getUTCFullYear();
    const mo = leap ? 1 : date.getUTCMonth();
    const d = leap ? 29 : date.getUTCDate();
    const wd = leap ? 4 : date.getUTCDay();
    const h = Math.floor(secs / 3600);
    const mi = Math.floor((secs % 3600) / 60);
    const s = secs % 60;
    const p2 = (x: number) => String(x).padStart(2, '0');
    let out = '';
    for (const t of tokens) {
      if ('lit' in t) {
        out += t.lit;
        continue;
      }
      const c = t.code;
      if (c === 'yy' || c === 'y') out += p2(y % 100);
      else if (c.startsWith('y')) out += String(y);
      else if (c === 'm') out += String(mo + 1);
      else if (c === 'mm') out += p2(mo + 1);
      else if (c === 'mmm') out += MONTHS[mo]!.slice(0, 3);
      else if (c === 'mmmmm') out += MONTHS[mo]![0];
      else if (c.startsWith('mmmm')) out += MONTHS[mo];
      else if (c === 'd') out += String(d);
      else if (c === 'dd') out += p2(d);
      else if (c === 'ddd') out += DAYS[wd]!.slice(0, 3);
      else if (c.startsWith('ddd')) out += DAYS[wd];
      else if (c === 'h' || c === 'hh') {
        const hh = hasAmPm ? (h % 12 === 0 ? 12 : h % 12) : h;
        out += c === 'hh' ? p2(hh) : String(hh);
      } else if (c === 'M') out += String(mi);
      else if (c === 'MM') out += p2(mi);
      else if (c === 's') out += String(s);
      else if (c.startsWith('s')) out += p2(s);
      else if (c === '[h]') out += String(days * 24 + h);
      else if (c === '[m]') out += String((days * 24 + h) * 60 + mi);
      else if (c === '[s]') out += String(((days * 24 + h) * 60 + mi) * 60 + s);
      else if (c.startsWith('.')) out += `.${String(Math.round((secsFloat - secs) * 10 ** (c.length - 1))).padStart(c.length - 1, '0')}`;
      else if (c === 'ampm') out += h < 12 ? 'AM' : 'PM';
      else if (c === 'ap') out += h < 12 ? 'A' : 'P';
      else if (c.startsWith('h')) out += p2(hasAmPm ? (h % 12 === 0 ? 12 : h % 12) : h);
      else if (c.startsWith('m')) out += p2(mo + 1);
      else if (c.startsWith('d')) out += p2(d);
    }
    return out;
  };
}

/** Text of a value as a spreadsheet shows it (for HTML). */
export function displayText(v: EvalValue, numFmt?: string): string {
  if (typeof v === 'number') return formatNumber(v, numFmt);
  return csvText(v, numFmt);
}
