/**
 * Rewrites a formula into plain A1 references before evaluation (the file keeps the original):
 * - defined names (workbook and sheet scope, `Sheet!Name`) → what they refer to: a reference as
 *   is, a constant or formula in parentheses; names inside names are resolved too;
 * - 3-D references `Jan:Mar!B2`, `'Q1 data:Q4 data'!B2:B5` → one argument per sheet
 *   (`Jan!B2,Feb!B2,Mar!B2`), which is what SUM, AVERAGE, COUNT… do with them;
 * - structured references (`Table1[Amount]`, `[@Amount]`, … see structured-refs.ts) and bare
 *   table names → A1 ranges;
 * - any other identifier (an unknown name) → #NAME?, as Excel shows it.
 * Strings, array constants, function names, cell and column references are left alone. A formula
 * with nothing to rewrite is returned as the same string (no allocation).
 */
import { MAX_COLS, MAX_ROWS, quoteSheetName } from '../../../../lib/workbook/cell-ref';
import type { NameEntry, NameTable } from './defined-names';
import { resolveTableRef, type TableIndex } from './structured-refs';
import { sheetSpan } from './three-d-refs';

const ERROR_RE = /#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)/iy;
/** A reference right after a sheet prefix: cell, cell range, column range or row range. */
const REF_AFTER_SHEET_RE =
  /(?:\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)(?![\w.(\[!])/y;
/** One whole reference, optionally sheet-qualified (a name that is "just a reference"). */
const SINGLE_REF_RE =
  /^(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?(?:\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)$/;
const MAX_DEPTH = 16;

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 92 || c === 36 || c >= 128;
}
function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 63;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A1 cell reference (optionally with $), within the sheet's bounds. */
export function isCellRef(w: string): boolean {
  let i = 0;
  const n = w.length;
  if (w.charCodeAt(i) === 36) i++;
  let col = 0;
  const c0 = i;
  for (; i < n; i++) {
    let ch = w.charCodeAt(i);
    if (ch >= 97 && ch <= 122) ch -= 32;
    if (ch < 65 || ch > 90) break;
    col = col * 26 + (ch - 64);
  }
  if (i === c0 || i - c0 > 3 || col > MAX_COLS) return false;
  if (w.charCodeAt(i) === 36) i++;
  const r0 = i;
  let row = 0;
  for (; i < n; i++) {
    const ch = w.charCodeAt(i);
    if (ch < 48 || ch > 57) return false;
    row = row * 10 + (ch - 48);
  }
  return i > r0 && row >= 1 && row <= MAX_ROWS;
}

function isColumnWord(w: string): boolean {
  return /^\$?[A-Za-z]{1,3}$/.test(w);
}

/** Index just past the string literal starting at i (a `"`). */
function skipString(f: string, i: number): number {
  let j = i + 1;
  while (j < f.length) {
    if (f.charCodeAt(j) === 34) {
      if (f.charCodeAt(j + 1) === 34) j += 2;
      else return j + 1;
    } else j++;
  }
  return j;
}

/** Index of the `]` closing the `[` at i (`'` escapes the next character), or -1. */
export function matchBracket(f: string, i: number): number {
  let depth = 0;
  for (let j = i; j < f.length; j++) {
    const c = f.charCodeAt(j);
    if (c === 39) {
      j++;
      continue;
    }
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return j;
  }
  return -1;
}

function prevSignificant(f: string, i: number): string {
  for (let j = i - 1; j >= 0; j--) if (f[j] !== ' ' && f[j] !== '\n' && f[j] !== '\r') return f[j]!;
  return '';
}
function nextSignificant(f: string, i: number): string {
  for (let j = i; j < f.length; j++) if (f[j] !== ' ' && f[j] !== '\n' && f[j] !== '\r') return f[j]!;
  return '';
}

export interface RewriteScope {
  sheet: string;
  row: number;
  col: number;
}

export class FormulaRewriter {
  /** names → replacement text, per using sheet (names whose text has no this-row reference) */
  private readonly nameCache = new Map<NameEntry, Map<string, string>>();

  constructor(
    private readonly names: NameTable,
    private readonly tables: TableIndex,
    private readonly sheetOrder: readonly string[],
  ) {}

  rewrite(formula: string, scope: RewriteScope, depth = 0): string {
    const f = formula;
    const n = f.length;
    let out = '';
    let copied = 0;
    const emit = (start: number, end: number, text: string) => {
      out += f.slice(copied, start) + text;
      copied = end;
    };
    let i = 0;
    while (i < n) {
      const c = f.charCodeAt(i);
      if (c === 34) {
        i = skipString(f, i);
        continue;
      }
      if (c === 123) {
        // array constant: skip (strings inside may hold braces)
        let j = i + 1;
        while (j < n && f.charCodeAt(j) !== 125) j = f.charCodeAt(j) === 34 ? skipString(f, j) : j + 1;
        i = j + 1;
        continue;
      }
      if (c === 35) {
        ERROR_RE.lastIndex = i;
        const m = ERROR_RE.exec(f);
        i += m ? m[0].length : 1;
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(f.charCodeAt(i + 1)))) {
        let j = i + 1;
        while (j < n && (isDigit(f.charCodeAt(j)) || f.charCodeAt(j) === 46)) j++;
        if ((f[j] === 'e' || f[j] === 'E') && (isDigit(f.charCodeAt(j + 1)) || ((f[j + 1] === '+' || f[j + 1] === '-') && isDigit(f.charCodeAt(j + 2))))) {
          j += 2;
          while (j < n && isDigit(f.charCodeAt(j))) j++;
        }
        i = j;
        continue;
      }
      if (c === 39) {
        // 'Quoted sheet'! or 'First:Last'!
        let j = i + 1;
        let name = '';
        while (j < n) {
          if (f.charCodeAt(j) === 39) {
            if (f.charCodeAt(j + 1) === 39) {
              name += "'";
              j += 2;
              continue;
            }
            break;
          }
          name += f[j++];
        }
        if (f.charCodeAt(j) !== 39 || f.charCodeAt(j + 1) !== 33) {
          i = j + 1;
          continue;
        }
        const r = this.afterSheet(f, i, j + 2, name, scope, depth);
        if (r.text !== undefined) emit(i, r.end, r.text);
        i = r.end;
        continue;
      }
      if (c === 91) {
        // [@Column] / [Column] inside a table
        const end = matchBracket(f, i);
        if (end < 0) {
          i++;
          continue;
        }
        const t = this.tables.containing(scope.sheet, scope.row, scope.col);
        const r = t ? resolveTableRef(t, f.slice(i + 1, end), scope.row) : { error: '#REF!' };
        emit(i, end + 1, 'ref' in r ? r.ref : r.error);
        i = end + 1;
        continue;
      }
      if (isWordStart(c)) {
        let j = i + 1;
        while (j < n && isWordChar(f.charCodeAt(j))) j++;
        const next = f.charCodeAt(j);
        if (next === 40) {
          // a function name
          i = j + 1;
          continue;
        }
        if (next === 33) {
          const r = this.afterSheet(f, i, j + 1, f.slice(i, j), scope, depth);
          if (r.text !== undefined) emit(i, r.end, r.text);
          i = r.end;
          continue;
        }
        if (next === 58) {
          // Jan:Mar!B2 (unquoted 3-D reference)
          let k = j + 1;
          while (k < n && isWordChar(f.charCodeAt(k))) k++;
          if (k > j + 1 && f.charCodeAt(k) === 33) {
            const r = this.afterSheet(f, i, k + 1, f.slice(i, k), scope, depth);
            if (r.text !== undefined) emit(i, r.end, r.text);
            i = r.end;
            continue;
          }
        }
        const w = f.slice(i, j);
        if (next === 91) {
          // Table1[...]
          const end = matchBracket(f, j);
          const t = this.tables.get(w);
          if (end < 0) {
            i = j;
            continue;
          }
          const r = t ? resolveTableRef(t, f.slice(j + 1, end), scope.row) : { error: '#REF!' };
          emit(i, end + 1, 'ref' in r ? r.ref : r.error);
          i = end + 1;
          continue;
        }
        const text = this.word(f, w, i, j, scope, depth);
        if (text !== undefined) emit(i, j, text);
        i = j;
        continue;
      }
      i++;
    }
    return copied === 0 ? f : out + f.slice(copied);
  }

  /** Replacement for a bare word, or undefined to keep it. */
  private word(f: string, w: string, start: number, end: number, scope: RewriteScope, depth: number): string | undefined {
    if (isCellRef(w) || /^\$\d+$/.test(w)) return undefined;
    const upper = w.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return undefined;
    if (isColumnWord(w) && (prevSignificant(f, start) === ':' || nextSignificant(f, end) === ':')) return undefined;
    if (upper.startsWith('_XLPM.')) return undefined; // LET / LAMBDA parameters
    const entry = this.names.lookup(w, scope.sheet);
    if (entry) return this.nameText(entry, scope, depth);
    const t = this.tables.get(w);
    if (t) {
      const r = resolveTableRef(t, '', scope.row);
      return 'ref' in r ? r.ref : r.error;
    }
    return '#NAME?';
  }

  /**
   * What follows a sheet prefix (`start` is the prefix's first character, `after` the first one
   * past "!"): a reference (kept, or expanded when 3-D), a sheet-qualified name, or an error.
   */
  private afterSheet(f: string, start: number, after: number, sheetText: string, scope: RewriteScope, depth: number): { end: number; text?: string } {
    REF_AFTER_SHEET_RE.lastIndex = after;
    const m = REF_AFTER_SHEET_RE.exec(f);
    const colon = sheetText.indexOf(':');
    if (colon >= 0) {
      // 3-D reference
      if (!m) {
        let j = after;
        while (j < f.length && isWordChar(f.charCodeAt(j))) j++;
        return { end: Math.max(j, after), text: '#REF!' };
      }
      const end = after + m[0].length;
      const sheets = sheetSpan(this.sheetOrder, sheetText.slice(0, colon), sheetText.slice(colon + 1));
      if (!sheets) return { end, text: '#REF!' };
      const inArgs = /[(,]/.test(prevSignificant(f, start)) && /[),]/.test(nextSignificant(f, end));
      if (!inArgs) return { end, text: '#VALUE!' };
      return { end, text: sheets.map((s) => `${quoteSheetName(s)}!${m[0]}`).join(',') };
    }
    if (m) return { end: after + m[0].length };
    if (f.charCodeAt(after) === 35) {
      ERROR_RE.lastIndex = after;
      const e = ERROR_RE.exec(f);
      if (e) return { end: after + e[0].length, text: e[0] };
      return { end: after + 1 };
    }
    let j = after;
    while (j < f.length && isWordChar(f.charCodeAt(j))) j++;
    if (j === after || f.charCodeAt(j) === 40) return { end: j };
    const w = f.slice(after, j);
    const entry = this.names.lookup(w, sheetText);
    return { end: j, text: entry ? this.nameText(entry, { ...scope, sheet: entry.sheet !== undefined ? sheetText : scope.sheet }, depth) : '#NAME?' };
  }

  private nameText(entry: NameEntry, scope: RewriteScope, depth: number): string {
    if (depth >= MAX_DEPTH) return '#NAME?';
    const cacheable = !entry.ref.includes('[');
    let perSheet = this.nameCache.get(entry);
    const hit = cacheable ? perSheet?.get(scope.sheet) : undefined;
    if (hit !== undefined) return hit;
    const body = this.rewrite(entry.ref, scope, depth + 1).trim();
    const text = SINGLE_REF_RE.test(body) || /^#[A-Z/0!?]+$/i.test(body) ? body : `(${body})`;
    if (cacheable) {
      if (!perSheet) this.nameCache.set(entry, (perSheet = new Map<string, string>()));
      perSheet.set(scope.sheet, text);
    }
    return text;
  }
}
