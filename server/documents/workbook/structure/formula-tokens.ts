/**
 * A small tokenizer for Excel formulas (A1 style, en-US separators), enough to find and rewrite
 * references without touching anything else: string literals, quoted sheet names, function names
 * that look like cells (LOG10, ATAN2), defined names that start like cells (Q1_2024), structured
 * references (Table1[Col]) and error literals are all recognised as what they are. Joining the
 * texts of the tokens gives back the formula exactly.
 */
import { MAX_COLS, MAX_ROWS } from '../../../../lib/workbook/cell-ref';

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

const NUMBER_RE = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const ERROR_RE = /#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)/iy;
const EXTERNAL_RE = /\[[^\]]*\]/y;
const LETTER_RE = /\p{L}/u;
const LETTER_OR_DIGIT_RE = /[\p{L}\p{N}]/u;

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A character that may not directly follow a reference (it would make it part of a name or a call). */
function continuesName(code: number): boolean {
  if (code !== code) return false; // NaN: end of text
  if (isDigitCode(code) || isAsciiLetter(code)) return true;
  // _ . ( ! [ $ ? \
  if (code === 95 || code === 46 || code === 40 || code === 33 || code === 91 || code === 36 || code === 63 || code === 92) return true;
  return code > 127 && LETTER_OR_DIGIT_RE.test(String.fromCharCode(code));
}

function isIdentStart(code: number): boolean {
  return isAsciiLetter(code) || code === 95 || code === 92 || (code > 127 && LETTER_RE.test(String.fromCharCode(code)));
}

function isIdentPart(code: number): boolean {
  return (
    isAsciiLetter(code) ||
    isDigitCode(code) ||
    code === 95 ||
    code === 46 ||
    code === 92 ||
    code === 63 ||
    (code > 127 && LETTER_OR_DIGIT_RE.test(String.fromCharCode(code)))
  );
}

/** End of the identifier starting at pos (pos must be an identifier start). */
function scanIdent(s: string, pos: number): number {
  let i = pos + 1;
  while (i < s.length && isIdentPart(s.charCodeAt(i))) i++;
  return i;
}

// results of the scanners below (module scratch space: no allocation on the hot path)
let scCol = 0;
let scRow = 0;
let scAbsC = false;
let scAbsR = false;
let scEnd = 0;

/** [$]letters (1–3) at pos; sets scCol/scAbsC/scEnd. */
function scanColumn(s: string, pos: number): boolean {
  let i = pos;
  scAbsC = s.charCodeAt(i) === 36;
  if (scAbsC) i++;
  let col = 0;
  const start = i;
  while (i < s.length) {
    let code = s.charCodeAt(i);
    if (code >= 97 && code <= 122) code -= 32;
    if (code < 65 || code > 90) break;
    col = col * 26 + (code - 64);
    i++;
  }
  const len = i - start;
  if (len < 1 || len > 3 || col > MAX_COLS) return false;
  scCol = col;
  scEnd = i;
  return true;
}

/** [$]digits (1–7) at pos; sets scRow/scAbsR/scEnd. */
function scanRow(s: string, pos: number): boolean {
  let i = pos;
  scAbsR = s.charCodeAt(i) === 36;
  if (scAbsR) i++;
  let row = 0;
  const start = i;
  while (i < s.length) {
    const code = s.charCodeAt(i);
    if (code < 48 || code > 57) break;
    row = row * 10 + (code - 48);
    i++;
  }
  const len = i - start;
  if (len < 1 || len > 7 || row < 1 || row > MAX_ROWS) return false;
  scRow = row;
  scEnd = i;
  return true;
}

/** [$]col[$]row at pos; sets scCol/scRow/scAbsC/scAbsR/scEnd. */
function scanCell(s: string, pos: number): boolean {
  return scanColumn(s, pos) && scanRow(s, scEnd);
}

/**
 * The area of the reference token being reported by scanFormula (valid during the callback only;
 * copy it to keep it). Reused so that scanning allocates nothing for references.
 */
export const currentArea: RefArea = { kind: 'cell', r1: 1, c1: 1, r2: 1, c2: 1, absR1: false, absC1: false, absR2: false, absC2: false };

