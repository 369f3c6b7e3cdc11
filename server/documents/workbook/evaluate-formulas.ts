/**
 * Computes a value for every formula cell of a workbook model.
 *
 * Ordering is our own: each formula's references are extracted with fast-formula-parser's
 * DepParser, edges are drawn to the formula cells those references cover, and the cells are
 * evaluated in a topological order (iterative DFS, so long chains do not overflow the stack).
 * Cycles, unknown functions, parse failures and error results are reported as diagnostics.
 *
 * Before that, each formula is rewritten to plain A1 references (formulas/rewrite-formula.ts:
 * defined names, 3-D references, structured table references), so the dependency extraction,
 * the fast path and fast-formula-parser only ever see A1 references. Operators, SUBTOTAL /
 * AGGREGATE (hidden rows) and the 1904 date system are Excel's (see formulas/).
 */
import FormulaParser, { type FfpArg, type FfpCellRef, type FfpRangeRef } from 'fast-formula-parser';
import { RAW_ARG_FUNCTIONS, contextFunctions, extraFunctions, plainString } from './formula-functions';
import { compileFast } from './fast-formula';
import { MAX_COLS, MAX_ROWS, addressKey, columnToNumber, parseAddress, parseRange, toAddress } from '../../../lib/workbook/cell-ref';
import type { Workbook } from './schema';
import { NameTable } from './formulas/defined-names';
import { FormulaRewriter } from './formulas/rewrite-formula';
import { TOTALS_FUNCTION_NUMBER, buildTableIndex, type TableIndex } from './formulas/structured-refs';
import { installOperators } from './formulas/operators';
import { SUBTOTAL_RAW_ARGS, subtotalFunctions } from './formulas/subtotal';
import { wrapFor1904 } from './formulas/date-system';
import { fileFormula, type FileFormulaContext } from './formulas/file-formula';
import { textFunction } from './formulas/text-function';
import { liftScalarFunctions } from './formulas/array-lift';
import { wholeDayArgs } from './formulas/date-functions';
import { INTERSECT_FN, intersectionFunction, markImplicitIntersections } from './formulas/implicit-intersection';

const { FormulaError } = FormulaParser;

