/**
 * Computes a value for every formula cell of a workbook model.
 *
 * Ordering is our own: each formula's references are extracted with fast-formula-parser's
 * DepParser, edges are drawn to the formula cells those references cover, and the cells are
 * evaluated in a topological order (iterative DFS, so long chains do not overflow the stack).
 * Cycles, unknown functions, parse failures and error results are reported as diagnostics.
 */
import FormulaParser, { type FfpCellRef, type FfpRangeRef } from 'fast-formula-parser';
import { contextFunctions, extraFunctions, plainString } from './formula-functions';
import { compileFast } from './fast-formula';
import { MAX_COLS, MAX_ROWS, addressKey, columnToNumber, parseAddress, toAddress } from './cell-ref';
import type { Workbook } from './schema';

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
  formula: string;
  allowError: boolean;
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
 * Functions added to Excel after 2007 must be stored with the "_xlfn." prefix in the file, or
 * Excel (and LibreOffice) show #NAME? until the formula is re-entered.
 */
const FUTURE_FUNCTIONS = [
  'AGGREGATE', 'BINOM.DIST', 'CEILING.MATH', 'CEILING.PRECISE', 'CHISQ.DIST', 'CONCAT', 'COVARIANCE.P', 'COVARIANCE.S', 'DAYS',
  'EXPON.DIST', 'FILTER', 'FLOOR.MATH', 'FLOOR.PRECISE', 'FORECAST.LINEAR', 'IFNA', 'IFS', 'ISOWEEKNUM', 'LET', 'MAXIFS', 'MINIFS',
  'MODE.SNGL', 'NORM.DIST', 'NORM.INV', 'NORM.S.DIST', 'NUMBERVALUE', 'PERCENTILE.EXC', 'PERCENTILE.INC', 'QUARTILE.EXC',
  'QUARTILE.INC', 'RANK.AVG', 'RANK.EQ', 'SEQUENCE', 'SORT', 'SORTBY', 'STDEV.P', 'STDEV.S', 'SWITCH', 'TEXTJOIN', 'UNIQUE',
  'VAR.P', 'VAR.S', 'XLOOKUP', 'XMATCH', 'XOR', 'TEXTBEFORE', 'TEXTAFTER', 'TEXTSPLIT',
];
const FUTURE_RE = new RegExp(`(?<![\\w.])(${FUTURE_FUNCTIONS.map((f) => f.replace(/\./g, '\\.')).join('|')})(?=\\s*\\()`, 'gi');

/** The formula as stored in the file: future functions get their "_xlfn." prefix (strings untouched). */
export function toFileFormula(formula: string): string {
  const f = normaliseFormula(formula);
  if (!/[A-Z]\s*\(/i.test(f)) return f;
  return f
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(FUTURE_RE, (m) => `_xlfn.${m.toUpperCase()}`)))
    .join('');
}

export function normaliseFormula(formula: string): string {
  const f = formula.trim();
  return f.startsWith('=') ? f.slice(1) : f;
}

interface TableInfo {
  sheet: string;
  firstCol: number;
  headerRow: number | undefined;
  firstDataRow: number;
  lastDataRow: number;
  columns: string[];
}

function tableInfos(wb: Workbook): Map<string, TableInfo> {
  const out = new Map<string, TableInfo>();
  for (const s of wb.sheets) {
    for (const t of s.tables) {
      const m = /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/i.exec(t.range);
      if (!m) continue;
      const c1 = columnToNumber(m[1]!);
      const c2 = columnToNumber(m[3]!);
      const r1 = Number(m[2]);
      const r2 = Number(m[4]);
      const columns: string[] = [];
      for (let c = c1; c <= c2; c++) {
        const v = t.headerRow ? s.cells[`${toAddress({ row: r1, col: c })}`]?.value : undefined;
        columns.push(v === undefined || v === null || v === '' ? `Column${c - c1 + 1}` : String(v));
      }
      out.set(t.name.toLowerCase(), { sheet: s.name, firstCol: c1, headerRow: t.headerRow ? r1 : undefined, firstDataRow: t.headerRow ? r1 + 1 : r1, lastDataRow: r2, columns });
    }
  }
  return out;
}

/**
 * Rewrites structured references (Table[Column], Table[#All], Table[#Data], Table[#Headers],
 * Table[[#This Row],[Column]]) into A1 ranges for evaluation; the file keeps the original formula.
 */