function setArea(kind: AreaKind, r1: number, c1: number, r2: number, c2: number, aR1: boolean, aC1: boolean, aR2: boolean, aC2: boolean): void {
  const a = currentArea;
  a.kind = kind;
  if (r1 <= r2) {
    a.r1 = r1;
    a.r2 = r2;
    a.absR1 = aR1;
    a.absR2 = aR2;
  } else {
    a.r1 = r2;
    a.r2 = r1;
    a.absR1 = aR2;
    a.absR2 = aR1;
  }
  if (c1 <= c2) {
    a.c1 = c1;
    a.c2 = c2;
    a.absC1 = aC1;
    a.absC2 = aC2;
  } else {
    a.c1 = c2;
    a.c2 = c1;
    a.absC1 = aC2;
    a.absC2 = aC1;
  }
}

/** Scans a reference area at pos into currentArea; returns its end, or -1. */
function scanArea(s: string, pos: number): number {
  const c0 = s.charCodeAt(pos);
  const first = c0 === 36 ? s.charCodeAt(pos + 1) : c0;
  if (isDigitCode(first)) {
    if (!scanRow(s, pos) || s.charCodeAt(scEnd) !== 58) return -1;
    const r1 = scRow;
    const a1 = scAbsR;
    if (!scanRow(s, scEnd + 1) || continuesName(s.charCodeAt(scEnd))) return -1;
    setArea('rows', r1, 1, scRow, MAX_COLS, a1, false, scAbsR, false);
    return scEnd;
  }
  if (!isAsciiLetter(first)) return -1;
  if (scanCell(s, pos)) {
    const c1 = scCol;
    const r1 = scRow;
    const aC1 = scAbsC;
    const aR1 = scAbsR;
    const end1 = scEnd;
    if (s.charCodeAt(end1) === 58 && scanCell(s, end1 + 1)) {
      const after = s.charCodeAt(scEnd);
      if (after === 33) return -1; // Q1:Q4!A1 — a 3-D prefix of sheets named like cells
      if (!continuesName(after)) {
        setArea('range', r1, c1, scRow, scCol, aR1, aC1, scAbsR, scAbsC);
        return scEnd;
      }
    }
    if (continuesName(s.charCodeAt(end1))) return -1;
    setArea('cell', r1, c1, r1, c1, aR1, aC1, aR1, aC1);
    return end1;
  }
  if (scanColumn(s, pos) && s.charCodeAt(scEnd) === 58) {
    const c1 = scCol;
    const a1 = scAbsC;
    if (scanColumn(s, scEnd + 1) && !continuesName(s.charCodeAt(scEnd))) {
      setArea('cols', 1, c1, MAX_ROWS, scCol, false, a1, false, scAbsC);
      return scEnd;
    }
  }
  return -1;
}

/** Reads a reference area (no sheet prefix) at pos; returns a copy of it and its end, or undefined. */
export function readArea(s: string, pos: number): { area: RefArea; end: number } | undefined {
  const end = scanArea(s, pos);
  return end < 0 ? undefined : { area: { ...currentArea }, end };
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
  if (s.charCodeAt(i) === 91) {
    EXTERNAL_RE.lastIndex = i;
    if (!EXTERNAL_RE.exec(s)) return undefined;
    external = true;
    i = EXTERNAL_RE.lastIndex;
    if (s.charCodeAt(i) === 33) return { prefix: { text: s.slice(pos, i + 1), sheet: '', external: true }, end: i + 1 };
  }
  if (!isIdentStart(s.charCodeAt(i)) && !(external && isDigitCode(s.charCodeAt(i)))) return undefined;
  const nameStart = i;
  i = scanIdent(s, i);
  const nameEnd = i;
  let last: string | undefined;
  if (s.charCodeAt(i) === 58) {
    if (!isIdentStart(s.charCodeAt(i + 1))) return undefined;
    const e = scanIdent(s, i + 1);
    if (s.charCodeAt(e) !== 33) return undefined;
    last = s.slice(i + 1, e);
    i = e;
  }
  if (s.charCodeAt(i) !== 33) return undefined;
  const prefix: SheetPrefix = { text: s.slice(pos, i + 1), sheet: s.slice(nameStart, nameEnd) };
  if (last !== undefined) prefix.lastSheet = last;
  if (external) prefix.external = true;
  return { prefix, end: i + 1 };
}

interface Scanned {
  kind: TokenKind;
  end: number;
}

/** Reads what follows a sheet prefix: an area, #REF!, or a name. */
function readAfterPrefix(s: string, pos: number): Scanned | undefined {
  const end = scanArea(s, pos);
  if (end >= 0) return { kind: 'ref', end };
  ERROR_RE.lastIndex = pos;
  if (ERROR_RE.exec(s)) return { kind: 'error', end: ERROR_RE.lastIndex };
  if (isIdentStart(s.charCodeAt(pos))) return { kind: 'name', end: scanIdent(s, pos) };
  return undefined;
}

