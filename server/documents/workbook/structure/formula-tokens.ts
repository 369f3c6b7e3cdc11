/**
 * A small tokenizer for Excel formulas (A1 style, en-US separators), enough to find and rewrite
 * references without touching anything else: string literals, quoted sheet names, function names
 * that look like cells (LOG10, ATAN2), defined names that start like cells (Q1_2024), structured
 * references (Table1[Col]) and error literals are all recognised as what they are. Joining the
 * texts of the tokens gives back the formula exactly.
 */
import { MAX_COLS, MAX_ROWS, columnToNumber } from '../cell-ref';

export type TokenKind =
  | 'ws' // whitespace (also the intersection operator)
  | 'string' // "text" with "" escapes
  | 'number'
  | 'error' // #REF!, #N/A, … (may carry a sheet prefix: Sheet1!#REF!)
  | 'op' // operators, parentheses, separators, braces
  | 'func' // a function name (the "(" is the next token)
  | 'name' // a defined name, TRUE/FALSE, or anything else identifier-like (may carry a sheet prefix)
  | 'ref' // a cell, range, whole-row or whole-column reference (may carry a sheet prefix)
  | 'structured' // Table1[Col], [@Col], Table1[[#This Row],[Col]]
  | 'other'; // anything else, one character at a time (kept as is)

/** "Sheet1!", "'My sheet'!", "Sheet1:Sheet3!" (3-D), "[1]Sheet1!" (external). */
export interface SheetPrefix {
  /** the prefix as written, including the "!" */
  text: string;
  /** the (first) sheet, unquoted */
  sheet: string;
  /** the last sheet of a 3-D reference */
  lastSheet?: string;
  /** the reference points into another workbook ([1]Sheet1!A1, '[Book.xlsx]Sheet1'!A1) */
  external?: boolean;
}

export type AreaKind = 'cell' | 'range' | 'rows' | 'cols';

/**
 * A reference area, normalised so that r1 <= r2 and c1 <= c2 (the "$" flags travel with their
 * bound). Whole rows have c1 = 1, c2 = MAX_COLS; whole columns r1 = 1, r2 = MAX_ROWS.
 */
export interface RefArea {
  kind: AreaKind;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
  absR1: boolean;
  absC1: boolean;
  absR2: boolean;
  absC2: boolean;
}

export interface Token {
  kind: TokenKind;
  text: string;
  /** offset in the formula */
  start: number;
  prefix?: SheetPrefix;
  /** set for kind 'ref' */
  area?: RefArea;
}

const CELL_RANGE_RE = /(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})(?::(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7}))?/y;
const COLS_RE = /(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})/y;
const ROWS_RE = /(\$?)(\d{1,7}):(\$?)(\d{1,7})/y;
const NUMBER_RE = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT_RE = /[\p{L}_\\][\p{L}\p{N}_.\\?]*/uy;
const ERROR_RE = /#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)/iy;
const WS_RE = /\s+/y;
const EXTERNAL_RE = /\[[^\]]*\]/y;

/** A character that may not directly follow a reference (it would make it part of a name or a call). */
function continuesName(code: number | undefined): boolean {
  if (code === undefined) return false;
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return true;
  // _ . ( ! [ $ ? \
  if (code === 95 || code === 46 || code === 40 || code === 33 || code === 91 || code === 36 || code === 63 || code === 92) return true;
  return code > 127 && /[\p{L}\p{N}]/u.test(String.fromCharCode(code));
}

function isIdentStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 92 || (code > 127 && /\p{L}/u.test(String.fromCharCode(code)));
}

function makeArea(kind: AreaKind, r1: number, c1: number, r2: number, c2: number, aR1: boolean, aC1: boolean, aR2: boolean, aC2: boolean): RefArea {
  let absR1 = aR1;
  let absR2 = aR2;
  let absC1 = aC1;
  let absC2 = aC2;
  if (r1 > r2) {
    [r1, r2] = [r2, r1];
    [absR1, absR2] = [absR2, absR1];
  }
  if (c1 > c2) {
    [c1, c2] = [c2, c1];
    [absC1, absC2] = [absC2, absC1];
  }
  return { kind, r1, c1, r2, c2, absR1, absC1, absR2, absC2 };
}