export function resolveStructuredRefs(formula: string, tables: Map<string, TableInfo>, row: number): string {
  if (!formula.includes('[') || tables.size === 0) return formula;
  const q = (name: string) => (/^[A-Za-z_][\w.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`);
  const col = (t: TableInfo, name: string) => t.columns.findIndex((c) => c.toLowerCase() === name.trim().replace(/^'|'$/g, '').toLowerCase());
  return formula.replace(/([A-Za-z_][\w.]*)\[((?:[^\[\]]|\[[^\]]*\])*)\]/g, (whole, name: string, inner: string) => {
    const t = tables.get(name.toLowerCase());
    if (!t) return whole;
    const range = (c1: number, c2: number, r1: number, r2: number) =>
      `${q(t.sheet)}!${toAddress({ row: r1, col: c1 })}${c1 === c2 && r1 === r2 ? '' : `:${toAddress({ row: r2, col: c2 })}`}`;
    const lastCol = t.firstCol + t.columns.length - 1;
    const parts = inner.includes('[') ? [...inner.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!) : [inner];
    let rows: [number, number] = [t.firstDataRow, t.lastDataRow];
    const cols: number[] = [];
    for (const p of parts) {
      const k = p.trim().toLowerCase();
      if (k === '' || k === '#data') continue;
      if (k === '#all') rows = [t.headerRow ?? t.firstDataRow, t.lastDataRow];
      else if (k === '#headers') rows = [t.headerRow ?? t.firstDataRow, t.headerRow ?? t.firstDataRow];
      else if (k === '#this row' || k === '@') rows = [row, row];
      else if (k.startsWith('@')) {
        rows = [row, row];
        const i = col(t, p.trim().slice(1));
        if (i < 0) return whole;
        cols.push(t.firstCol + i);
      } else {
        const i = col(t, p);
        if (i < 0) return whole;
        cols.push(t.firstCol + i);
      }
    }
    const c1 = cols.length ? Math.min(...cols) : t.firstCol;
    const c2 = cols.length ? Math.max(...cols) : lastCol;
    return range(c1, c2, rows[0], rows[1]);
  });
}

export function evaluateWorkbook(wb: Workbook): WorkbookEvaluation {
  const t0 = performance.now();
  const tables = tableInfos(wb);
  const sheetIndex = new Map<string, number>();
  wb.sheets.forEach((s, i) => sheetIndex.set(s.name.toLowerCase(), i));
  // values per sheet as dense rows (faster and lighter than a Map for large sheets)
  const data: SheetStore[] = wb.sheets.map(() => new SheetStore());
  const formulas: FormulaCell[] = [];
  const formulaAt: Array<Map<number, number>> = wb.sheets.map(() => new Map<number, number>());
  // per sheet, per column: ascending rows of formula cells (for range → formula lookups)
  const formulaCols: Array<Map<number, number[]>> = wb.sheets.map(() => new Map<number, number[]>());
  let maxRow = 1;
  let maxCol = 1;

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
        const idx = formulas.length;
        const formula = resolveStructuredRefs(normaliseFormula(cell.formula), tables, row).replace(/_xlfn\./gi, '');
        formulas.push({ sheet: si, row, col, address: addr, formula, allowError: !!cell.allowError });
        formulaAt[si]!.set(key(row, col), idx);
        let rows = formulaCols[si]!.get(col);
        if (!rows) formulaCols[si]!.set(col, (rows = []));
        rows.push(row);
        data[si]!.set(row, col, UNKNOWN);
      } else if (cell.value !== undefined && cell.value !== null) {
        data[si]!.set(row, col, cell.value);
      }
    }
  });
  for (const cols of formulaCols) for (const rows of cols.values()) rows.sort((a, b) => a - b);

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
    const refs = extractReferences(f.formula, sheetName);
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
  const parser = new FormulaParser({
    functions: extraFunctions,
    functionsNeedContext: contextFunctions,
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

  const formulaValues = new Map<string, Map<string, EvalValue>>();
  for (const s of wb.sheets) formulaValues.set(s.name, new Map());
  let evaluated = 0;
  let fastCount = 0;

  for (const i of order) {
    const f = formulas[i]!;
    const sheetName = wb.sheets[f.sheet]!.name;
    const diag = (kind: FormulaDiagnostic['kind'], error: string, message: string) =>
      diagnostics.push({ sheet: sheetName, cell: f.address, formula: f.formula, kind, error, message, ...(f.allowError ? { allowed: true } : {}) });
    if (inCycle.has(i)) {
      diag('cycle', '#CIRCULAR!', 'circular reference');
      continue;
    }
    if (badRef.has(i)) {
      const v = { error: '#REF!' };
      data[f.sheet]!.set(f.row, f.col, FormulaError.REF);
      formulaValues.get(sheetName)!.set(f.address, v);
      evaluated++;
      diag('error', '#REF!', 'reference to a sheet that does not exist');
      continue;
    }
    currentSheet = f.sheet;
    clearTouched();
    let result: unknown;
    const fast = compileFast(f.formula, f.sheet, (name) => sheetIndex.get(name.toLowerCase()));
    const fastValue = fast ? fast(read) : undefined;
    if (fastValue !== undefined && !touchedUnknown) {
      const v = Object.is(fastValue, -0) ? 0 : fastValue;
      data[f.sheet]!.set(f.row, f.col, v);
      formulaValues.get(sheetName)!.set(f.address, v);
      evaluated++;
      fastCount++;
      continue;
    }
    clearTouched();
    try {
      result = parser.parse(f.formula, { row: f.row, col: f.col, sheet: sheetName });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const notImpl = /not implemented/i.exec(msg);
      diag('unsupported', notImpl ? '#NAME?' : '#ERROR!', notImpl ? msg : `could not evaluate: ${msg.split('\n')[0] ?? ''}`);
      continue;
    }
    if (touchedUnknown) {
      diag('unsupported', '#DEPENDENCY', `depends on ${touchedUnknown}, which could not be evaluated`);
      continue;
    }
    if (result instanceof FormulaError) {
      data[f.sheet]!.set(f.row, f.col, result);
      formulaValues.get(sheetName)!.set(f.address, { error: result.error });
      evaluated++;
      if (/not implemented/i.test(result.message)) {
        diag('unsupported', result.error, result.message);
        formulaValues.get(sheetName)!.delete(f.address);
        data[f.sheet]!.set(f.row, f.col, UNKNOWN);
        evaluated--;
      } else {
        diag('error', result.error, `formula evaluates to ${result.error}`);
      }
      continue;
    }
    let value: EvalValue;
    if (Array.isArray(result)) {
      const first = (result as unknown[][])[0]?.[0];
      value = normaliseScalar(first);
    } else value = normaliseScalar(result);
    data[f.sheet]!.set(f.row, f.col, value === null ? 0 : value);
    formulaValues.get(sheetName)!.set(f.address, value === null ? 0 : value);
    evaluated++;
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
    formulaCount: formulas.length,
    evaluatedCount: evaluated,
    fastPathCount: fastCount,
    ms: performance.now() - t0,
  };
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
