// Our workbook model → fortune-sheet sheets (display only: values, formulas with their computed
// values, basic styles, widths, heights, merges, frozen panes), and fortune-sheet cells back to
// cell-level changes. Saving sends only changed values/formulas, so everything the grid does not
// understand stays in the stored model.
import type { Cell as FsCell, Sheet as FsSheet } from '@fortune-sheet/core';
import { addressKey, columnToNumber, parseRange, toAddress } from '@/server/documents/workbook/cell-ref';
import type { Cell, Workbook } from '@/server/documents/workbook/schema';
import type { Scalar } from './editor-types';

const H_ALIGN: Record<string, number> = { center: 0, left: 1, right: 2 };
const V_ALIGN: Record<string, number> = { middle: 0, top: 1, bottom: 2 };
const hash = (c: string) => (c.startsWith('#') ? c : `#${c}`);

/** Column width in characters → pixels (Excel's rule of thumb). */
const widthPx = (chars: number) => Math.round(chars * 7 + 5);

function displayOf(v: Scalar | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e10) / 1e10);
  return v;
}

/** A canvas font family list: the workbook's font, its metric-compatible free twin, then sans-serif. */
const families = new Map<string, string>();
export function fontFamily(name: string): string {
  let f = families.get(name);
  if (f === undefined) families.set(name, (f = buildFontFamily(name)));
  return f;
}

function buildFontFamily(name: string): string {
  const twin: Record<string, string> = { calibri: 'Carlito', cambria: 'Caladea', arial: 'Liberation Sans', 'times new roman': 'Liberation Serif' };
  return [name, twin[name.toLowerCase()], 'Arial', 'sans-serif'].filter(Boolean).map((f) => (/\s/.test(f!) && f !== 'sans-serif' ? `"${f}"` : f)).join(', ');
}

/** Cell types, one frozen object per format and type: 100k cells share a handful. */
const cellTypes = new Map<string, NonNullable<FsCell['ct']>>();
function cellType(fa: string, t: 'n' | 'b' | 'g'): NonNullable<FsCell['ct']> {
  const key = `${t}${fa}`;
  let ct = cellTypes.get(key);
  if (!ct) cellTypes.set(key, (ct = Object.freeze({ fa, t })));
  return ct;
}

function toFsCell(cell: Cell, computed: Scalar | undefined, defaultFont: string): FsCell {
  const value = cell.formula ? computed : cell.value;
  const out: FsCell = { ff: fontFamily(cell.style?.fontName ?? defaultFont) };
  if (value !== undefined && value !== null) {
    out.v = value;
    out.m = displayOf(value);
  }
  if (cell.formula) out.f = `=${cell.formula}`;
  out.ct = cellType(cell.numFmt ?? 'General', typeof value === 'number' ? 'n' : typeof value === 'boolean' ? 'b' : 'g');
  const s = cell.style;
  if (s) {
    if (s.bold) out.bl = 1;
    if (s.italic) out.it = 1;
    if (s.underline) out.un = 1;
    if (s.strike) out.cl = 1;
    if (s.color) out.fc = hash(s.color);
    if (s.fill) out.bg = hash(s.fill);
    if (s.fontSize) out.fs = s.fontSize;
    if (s.hAlign && H_ALIGN[s.hAlign] !== undefined) out.ht = H_ALIGN[s.hAlign];
    if (s.vAlign && V_ALIGN[s.vAlign] !== undefined) out.vt = V_ALIGN[s.vAlign];
    if (s.wrap) out.tb = '2';
  }
  return out;
}

export interface FortuneWorkbook {
  sheets: FsSheet[];
  /**
   * The signature of every non-empty cell as loaded (then as last saved) of a sheet, by sheet id:
   * "r,c" → signature. Built on first use (the first edit), not while the grid opens.
   */
  baseline: (sheetId: string) => Map<string, string> | undefined;
  /** fortune-sheet sheet id → our sheet name */
  names: Map<string, string>;
}

/** What identifies a cell's content for change detection. */
export function cellSignature(c: FsCell | null | undefined): string {
  if (!c) return '';
  if (c.f) return `f:${c.f.replace(/^=/, '').trim()}`;
  const v = typedValue(c);
  return v === null ? '' : `v:${typeof v}:${String(v)}`;
}