/** Reads a reference area at pos; returns it and its end, or undefined. */
export function readArea(s: string, pos: number): { area: RefArea; end: number } | undefined {
  const c0 = s.charCodeAt(pos);
  const digitStart = c0 >= 48 && c0 <= 57;
  const afterDollar = c0 === 36 ? s.charCodeAt(pos + 1) : c0;
  const digitAfterDollar = afterDollar >= 48 && afterDollar <= 57;
  if (digitStart || digitAfterDollar) {
    ROWS_RE.lastIndex = pos;
    const m = ROWS_RE.exec(s);
    if (!m || continuesName(s.charCodeAt(ROWS_RE.lastIndex) || undefined)) return undefined;
    const r1 = Number(m[2]);
    const r2 = Number(m[4]);
    if (r1 < 1 || r2 < 1 || r1 > MAX_ROWS || r2 > MAX_ROWS) return undefined;
    return { area: makeArea('rows', r1, 1, r2, MAX_COLS, m[1] === '$', false, m[3] === '$', false), end: ROWS_RE.lastIndex };
  }
  CELL_RANGE_RE.lastIndex = pos;
  const m = CELL_RANGE_RE.exec(s);
  if (m) {
    const c1 = columnToNumber(m[2]!);
    const r1 = Number(m[4]);
    const endFirst = pos + m[1]!.length + m[2]!.length + m[3]!.length + m[4]!.length;
    if (c1 <= MAX_COLS && r1 >= 1 && r1 <= MAX_ROWS) {
      if (m[8] !== undefined && !continuesName(s.charCodeAt(CELL_RANGE_RE.lastIndex) || undefined)) {
        const c2 = columnToNumber(m[6]!);
        const r2 = Number(m[8]);
        if (c2 <= MAX_COLS && r2 >= 1 && r2 <= MAX_ROWS) {
          return { area: makeArea('range', r1, c1, r2, c2, m[3] === '$', m[1] === '$', m[7] === '$', m[5] === '$'), end: CELL_RANGE_RE.lastIndex };
        }
      }
      if (!continuesName(s.charCodeAt(endFirst) || undefined)) {
        return { area: makeArea('cell', r1, c1, r1, c1, m[3] === '$', m[1] === '$', m[3] === '$', m[1] === '$'), end: endFirst };
      }
    }
  }
  COLS_RE.lastIndex = pos;
  const k = COLS_RE.exec(s);
  if (k && !continuesName(s.charCodeAt(COLS_RE.lastIndex) || undefined)) {
    const c1 = columnToNumber(k[2]!);
    const c2 = columnToNumber(k[4]!);
    if (c1 <= MAX_COLS && c2 <= MAX_COLS) return { area: makeArea('cols', 1, c1, MAX_ROWS, c2, false, k[1] === '$', false, k[3] === '$'), end: COLS_RE.lastIndex };
  }
  return undefined;
}

function parseQuotedPrefix(s: string, pos: number): { prefix: SheetPrefix; end: number } | undefined {
  // pos at the opening quote
  let i = pos + 1;
  let name = '';
  for (;;) {
    if (i >= s.length) return undefined;
    const ch = s[i]!;
    if (ch === "'") {
      if (s[i + 1] === "'") {
        name += "'";
        i += 2;
        continue;
      }
      break;
    }
    name += ch;
    i++;
  }
  if (s[i + 1] !== '!') return undefined;
  const end = i + 2;
  const text = s.slice(pos, end);
  if (name.includes('[') || name.includes(']')) return { prefix: { text, sheet: name, external: true }, end };
  const colon = name.indexOf(':');
  if (colon >= 0) return { prefix: { text, sheet: name.slice(0, colon), lastSheet: name.slice(colon + 1) }, end };
  return { prefix: { text, sheet: name }, end };
}

/** Unquoted prefix at pos: "Sheet1!", "Sheet1:Sheet3!" or "[1]Sheet1!". */
function parseUnquotedPrefix(s: string, pos: number): { prefix: SheetPrefix; end: number } | undefined {
  let i = pos;
  let external = false;
  if (s[i] === '[') {
    EXTERNAL_RE.lastIndex = i;
    const e = EXTERNAL_RE.exec(s);
    if (!e) return undefined;
    external = true;
    i = EXTERNAL_RE.lastIndex;
    if (s[i] === '!') return { prefix: { text: s.slice(pos, i + 1), sheet: '', external: true }, end: i + 1 };
  }
  IDENT_RE.lastIndex = i;
  const a = IDENT_RE.exec(s);
  if (!a) return undefined;
  i = IDENT_RE.lastIndex;
  let last: string | undefined;
  if (s[i] === ':') {
    IDENT_RE.lastIndex = i + 1;
    const b = IDENT_RE.exec(s);
    if (!b || s[IDENT_RE.lastIndex] !== '!') return undefined;
    last = b[0];
    i = IDENT_RE.lastIndex;
  }
  if (s[i] !== '!') return undefined;
  const text = s.slice(pos, i + 1);
  const prefix: SheetPrefix = { text, sheet: a[0] };
  if (last !== undefined) prefix.lastSheet = last;
  if (external) prefix.external = true;
  return { prefix, end: i + 1 };
}

