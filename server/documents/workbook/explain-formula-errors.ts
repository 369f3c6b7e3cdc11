/**
 * Why a formula shows an error, in words a model (or a person) can act on: a reference to a sheet
 * that does not exist (with the sheets there are, and the closest name), an unknown name or
 * function, a division by an empty cell, an error carried over from another cell…
 *
 * Built on the evaluator's diagnostics; what Excel would not show as an error (a function Excel has
 * but the evaluator does not compute, a formula that depends on one) is left out.
 */
import { extractReferences, type FormulaDiagnostic, type WorkbookEvaluation } from './evaluate-formulas';
import { fileFormula } from './formulas/file-formula';
import { quoteSheetName } from '../../../lib/workbook/cell-ref';
import type { Workbook } from './schema';

export interface FormulaErrorCause {
  sheet: string;
  cell: string;
  formula: string;
  /** the Excel error the cell shows: #REF!, #NAME?, #DIV/0!… (#CIRCULAR! for a circular reference) */
  error: string;
  /**
   * What kind of cause, to group cells that fail the same way: "missing_sheet:<name>",
   * "missing_name_sheet:<name>", "unknown_name:<name>", "unknown_function:<NAME>", "div0",
   * "propagated", "cycle", "unreadable", or the error code itself when nothing more is known.
   */
  kind: string;
  /** one clause, e.g. 'sheet "Regional Detals" does not exist (sheets: Summary, Regional Details; did you mean "Regional Details"?)' */
  cause: string;
  /** the sheet names the formula refers to that do not exist */
  missingSheets?: string[];
}

/** Functions Excel has that the evaluator does not compute: not a #NAME? in Excel. */
const UNEVALUATED_EXCEL_FUNCTIONS =
  /^(?:CUBE[A-Z]+|INFO|CELL|RTD|GETPIVOTDATA|CALL|REGISTER\.ID|EUROCONVERT|PHONETIC|BAHTTEXT|ASC|DBCS|JIS|SQL\.REQUEST|FILTER|SORT)$/;

/** A function the file format knows as a newer Excel function (it gets the "_xlfn." prefix). */
function isNewerExcelFunction(name: string): boolean {
  return fileFormula(`${name}(1)`).startsWith('_xl');
}

export function isKnownUnevaluatedFunction(name: string): boolean {
  const n = name.toUpperCase();
  return UNEVALUATED_EXCEL_FUNCTIONS.test(n) || isNewerExcelFunction(n);
}

/** Levenshtein distance, bounded (names are short). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > 8) return 99;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** The existing name closest to `name`, when it is close enough to be a typo. */
export function closestName(name: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const d = distance(name, n);
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * 'sheet "X" does not exist (sheets: A, B; did you mean "B"?)', or with `which`:
 * 'sheet "X", which does not exist (sheets: …)' (to follow "refers to").
 */
export function missingSheetClause(missing: string, sheetNames: string[], which = false): string {
  const list = sheetNames.length > 12 ? `${sheetNames.slice(0, 12).join(', ')}, …` : sheetNames.join(', ');
  const near = closestName(missing, sheetNames);
  return `sheet "${missing}"${which ? ', which' : ''} does not exist (sheets: ${list || 'none'}${near ? `; did you mean "${near}"?` : ''})`;
}

/** The sheet names a formula or range reference refers to that the workbook does not have. */
const EXTERNAL_REF = /(?:'\[\d+\](?:[^']|'')*'|\[\d+\][\w.]+)!\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?/g;