export function workbookToFortune(wb: Workbook, formulaValues: Record<string, Record<string, Scalar>> = {}): FortuneWorkbook {
  const loaded = new Map<string, readonly NonNullable<FsSheet['celldata']>[number][]>();
  const baselines = new Map<string, Map<string, string>>();
  const baseline = (sheetId: string) => {
    let base = baselines.get(sheetId);
    const cells = loaded.get(sheetId);
    if (!base && cells) {
      base = new Map();
      for (const d of cells) {
        const sig = cellSignature(d.v);
        if (sig) base.set(`${d.r},${d.c}`, sig);
      }
      baselines.set(sheetId, base);
    }
    return base;
  };
  const names = new Map<string, string>();
  const sheets = wb.sheets.map((s, i): FsSheet => {
    const id = `s${i}`;
    names.set(id, s.name);
    const computed = formulaValues[s.name] ?? {};
    let maxRow = 0;
    let maxCol = 0;
    const celldata: NonNullable<FsSheet['celldata']> = [];
    for (const addr in s.cells) {
      const k = addressKey(addr);
      const r = Math.floor(k / 16_384) - 1;
      const c = (k % 16_384) - 1;
      if (r > maxRow) maxRow = r;
      if (c > maxCol) maxCol = c;
      const v = toFsCell(s.cells[addr]!, computed[addr], wb.defaultFont.name);
      celldata.push({ r, c, v });
    }
    const columnlen: Record<string, number> = {};
    for (const [letters, def] of Object.entries(s.columns)) if (def.width !== undefined && !letters.includes(':')) columnlen[String(columnToNumber(letters) - 1)] = widthPx(def.width);
    const rowlen: Record<string, number> = {};
    for (const [row, def] of Object.entries(s.rows)) if (def.height !== undefined) rowlen[String(Number(row) - 1)] = Math.round((def.height * 4) / 3);
    const merge: Record<string, { r: number; c: number; rs: number; cs: number }> = {};
    for (const m of s.merges) {
      const rg = parseRange(m);
      const r = rg.from.row - 1;
      const c = rg.from.col - 1;
      merge[`${r}_${c}`] = { r, c, rs: rg.to.row - rg.from.row + 1, cs: rg.to.col - rg.from.col + 1 };
      for (let rr = r; rr < r + merge[`${r}_${c}`]!.rs; rr++) {
        for (let cc = c; cc < c + merge[`${r}_${c}`]!.cs; cc++) {
          const mc = rr === r && cc === c ? { r, c, rs: merge[`${r}_${c}`]!.rs, cs: merge[`${r}_${c}`]!.cs } : { r, c };
          const existing = celldata.find((x) => x.r === rr && x.c === cc);
          if (existing?.v) existing.v.mc = mc;
          else celldata.push({ r: rr, c: cc, v: { mc } });
        }
      }
    }
    // Frozen cells, as immer would leave them: when fortune-sheet puts the sheet into its state, immer
    // stops at frozen objects instead of walking every cell of a 100k-cell sheet (that walk was half
    // of the first render). The grid never mutates cells in place; edits replace them.
    for (const d of celldata) if (d.v) Object.freeze(d.v);
    // Our own list of the cells as loaded (the grid owns the one it is given), for the baseline.
    loaded.set(id, celldata.slice());
    const fr = s.frozen?.rows ?? 0;
    const fc = s.frozen?.cols ?? 0;
    return {
      id,
      name: s.name,
      order: i,
      status: i === 0 ? 1 : 0,
      ...(s.tabColor ? { color: hash(s.tabColor) } : {}),
      celldata,
      row: Math.max(maxRow + 30, 60),
      column: Math.max(maxCol + 6, 26),
      config: { columnlen, rowlen, merge },
      luckysheet_select_save: [{ row: [0, 0], column: [0, 0], row_focus: 0, column_focus: 0 }],
      showGridLines: s.showGridLines ? 1 : 0,
      ...(fr || fc
        ? { frozen: { type: fr && fc ? 'rangeBoth' : fr ? 'rangeRow' : 'rangeColumn', range: { row_focus: Math.max(fr - 1, 0), column_focus: Math.max(fc - 1, 0) } } }
        : {}),
    };
  });
  return { sheets, baseline, names };
}

const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** The grid keeps typed entries as strings with a type hint: numbers and booleans become values of their type. */
export function typedValue(cell: FsCell | null | undefined): Scalar {
  const v = cell?.v;
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') return v;
  const t = cell?.ct?.t;
  if (t !== 's' && NUMBER_RE.test(v.trim())) return Number(v.trim());
  if (t === 'b' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return v;
}

export interface CellChangeOut {
  sheet: string;
  cell: string;
  value?: Scalar;
  formula?: string | null;
}

/** The change for one grid cell (or null when it equals what was loaded / last saved). */
export function changeFor(sheetName: string, r: number, c: number, cell: FsCell | null | undefined, base: Map<string, string>): CellChangeOut | null {
  const sig = cellSignature(cell);
  const key = `${r},${c}`;
  if ((base.get(key) ?? '') === sig) return null;
  if (sig) base.set(key, sig);
  else base.delete(key);
  const address = toAddress({ row: r + 1, col: c + 1 });
  if (cell?.f) {
    const v = cell.v;
    return { sheet: sheetName, cell: address, formula: cell.f.replace(/^=/, '').trim(), ...(typeof v === 'number' || typeof v === 'boolean' ? { value: v } : {}) };
  }
  return { sheet: sheetName, cell: address, value: typedValue(cell), formula: null };
}