/** Reads what follows a sheet prefix: an area, #REF!, or a name. */
function readAfterPrefix(s: string, pos: number, prefix: SheetPrefix, start: number): Token | undefined {
  const area = readArea(s, pos);
  if (area) return { kind: 'ref', text: s.slice(start, area.end), start, prefix, area: area.area };
  ERROR_RE.lastIndex = pos;
  const e = ERROR_RE.exec(s);
  if (e) return { kind: 'error', text: s.slice(start, ERROR_RE.lastIndex), start, prefix };
  IDENT_RE.lastIndex = pos;
  const n = IDENT_RE.exec(s);
  if (n) return { kind: 'name', text: s.slice(start, IDENT_RE.lastIndex), start, prefix };
  return undefined;
}

/** Skips a bracketed structured-reference body at pos ("[" …) with nesting and ' escapes. */
function skipBrackets(s: string, pos: number): number {
  let depth = 0;
  let i = pos;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === "'") {
      i += 2;
      continue;
    }
    if (ch === '[') depth++;
    else if (ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return s.length;
}

const TWO_CHAR_OPS = new Set(['<>', '<=', '>=']);

export function tokenizeFormula(formula: string): Token[] {
  const s = formula;
  const out: Token[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const start = i;
    const code = s.charCodeAt(i);
    const ch = s[i]!;
    // whitespace
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 160) {
      WS_RE.lastIndex = i;
      WS_RE.exec(s);
      i = Math.max(WS_RE.lastIndex, i + 1);
      out.push({ kind: 'ws', text: s.slice(start, i), start });
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < n) {
        if (s[i] === '"') {
          if (s[i + 1] === '"') i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
      out.push({ kind: 'string', text: s.slice(start, i), start });
      continue;
    }
    if (ch === '#') {
      ERROR_RE.lastIndex = i;
      if (ERROR_RE.exec(s)) {
        i = ERROR_RE.lastIndex;
        out.push({ kind: 'error', text: s.slice(start, i), start });
        continue;
      }
      out.push({ kind: 'other', text: ch, start });
      i++;
      continue;
    }
    if (ch === "'") {
      const p = parseQuotedPrefix(s, i);
      if (p) {
        const t = readAfterPrefix(s, p.end, p.prefix, start);
        if (t) {
          out.push(t);
          i = start + t.text.length;
        } else {
          out.push({ kind: 'other', text: p.prefix.text, start, prefix: p.prefix });
          i = p.end;
        }
        continue;
      }
      out.push({ kind: 'other', text: ch, start });
      i++;
      continue;
    }
    if (ch === '[') {
      const p = /^\[\d+\]/.test(s.slice(i, i + 12)) ? parseUnquotedPrefix(s, i) : undefined;
      if (p) {
        const t = readAfterPrefix(s, p.end, p.prefix, start);
        if (t) {
          out.push(t);
          i = start + t.text.length;
          continue;
        }
      }
      i = skipBrackets(s, i);
      out.push({ kind: 'structured', text: s.slice(start, i), start });
      continue;
    }
    const isDigit = code >= 48 && code <= 57;
    if (code === 36 || isDigit || isIdentStart(code)) {
      const area = readArea(s, i);
      if (area) {
        out.push({ kind: 'ref', text: s.slice(start, area.end), start, area: area.area });
        i = area.end;
        continue;
      }
      if (isDigit) {
        NUMBER_RE.lastIndex = i;
        NUMBER_RE.exec(s);
        i = NUMBER_RE.lastIndex;
        out.push({ kind: 'number', text: s.slice(start, i), start });
        continue;
      }
      if (code === 36) {
        out.push({ kind: 'other', text: ch, start });
        i++;
        continue;
      }
      const p = parseUnquotedPrefix(s, i);
      if (p) {
        const t = readAfterPrefix(s, p.end, p.prefix, start);
        if (t) {
          out.push(t);
          i = start + t.text.length;
        } else {
          out.push({ kind: 'other', text: p.prefix.text, start, prefix: p.prefix });
          i = p.end;
        }
        continue;
      }
      IDENT_RE.lastIndex = i;
      IDENT_RE.exec(s);
      i = IDENT_RE.lastIndex;
      const next = s[i];
      if (next === '(') out.push({ kind: 'func', text: s.slice(start, i), start });
      else if (next === '[') {
        i = skipBrackets(s, i);
        out.push({ kind: 'structured', text: s.slice(start, i), start });
      } else out.push({ kind: 'name', text: s.slice(start, i), start });
      continue;
    }
    if (ch === '.' && s.charCodeAt(i + 1) >= 48 && s.charCodeAt(i + 1) <= 57) {
      NUMBER_RE.lastIndex = i;
      NUMBER_RE.exec(s);
      i = NUMBER_RE.lastIndex;
      out.push({ kind: 'number', text: s.slice(start, i), start });
      continue;
    }
    const two = s.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      out.push({ kind: 'op', text: two, start });
      i += 2;
      continue;
    }
    if ('+-*/^&=<>%,;:(){}@'.includes(ch)) {
      out.push({ kind: 'op', text: ch, start });
      i++;
      continue;
    }
    out.push({ kind: 'other', text: ch, start });
    i++;
  }
  return out;
}