export function missingSheetsIn(text: string, defaultSheet: string, sheetNames: Set<string>): string[] {
  if (!text.includes('!')) return [];
  const out: string[] = [];
  // references into other workbooks ([1]Sheet!A1) are not this workbook's sheets
  const own = text.includes('[') ? text.replace(EXTERNAL_REF, '0') : text;
  for (const ref of extractReferences(own, defaultSheet)) {
    const name = ref.sheet;
    if (name === undefined || sheetNames.has(name.toLowerCase())) continue;
    if (name.includes(':')) continue;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

const IDENT_RE = /(?<![\w.$!'\]\[])([A-Za-z_\\][\w.]*)(?![\w.]*\s*[(!\[])/g;
const CELL_LIKE = /^\$?[A-Za-z]{1,3}\$?\d+$/;

/** The formula with string literals and quoted sheet names blanked (so their text is not read as code). */
function codeOf(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"/g, (m) => ' '.repeat(m.length)).replace(/'(?:[^']|'')*'!/g, (m) => `${'_'.repeat(m.length - 1)}!`);
}

interface Context {
  wb: Workbook;
  ev: WorkbookEvaluation;
  sheetNames: string[];
  sheetSet: Set<string>;
  names: Map<string, string>;
  tables: Set<string>;
  /** error cells per sheet (lower-case name): "row,col" keys → error */
  errorCells: Map<string, Map<string, { row: number; col: number; error: string; address: string }>>;
}

function errorSource(ctx: Context, formula: string, sheet: string): string | undefined {
  for (const ref of extractReferences(formula, sheet)) {
    const name = ref.sheet ?? sheet;
    const cells = ctx.errorCells.get(name.toLowerCase());
    if (!cells) continue;
    const real = ctx.sheetNames.find((s) => s.toLowerCase() === name.toLowerCase()) ?? name;
    const prefix = name.toLowerCase() === sheet.toLowerCase() ? '' : `${quoteSheetName(real)}!`;
    if ('row' in ref) {
      const hit = cells.get(`${ref.row},${ref.col}`);
      if (hit) return `${prefix}${hit.address} (${hit.error})`;
      continue;
    }
    let n = 0;
    for (const c of cells.values()) {
      if (++n > 5000) break;
      if (c.row >= ref.from.row && c.row <= ref.to.row && c.col >= ref.from.col && c.col <= ref.to.col) return `${prefix}${c.address} (${c.error})`;
    }
  }
  return undefined;
}

function divisionCause(ctx: Context, d: FormulaDiagnostic): string {
  const code = codeOf(d.formula);
  const m = /\/\s*(?:((?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?(\$?[A-Za-z]{1,3}\$?\d+)(?![\w(!:])|(0+(?:\.0*)?)(?![\w.]))/.exec(code);
  if (m?.[3] !== undefined) return 'divides by 0';
  if (m?.[2]) {
    let sheet = d.sheet;
    if (m[1]) {
      const raw = d.formula.slice(m.index).match(/\/\s*('(?:[^']|'')+'|[A-Za-z_][\w.]*)!/)?.[1] ?? m[1].slice(0, -1);
      sheet = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
    }
    const addr = m[2].replace(/\$/g, '').toUpperCase();
    const v = ctx.ev.get(sheet, addr);
    const where = sheet.toLowerCase() === d.sheet.toLowerCase() ? addr : `${quoteSheetName(sheet)}!${addr}`;
    if (v === null || v === '') return `divides by ${where}, which is empty`;
    if (v === 0) return `divides by ${where}, which is 0`;
  }
  if (/(?<![\w.])AVERAGE(?:A|IFS?)?\s*\(/i.test(code)) return 'averages a range with no numbers';
  return 'divides by zero (a divisor is 0 or an empty cell)';
}

function unknownNames(ctx: Context, d: FormulaDiagnostic): string[] {
  const code = codeOf(d.formula).replace(/\[[^\]]*\]/g, ' ');
  const out: string[] = [];
  for (const m of code.matchAll(IDENT_RE)) {
    const w = m[1]!;
    if (CELL_LIKE.test(w) || /^(TRUE|FALSE)$/i.test(w)) continue;
    if (ctx.names.has(w.toLowerCase()) || ctx.tables.has(w.toLowerCase())) continue;
    // a column range such as A:A is matched as "A" before the colon
    const after = code.slice((m.index ?? 0) + w.length, (m.index ?? 0) + w.length + 1);
    const before = code.slice(Math.max(0, (m.index ?? 0) - 1), m.index ?? 0);
    if ((after === ':' || before === ':') && /^[A-Za-z]{1,3}$/.test(w)) continue;
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

function causeOf(ctx: Context, d: FormulaDiagnostic): Omit<FormulaErrorCause, 'sheet' | 'cell' | 'formula' | 'error'> | undefined {
  if (d.kind === 'cycle') return { kind: 'cycle', cause: 'circular reference (the formula depends on its own cell)' };
  if (d.kind === 'unsupported') {
    if (d.error === '#ERROR!') return { kind: 'unreadable', cause: 'cannot be read as a formula (check brackets and quotes; separate arguments with commas)' };
    const fn = /Function (\S+) is not implemented/.exec(d.message)?.[1];
    if (!fn || isKnownUnevaluatedFunction(fn)) return undefined;
    return { kind: `unknown_function:${fn.toUpperCase()}`, cause: `${fn.toUpperCase()} is not an Excel function` };
  }
  const missing = missingSheetsIn(d.formula, d.sheet, ctx.sheetSet);
  if (missing.length) return { kind: `missing_sheet:${missing[0]!.toLowerCase()}`, cause: missingSheetClause(missing[0]!, ctx.sheetNames), missingSheets: missing };
  if (d.error === '#REF!' && d.message.includes('sheet that does not exist')) {
    // through a defined name
    for (const m of codeOf(d.formula).matchAll(IDENT_RE)) {
      const ref = ctx.names.get(m[1]!.toLowerCase());
      if (!ref) continue;
      const gone = missingSheetsIn(ref, d.sheet, ctx.sheetSet);
      if (gone.length) return { kind: `missing_name_sheet:${gone[0]!.toLowerCase()}`, cause: `the name ${m[1]} refers to ${missingSheetClause(gone[0]!, ctx.sheetNames, true)}`, missingSheets: gone };
    }
  }
  if (/#REF!/i.test(codeOf(d.formula))) return { kind: 'deleted_ref', cause: 'the formula holds #REF! (a reference that was deleted); write the right reference' };
  const from = errorSource(ctx, d.formula, d.sheet);
  if (from) return { kind: 'propagated', cause: `comes from ${from}; fixing that cell fixes this one` };
  switch (d.error) {
    case '#DIV/0!':
      return { kind: 'div0', cause: divisionCause(ctx, d) };
    case '#NAME?': {
      const unknown = unknownNames(ctx, d);
      if (unknown.length) {
        return {
          kind: `unknown_name:${unknown[0]!.toLowerCase()}`,
          cause: `${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length > 1 ? 'are not defined names or tables' : 'is not a defined name or table'} (text needs double quotes; a sheet reference needs "!")`,
        };
      }
      return { kind: '#NAME?', cause: 'an unknown name or function' };
    }
    case '#VALUE!': {
      for (const ref of extractReferences(d.formula, d.sheet)) {
        if (!('row' in ref)) continue;
        const v = ctx.ev.get(ref.sheet ?? d.sheet, `${colLetters(ref.col)}${ref.row}`);
        if (typeof v === 'string' && v.trim() !== '' && !Number.isFinite(Number(v))) {
          const where = (ref.sheet ?? d.sheet).toLowerCase() === d.sheet.toLowerCase() ? '' : `${quoteSheetName(ref.sheet!)}!`;
          return { kind: '#VALUE!', cause: `uses the text in ${where}${colLetters(ref.col)}${ref.row} ("${v.length > 30 ? `${v.slice(0, 30)}…` : v}") as a number` };
        }
      }
      return { kind: '#VALUE!', cause: 'a value of the wrong type (e.g. text where a number is expected)' };
    }
    case '#N/A':
      return /(?<![\w.])(?:X?LOOKUP|VLOOKUP|HLOOKUP|X?MATCH)\s*\(/i.test(d.formula)
        ? { kind: '#N/A', cause: 'the lookup value is not found (wrap in IFERROR or IFNA if a miss is expected)' }
        : { kind: '#N/A', cause: 'a value is not available' };
    case '#REF!':
      return { kind: '#REF!', cause: 'a reference outside its range (e.g. a lookup column or INDEX beyond the range)' };
    case '#NUM!':
      return { kind: '#NUM!', cause: 'an invalid number (e.g. SQRT of a negative, a result too large)' };
    default:
      return { kind: d.error, cause: `the formula evaluates to ${d.error}` };
  }
}

function colLetters(col: number): string {
  let s = '';
  for (let x = col; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export interface ExplainOptions {
  /** only these cells ("Sheet!A1", sheet name as the workbook spells it) */
  only?: Set<string>;
  /** explain at most this many (the first in the evaluator's order) */
  max?: number;
}

/**
 * The cause of every formula error Excel would show (cells marked allowError left out), in the
 * evaluator's order (dependencies first, so a cause comes before the cells it spreads to).
 */
export function explainFormulaErrors(wb: Workbook, ev: WorkbookEvaluation, opts: ExplainOptions = {}): FormulaErrorCause[] {
  const sheetNames = wb.sheets.map((s) => s.name);
  const ctx: Context = {
    wb,
    ev,
    sheetNames,
    sheetSet: new Set(sheetNames.map((s) => s.toLowerCase())),
    names: new Map((wb.definedNames ?? []).map((n) => [n.name.toLowerCase(), n.ref])),
    tables: new Set(wb.sheets.flatMap((s) => s.tables.map((t) => t.name.toLowerCase()))),
    errorCells: new Map(),
  };
  const add = (sheet: string, address: string, error: string) => {
    let m = ctx.errorCells.get(sheet.toLowerCase());
    if (!m) ctx.errorCells.set(sheet.toLowerCase(), (m = new Map<string, { row: number; col: number; error: string; address: string }>()));
    const p = /^([A-Z]+)(\d+)$/.exec(address);
    if (!p) return;
    let col = 0;
    for (const ch of p[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
    m.set(`${Number(p[2])},${col}`, { row: Number(p[2]), col, error, address });
  };
  for (const d of ev.diagnostics) if (d.kind === 'error' || d.kind === 'cycle') add(d.sheet, d.cell, d.error);
  // literal error values typed into cells (a formula reading one shows it too)
  let looked = 0;
  for (const s of wb.sheets) {
    for (const a in s.cells) {
      if (++looked > 200_000) break;
      const c = s.cells[a]!;
      if (c.error && !c.formula) add(s.name, a, c.error);
    }
  }
  const out: FormulaErrorCause[] = [];
  const max = opts.max ?? Infinity;
  for (const d of ev.diagnostics) {
    if (out.length >= max) break;
    if (d.allowed || d.error === '#DEPENDENCY') continue;
    if (opts.only && !opts.only.has(`${d.sheet}!${d.cell}`)) continue;
    const cause = causeOf(ctx, d);
    if (!cause) continue;
    const shown = d.kind === 'cycle' ? '#CIRCULAR!' : d.kind === 'unsupported' ? (d.error === '#ERROR!' ? '#ERROR!' : '#NAME?') : d.error;
    out.push({ sheet: d.sheet, cell: d.cell, formula: d.formula, error: shown, ...cause });
  }
  return out;
}