const REF_RE =
  /(^|[^\w.$'!])((?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)(?![\w(!])/g;

/**
 * The cell and range references of a formula (string literals skipped). Over-approximates
 * rather than misses: a missed reference would be caught at evaluation (the value is unknown),
 * an extra one only adds an ordering edge.
 */
export function extractReferences(formula: string, sheet: string): Array<FfpCellRef | FfpRangeRef> {
  const code = formula.replace(/"(?:[^"]|"")*"/g, (m) => ' '.repeat(m.length));
  const out: Array<FfpCellRef | FfpRangeRef> = [];
  for (const m of code.matchAll(REF_RE)) {
    let sheetName = sheet;
    if (m[2]) {
      sheetName = m[2].slice(0, -1);
      if (sheetName.startsWith("'")) sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
    }
    const ref = m[3]!.replace(/\$/g, '');
    const [a, b] = ref.split(':');
    if (b === undefined) {
      const p = tryAddress(a!);
      if (p) out.push({ sheet: sheetName, ...p });
    } else if (/^\d+$/.test(a!)) {
      out.push({ sheet: sheetName, from: { row: Number(a), col: 1 }, to: { row: Number(b), col: MAX_COLS } });
    } else if (/^[A-Za-z]+$/.test(a!)) {
      out.push({ sheet: sheetName, from: { row: 1, col: columnToNumber(a!) }, to: { row: MAX_ROWS, col: columnToNumber(b) } });
    } else {
      const p = tryAddress(a!);
      const q = tryAddress(b);
      if (p && q) {
        out.push({
          sheet: sheetName,
          from: { row: Math.min(p.row, q.row), col: Math.min(p.col, q.col) },
          to: { row: Math.max(p.row, q.row), col: Math.max(p.col, q.col) },
        });
      }
    }
  }
  return out;
}

function tryAddress(a: string): { row: number; col: number } | undefined {
  try {
    return parseAddress(a);
  } catch {
    return undefined;
  }
}

export type EvalValue = number | string | boolean | null | { error: string };

export interface FormulaDiagnostic {
  sheet: string;
  cell: string;
  formula: string;
  /** error: evaluated to an Excel error value; unsupported: could not be evaluated here; cycle: circular reference */
  kind: 'error' | 'unsupported' | 'cycle';
  /** the Excel error code (#DIV/0!, #N/A, #NAME?, …) or a short reason */
  error: string;
  message: string;
  /** the model marked the cell with allowError */
  allowed?: boolean;
}

export interface WorkbookEvaluation {
  /** Value of any cell (literal or computed); null for empty cells. */
  get(sheet: string, address: string): EvalValue;
  /** Computed values of formula cells, per sheet name. Cells that could not be evaluated are absent. */
  formulaValues: Map<string, Map<string, EvalValue>>;
  diagnostics: FormulaDiagnostic[];
  formulaCount: number;
  evaluatedCount: number;
  /** formulas computed by the arithmetic fast path (the rest by fast-formula-parser) */
  fastPathCount: number;
  ms: number;
}

const COL_FACTOR = 16_384;
const key = (row: number, col: number) => row * COL_FACTOR + col;

interface FormulaCell {
  sheet: number;
  row: number;
  col: number;
  address: string;
  /** the formula rewritten to A1 references (what is evaluated) */
  formula: string;
  /** as the model holds it (for diagnostics) */
  original: string;
  allowError: boolean;
  /** a totals-row cell the table defines but the model has no cell for: not reported */
  virtual?: boolean;
  /** an array (CSE) formula */
  array?: boolean;
  /** refers to another workbook ([1]Sheet!A1): keeps the value cached in the file */
  external?: { cached: EvalValue };
  /** the range an array formula fills (its other cells take the result's other values) */
  spill?: { r1: number; c1: number; r2: number; c2: number };
}

/** a reference into another workbook: [1]Sheet!A1, '[1]My sheet'!A1 */
const EXTERNAL_RE = /(?:^|[^\w\]])'?\[\d+\]/;
/** a 3-D reference: Jan:Mar!… or 'First:Last'!… */
const THREE_D_RE = /[\w.]:[A-Za-z_][\w.]*!|'(?:[^']|'')*:(?:[^']|'')*'!/;
const isWordCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36;

/**
 * A bare word of 1–3 letters outside strings (not a cell, a column range, a function or a sheet):
 * fast-formula-parser would read it as a column, so such formulas go through the rewriter.
 */
function hasShortBareWord(f: string): boolean {
  const n = f.length;
  for (let i = 0; i < n; i++) {
    const c = f.charCodeAt(i);
    if (c === 34) {
      i++;
      while (i < n && !(f.charCodeAt(i) === 34 && f.charCodeAt(i + 1) !== 34)) i += f.charCodeAt(i) === 34 ? 2 : 1;
      continue;
    }
    if (c === 39) {
      i++;
      while (i < n && !(f.charCodeAt(i) === 39 && f.charCodeAt(i + 1) !== 39)) i += f.charCodeAt(i) === 39 ? 2 : 1;
      continue;
    }
    if (!isWordCode(c)) continue;
    const start = i;
    while (i < n && isWordCode(f.charCodeAt(i))) i++;
    const prev = start > 0 ? f.charCodeAt(start - 1) : 0;
    const next = i < n ? f.charCodeAt(i) : 0;
    i--;
    // 40 (  33 !  58 :  91 [
    if (next === 40 || next === 33 || next === 58 || next === 91 || prev === 58 || prev === 33) continue;
    const len = i - start + 1;
    if (len > 4) continue;
    const w = f.slice(start, i + 1).replace(/^\$/, '');
    if (/^[A-Za-z]{1,3}$/.test(w)) return true;
  }
  return false;
}
const SUBTOTAL_RE = /(?:^|[^\w.])(?:SUBTOTAL|AGGREGATE)\s*\(/i;

/** The formula as evaluated: no "=", no _xlfn./_xlws. prefixes. */
function stripPrefixes(formula: string): string {
  const f = normaliseFormula(formula);
  return f.includes('_xl') ? f.replace(/_xl(?:fn|ws)\./gi, '') : f;
}

/** Rows hidden (manually or by a filter) and rows hidden by an active filter, per sheet. */
function hiddenRows(wb: Workbook): { hidden: Array<Set<number>>; filtered: Array<Set<number>> } {
  const hidden: Array<Set<number>> = [];
  const filtered: Array<Set<number>> = [];
  for (const s of wb.sheets) {
    const h = new Set<number>();
    for (const r in s.rows) if (s.rows[r]!.hidden) h.add(Number(r));
    const f = new Set<number>();
    const af = s.autoFilter;
    if (h.size && af?.filters?.length) {
      try {
        const r = parseRange(af.range);
        for (const row of h) if (row > r.from.row && row <= r.to.row) f.add(row);
      } catch {
        // not a range: no filtered rows
      }
    }
    hidden.push(h);
    filtered.push(f);
  }
  return { hidden, filtered };
}

/** Totals-row cells of tables that the model has no cell for (the renderer writes them from the table). */
function virtualTotals(wb: Workbook, tables: TableIndex): Array<{ sheet: number; row: number; col: number; formula?: string; value?: string }> {
  const out: Array<{ sheet: number; row: number; col: number; formula?: string; value?: string }> = [];
  wb.sheets.forEach((s, si) => {
    for (const t of s.tables) {
      const info = tables.get(t.name);
      if (!info || info.totalsRow === undefined) continue;
      info.columns.forEach((name, i) => {
        const col = info.firstCol + i;
        const addr = toAddress({ row: info.totalsRow!, col });
        if (s.cells[addr]) return;
        const spec = t.totalsRow?.find((x) => x.column.toLowerCase() === name.toLowerCase());
        const def = t.columns?.[i];
        const fn = spec?.function ?? def?.totalsRowFunction;
        const label = spec?.label ?? def?.totalsRowLabel;
        const quoted = name.replace(/[[\]#']/g, "'$&");
        if (fn === 'custom' && def?.totalsRowFormula) out.push({ sheet: si, row: info.totalsRow!, col, formula: def.totalsRowFormula });
        else if (fn && TOTALS_FUNCTION_NUMBER[fn] !== undefined) out.push({ sheet: si, row: info.totalsRow!, col, formula: `SUBTOTAL(${TOTALS_FUNCTION_NUMBER[fn]},${t.name}[${quoted}])` });
        else if (label !== undefined) out.push({ sheet: si, row: info.totalsRow!, col, value: label });
      });
    }
  });
  return out;
}

const UNKNOWN = Symbol('unknown');

class SheetStore {
  private rows: Array<unknown[] | undefined> = [];
  get(row: number, col: number): unknown {
    return this.rows[row]?.[col];
  }
  set(row: number, col: number, v: unknown): void {
    let r = this.rows[row];
    if (!r) this.rows[row] = r = [];
    r[col] = v;
  }
}

function isRangeRef(r: FfpCellRef | FfpRangeRef): r is FfpRangeRef {
  return (r as FfpRangeRef).from !== undefined;
}

/**
 * The formula as stored in the file: newer functions get their "_xlfn." prefix, LET/LAMBDA
 * parameters "_xlpm.", `Table[@Col]` becomes `Table[[#This Row],[Col]]` (strings untouched).
 * Pass the table the cell is in to qualify `[@Col]` / `[Col]` written without a table name.
 */
export function toFileFormula(formula: string, context?: FileFormulaContext): string {
  return fileFormula(formula, context);
}

export function normaliseFormula(formula: string): string {
  const f = formula.trim();
  return f.startsWith('=') ? f.slice(1) : f;
}

export function evaluateWorkbook(wb: Workbook): WorkbookEvaluation {
  const t0 = performance.now();
  const tables = buildTableIndex(wb);
  const names = new NameTable(wb.definedNames);
  const rewriter = new FormulaRewriter(names, tables, wb.sheets.map((s) => s.name));
  const rewriteAll = names.size > 0 || tables.size > 0;
  const sheetIndex = new Map<string, number>();
  wb.sheets.forEach((s, i) => sheetIndex.set(s.name.toLowerCase(), i));
  // values per sheet as dense rows (faster and lighter than a Map for large sheets)
  const data: SheetStore[] = wb.sheets.map(() => new SheetStore());
  const formulas: FormulaCell[] = [];
  const formulaAt: Array<Map<number, number>> = wb.sheets.map(() => new Map<number, number>());
  // per sheet, per column: ascending rows of formula cells (for range → formula lookups)
  const formulaCols: Array<Map<number, number[]>> = wb.sheets.map(() => new Map<number, number[]>());
  // per sheet: keys of cells holding SUBTOTAL / AGGREGATE formulas (left out by those functions)
  const subtotalCells: Array<Set<number>> = wb.sheets.map(() => new Set<number>());
  let maxRow = 1;
  let maxCol = 1;

  const addFormula = (si: number, row: number, col: number, addr: string, original: string, extra: Partial<FormulaCell>) => {
    const idx = formulas.length;
    const sheetName = wb.sheets[si]!.name;
    const stripped = stripPrefixes(original);
    // without names or tables only 3-D references and 1–3 letter unknown names (which the parser
    // would take for columns) need rewriting; longer unknown names are #NAME? there already
    const rewritten = rewriteAll || (stripped.includes('!') && THREE_D_RE.test(stripped)) || hasShortBareWord(stripped) ? rewriter.rewrite(stripped, { sheet: sheetName, row, col }) : stripped;
    const formula = extra.array ? rewritten : markImplicitIntersections(rewritten);
    formulas.push({ sheet: si, row, col, address: addr, formula, original: normaliseFormula(original), allowError: false, ...extra });
    formulaAt[si]!.set(key(row, col), idx);
    let rows = formulaCols[si]!.get(col);
    if (!rows) formulaCols[si]!.set(col, (rows = []));
    rows.push(row);
    data[si]!.set(row, col, UNKNOWN);
    if (SUBTOTAL_RE.test(original)) subtotalCells[si]!.add(key(row, col));
  };

  wb.sheets.forEach((sheet, si) => {
    const cells = sheet.cells;
    for (const addr in cells) {
      const cell = cells[addr]!;
      const k = addressKey(addr);
      const row = Math.floor(k / COL_FACTOR);
      const col = k % COL_FACTOR;
      if (row > maxRow) maxRow = row;
      if (col > maxCol) maxCol = col;
      if (cell.formula) {
        addFormula(si, row, col, addr, cell.formula, {
          allowError: !!cell.allowError,
          ...(cell.array ? { array: true, ...spillOf(cell.array, row, col) } : {}),
          ...(cell.formula.includes('[') && EXTERNAL_RE.test(cell.formula.replace(/"(?:[^"]|"")*"/g, '""')) ? { external: { cached: cell.error ? { error: cell.error } : (cell.value ?? null) } } : {}),
        });
      } else if (cell.error) {
        data[si]!.set(row, col, new FormulaError(cell.error));
      } else if (cell.value !== undefined && cell.value !== null) {
        data[si]!.set(row, col, cell.value);
      }
    }
  });
  if (tables.size) {
    for (const v of virtualTotals(wb, tables)) {
      if (v.row > maxRow) maxRow = v.row;
      const addr = toAddress({ row: v.row, col: v.col });
      if (v.formula) addFormula(v.sheet, v.row, v.col, addr, v.formula, { virtual: true });
      else data[v.sheet]!.set(v.row, v.col, v.value);
    }
  }
  // the other cells of an array formula's range stand for the formula (dependents wait for it)
  formulas.forEach((f, idx) => {
    if (!f.spill) return;
    const at = formulaAt[f.sheet]!;
    for (let r = f.spill.r1; r <= f.spill.r2; r++) {
      for (let c = f.spill.c1; c <= f.spill.c2; c++) {
        if (at.has(key(r, c))) continue;
        at.set(key(r, c), idx);
        let rows = formulaCols[f.sheet]!.get(c);
        if (!rows) formulaCols[f.sheet]!.set(c, (rows = []));
        rows.push(r);
        data[f.sheet]!.set(r, c, UNKNOWN);
      }
    }
  });
  const virtualCount = formulas.reduce((n, f) => n + (f.virtual ? 1 : 0), 0);
  for (const cols of formulaCols) for (const rows of cols.values()) rows.sort((a, b) => a - b);
  const { hidden, filtered } = hiddenRows(wb);

  const diagnostics: FormulaDiagnostic[] = [];
  const resolveSheet = (name: string | undefined, fallback: number): number | undefined =>
    name === undefined ? fallback : sheetIndex.get(name.replace(/^'|'$/g, '').toLowerCase());

  // ---- dependencies ----
  const deps: number[][] = new Array<number[]>(formulas.length);
  const badRef = new Set<number>();
  for (let i = 0; i < formulas.length; i++) {
    const f = formulas[i]!;
    const sheetName = wb.sheets[f.sheet]!.name;
    const out: number[] = [];
    const refs = f.external ? [] : extractReferences(f.formula, sheetName);
    for (const ref of refs) {
      const si = resolveSheet(ref.sheet, f.sheet);
      if (si === undefined) {
        badRef.add(i);
        continue;
      }
      if (!isRangeRef(ref)) {
        const d = formulaAt[si]!.get(key(ref.row, ref.col));
        if (d !== undefined) out.push(d);
        continue;
      }
      for (const [col, rows] of formulaCols[si]!) {
        if (col < ref.from.col || col > ref.to.col) continue;
        let lo = 0;
        let hi = rows.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (rows[mid]! < ref.from.row) lo = mid + 1;
          else hi = mid;
        }
        for (let k = lo; k < rows.length && rows[k]! <= ref.to.row; k++) {
          out.push(formulaAt[si]!.get(key(rows[k]!, col))!);
        }
      }
    }
    deps[i] = out;
  }

  // ---- topological order (iterative DFS) ----
  const state = new Uint8Array(formulas.length); // 0 new, 1 on stack, 2 done
  const order: number[] = [];
  const inCycle = new Set<number>();
  for (let start = 0; start < formulas.length; start++) {
    if (state[start]) continue;
    const stack: Array<[number, number]> = [[start, 0]];
    state[start] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [node, next] = top;
      const ds = deps[node]!;
      if (next < ds.length) {
        top[1] = next + 1;
        const d = ds[next]!;
        if (state[d] === 0) {
          state[d] = 1;
          stack.push([d, 0]);
        } else if (state[d] === 1) {
          // cycle: every node on the stack from d up to node
          for (let k = stack.length - 1; k >= 0; k--) {
            inCycle.add(stack[k]![0]);
            if (stack[k]![0] === d) break;
          }
        }
      } else {
        state[node] = 2;
        order.push(node);
        stack.pop();
      }
    }
  }

  // ---- evaluation ----
  // the first formula cell without a value that the current formula read (set inside read());
  // cleared through a call so that TypeScript does not narrow it to undefined in the loop below
  let touchedUnknown: string | undefined;
  const clearTouched = () => {
    touchedUnknown = undefined;
  };
  const read = (si: number, row: number, col: number): unknown => {
    const v = data[si]!.get(row, col);
    if (v === UNKNOWN) {
      touchedUnknown ??= `${wb.sheets[si]!.name}!${toAddress({ row, col })}`;
      return null;
    }
    return v === undefined ? null : v;
  };
  let currentSheet = 0;
  const sheetOf = (name: string) => sheetIndex.get(name.toLowerCase());
  const subtotals = subtotalFunctions({
    rowHidden: (sheet, row) => hidden[sheetOf(sheet) ?? -1]?.has(row) ?? false,
    rowFiltered: (sheet, row) => filtered[sheetOf(sheet) ?? -1]?.has(row) ?? false,
    isSubtotalCell: (sheet, row, col) => subtotalCells[sheetOf(sheet) ?? -1]?.has(key(row, col)) ?? false,
  });
  const parser = new FormulaParser({
    functions: extraFunctions,
    functionsNeedContext: { ...contextFunctions, ...subtotals, [INTERSECT_FN]: intersectionFunction },
    onCell: (ref) => {
      const si = resolveSheet(ref.sheet, currentSheet);
      if (si === undefined) return FormulaError.REF;
      return read(si, ref.row, ref.col);
    },
    onRange: (ref) => {
      const si = resolveSheet(ref.sheet, currentSheet);
      if (si === undefined) throw FormulaError.REF;
      const toRow = Math.min(ref.to.row, Math.max(ref.from.row, maxRow));
      const toCol = Math.min(ref.to.col, Math.max(ref.from.col, maxCol));
      const out: unknown[][] = [];
      for (let r = ref.from.row; r <= toRow; r++) {
        const line: unknown[] = new Array(toCol - ref.from.col + 1);
        for (let c = ref.from.col; c <= toCol; c++) line[c - ref.from.col] = read(si, r, c);
        out.push(line);
      }
      return out;
    },
  });
  installOperators(parser);
  const internals = parser as unknown as { funsNeedContextAndNoDataRetrieve: string[]; functions: Record<string, (...a: FfpArg[]) => unknown> };
  internals.funsNeedContextAndNoDataRetrieve.push(...SUBTOTAL_RAW_ARGS, ...RAW_ARG_FUNCTIONS, INTERSECT_FN);
  internals.functions.TEXT = textFunction(internals.functions.TEXT!);
  internals.functions.YEARFRAC = wholeDayArgs(internals.functions.YEARFRAC!, [0, 1]);
  internals.functions.DAYS360 = wholeDayArgs(internals.functions.DAYS360!, [0, 1]);
  // the number of successes and of trials are whole numbers
  if (internals.functions['BINOM.DIST']) internals.functions['BINOM.DIST'] = wholeDayArgs(internals.functions['BINOM.DIST'], [0, 1]);
  if (wb.date1904) Object.assign(internals.functions, wrapFor1904(internals.functions));
  Object.assign(internals.functions, liftScalarFunctions(internals.functions));

  const formulaValues = new Map<string, Map<string, EvalValue>>();
  for (const s of wb.sheets) formulaValues.set(s.name, new Map());
  let evaluated = 0;
  let fastCount = 0;

  const scratch = new Map<string, EvalValue>();
  /** Writes an array formula's result over its range (a single row/column repeats; beyond the result: #N/A). */
  const fillSpill = (f: FormulaCell, idx: number, result: unknown) => {
    const sp = f.spill!;
    const g = Array.isArray(result) ? (result as unknown[][]) : [[result]];
    const rows = g.length;
    const cols = g[0]?.length ?? 0;
    const at = formulaAt[f.sheet]!;
    for (let r = sp.r1; r <= sp.r2; r++) {
      for (let c = sp.c1; c <= sp.c2; c++) {
        if ((r === f.row && c === f.col) || at.get(key(r, c)) !== idx) continue;
        const i = rows === 1 ? 0 : r - sp.r1;
        const j = cols === 1 ? 0 : c - sp.c1;
        const v = i < rows && j < cols ? g[i]![j] : FormulaError.NA;
        data[f.sheet]!.set(r, c, v instanceof FormulaError ? v : (normaliseScalar(v) ?? 0));
      }
    }
  };

  /**
   * Evaluates formula i. A formula that read a formula cell without a value yet (a reference the
   * dependency scan could not see: INDIRECT, OFFSET) is deferred — false — unless `final`.
   */
  const evaluateOne = (i: number, final: boolean): boolean => {
    const f = formulas[i]!;
    const sheetName = wb.sheets[f.sheet]!.name;
    // virtual totals-row cells are computed (others read them) but not reported
    const values = f.virtual ? scratch : formulaValues.get(sheetName)!;
    const one = f.virtual ? 0 : 1;
    const diag = (kind: FormulaDiagnostic['kind'], error: string, message: string) => {
      if (!f.virtual) diagnostics.push({ sheet: sheetName, cell: f.address, formula: f.original, kind, error, message, ...(f.allowError ? { allowed: true } : {}) });
    };
    if (inCycle.has(i)) {
      diag('cycle', '#CIRCULAR!', 'circular reference');
      return true;
    }
    if (f.external) {
      const v = f.external.cached;
      data[f.sheet]!.set(f.row, f.col, isErrorValue(v) ? new FormulaError(v.error) : (v ?? 0));
      values.set(f.address, v ?? 0);
      evaluated += one;
      return true;
    }
    if (badRef.has(i)) {
      data[f.sheet]!.set(f.row, f.col, FormulaError.REF);
      values.set(f.address, { error: '#REF!' });
      evaluated += one;
      diag('error', '#REF!', 'reference to a sheet that does not exist');
      return true;
    }
    currentSheet = f.sheet;
    clearTouched();
    let result: unknown;
    const fast = f.array ? undefined : compileFast(f.formula, f.sheet, (name) => sheetIndex.get(name.toLowerCase()));
    const fastValue = fast ? fast(read) : undefined;
    if (fastValue !== undefined && !touchedUnknown) {
      const v = Object.is(fastValue, -0) ? 0 : fastValue;
      data[f.sheet]!.set(f.row, f.col, v);
      values.set(f.address, v);
      evaluated += one;
      fastCount += one;
      return true;
    }
    clearTouched();
    try {
      result = parser.parse(f.formula, { row: f.row, col: f.col, sheet: sheetName }, !!f.array);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const notImpl = /not implemented/i.exec(msg);
      diag('unsupported', notImpl ? '#NAME?' : '#ERROR!', notImpl ? msg : `could not evaluate: ${msg.split('\n')[0] ?? ''}`);
      return true;
    }
    if (touchedUnknown) {
      if (!final) return false;
      diag('unsupported', '#DEPENDENCY', `depends on ${touchedUnknown}, which could not be evaluated`);
      return true;
    }
    if (f.spill) fillSpill(f, i, result);
    if (Array.isArray(result)) result = (result as unknown[][])[0]?.[0];
    if (result instanceof FormulaError) {
      if (/not implemented/i.test(result.message)) {
        diag('unsupported', result.error, result.message);
        return true;
      }
      data[f.sheet]!.set(f.row, f.col, result);
      values.set(f.address, { error: result.error });
      evaluated += one;
      diag('error', result.error, `formula evaluates to ${result.error}`);
      return true;
    }
    const value = normaliseScalar(result);
    data[f.sheet]!.set(f.row, f.col, value === null ? 0 : value);
    values.set(f.address, value === null ? 0 : value);
    evaluated += one;
    return true;
  };
  // in dependency order; then the deferred ones again while that makes progress
  let pending: number[] = [];
  for (const i of order) if (!evaluateOne(i, false)) pending.push(i);
  while (pending.length) {
    const next = pending.filter((i) => !evaluateOne(i, false));
    if (next.length === pending.length) {
      for (const i of next) evaluateOne(i, true);
      break;
    }
    pending = next;
  }

  return {
    get(sheet: string, address: string): EvalValue {
      const si = sheetIndex.get(sheet.toLowerCase());
      if (si === undefined) return null;
      const { row, col } = parseAddress(address);
      const v = data[si]!.get(row, col);
      if (v === undefined || v === UNKNOWN) return null;
      if (v instanceof FormulaError) return { error: v.error };
      return v as EvalValue;
    },
    formulaValues,
    diagnostics,
    formulaCount: formulas.length - virtualCount,
    evaluatedCount: evaluated,
    fastPathCount: fastCount,
    ms: performance.now() - t0,
  };
}

/** The range an array formula covers (when it is more than its own cell). */
function spillOf(range: string, row: number, col: number): { spill?: FormulaCell['spill'] } {
  try {
    const r = parseRange(range);
    if (r.from.row === r.to.row && r.from.col === r.to.col) return {};
    if (row < r.from.row || row > r.to.row || col < r.from.col || col > r.to.col) return {};
    return { spill: { r1: r.from.row, c1: r.from.col, r2: r.to.row, c2: r.to.col } };
  } catch {
    return {};
  }
}

function normaliseScalar(v: unknown): EvalValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: '#NUM!' };
    return Object.is(v, -0) ? 0 : v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof FormulaError) return { error: v.error };
  return plainString(v);
}

export function isErrorValue(v: EvalValue | undefined): v is { error: string } {
  return typeof v === 'object' && v !== null && 'error' in v;
}