/** Skips a bracketed structured-reference body at pos ("[" …) with nesting and ' escapes. */
function skipBrackets(s: string, pos: number): number {
  let depth = 0;
  let i = pos;
  while (i < s.length) {
    const ch = s.charCodeAt(i);
    if (ch === 39) {
      i += 2;
      continue;
    }
    if (ch === 91) depth++;
    else if (ch === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return s.length;
}

const OPS = '+-*/^&=<>%,;:(){}@';

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 160;
}

/** Receives each token: its kind, its [start, end) span and its sheet prefix if any; for 'ref' tokens the area is in currentArea. */
export type TokenSink = (kind: TokenKind, start: number, end: number, prefix?: SheetPrefix) => void;

/** Scans a formula, calling `emit` for each token in order (no allocation for plain tokens). */
export function scanFormula(s: string, emit: TokenSink): void {
  let i = 0;
  const n = s.length;
  const prefixed = (p: { prefix: SheetPrefix; end: number }, start: number): number => {
    const t = readAfterPrefix(s, p.end);
    if (t) {
      emit(t.kind, start, t.end, p.prefix);
      return t.end;
    }
    emit('other', start, p.end, p.prefix);
    return p.end;
  };
  while (i < n) {
    const start = i;
    const code = s.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      emit('ws', start, i);
      continue;
    }
    if (code === 34) {
      // "string" with "" escapes
      i++;
      while (i < n) {
        if (s.charCodeAt(i) === 34) {
          if (s.charCodeAt(i + 1) === 34) i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
      emit('string', start, i);
      continue;
    }
    if (code === 35) {
      // #error
      ERROR_RE.lastIndex = i;
      if (ERROR_RE.exec(s)) {
        i = ERROR_RE.lastIndex;
        emit('error', start, i);
      } else emit('other', start, ++i);
      continue;
    }
    if (code === 39) {
      // 'quoted sheet'!
      const p = parseQuotedPrefix(s, i);
      if (p) i = prefixed(p, start);
      else emit('other', start, ++i);
      continue;
    }
    if (code === 91) {
      // [1]Sheet!A1 (external) or a structured reference without a table name
      const p = /^\[\d+\]/.test(s.slice(i, i + 12)) ? parseUnquotedPrefix(s, i) : undefined;
      if (p && readAfterPrefix(s, p.end)) {
        i = prefixed(p, start);
        continue;
      }
      i = skipBrackets(s, i);
      emit('structured', start, i);
      continue;
    }
    const digit = isDigitCode(code);
    if (code === 36 || digit || isIdentStart(code)) {
      const areaEnd = scanArea(s, i);
      if (areaEnd >= 0) {
        emit('ref', start, areaEnd);
        i = areaEnd;
        continue;
      }
      if (digit) {
        NUMBER_RE.lastIndex = i;
        NUMBER_RE.exec(s);
        i = NUMBER_RE.lastIndex;
        emit('number', start, i);
        continue;
      }
      if (code === 36) {
        emit('other', start, ++i);
        continue;
      }
      const end = scanIdent(s, i);
      const next = s.charCodeAt(end);
      if (next === 33 || next === 58) {
        const p = parseUnquotedPrefix(s, i);
        if (p) {
          i = prefixed(p, start);
          continue;
        }
      }
      i = end;
      if (next === 40) emit('func', start, i);
      else if (next === 91) {
        i = skipBrackets(s, i);
        emit('structured', start, i);
      } else emit('name', start, i);
      continue;
    }
    if (code === 46 && isDigitCode(s.charCodeAt(i + 1))) {
      NUMBER_RE.lastIndex = i;
      NUMBER_RE.exec(s);
      i = NUMBER_RE.lastIndex;
      emit('number', start, i);
      continue;
    }
    const next = s.charCodeAt(i + 1);
    // <> <= >=
    if ((code === 60 && (next === 62 || next === 61)) || (code === 62 && next === 61)) {
      i += 2;
      emit('op', start, i);
      continue;
    }
    emit(OPS.includes(s[i]!) ? 'op' : 'other', start, ++i);
  }
}

export function tokenizeFormula(formula: string): Token[] {
  const out: Token[] = [];
  scanFormula(formula, (kind, start, end, prefix) => {
    const t: Token = { kind, text: formula.slice(start, end), start };
    if (prefix) t.prefix = prefix;
    if (kind === 'ref') t.area = { ...currentArea };
    out.push(t);
  });
  return out;
}
