// Our workbook model → fortune-sheet sheets, shown as the file is: values with their number format
// applied (the exports' formatter), formulas with their computed values, fonts (with their metric
// twins), bold/italic/underline/strike, colours, fills, borders, alignment, wrap, merges, widths,
// heights, hidden rows/columns, frozen panes, hidden sheets, comments and hyperlinks. Conditional
// formats and charts are drawn by the editor itself (conditional-formats.ts, chart-overlay.tsx).
// Saving sends only what changed (grid-diff.ts), so everything the grid does not understand stays
// in the stored model.
import type { Cell as FsCell, Sheet as FsSheet } from '@fortune-sheet/core';
import { addressKey, columnToNumber, parseRange } from '@/lib/workbook/cell-ref';
import type { Cell, CellStyle, Workbook } from '@/server/documents/workbook/schema';
import { formatNumber, plainNumber } from '@/lib/workbook/cell-text';
import type { Scalar } from './editor-types';

export const H_ALIGN: Record<string, number> = { center: 0, left: 1, right: 2 };
export const V_ALIGN: Record<string, number> = { middle: 0, top: 1, bottom: 2 };
const hash = (c: string) => (c.startsWith('#') ? c.toUpperCase() : `#${c.toUpperCase()}`);

/** Column width in characters → pixels (Excel's rule of thumb), and back. */
export const widthPx = (chars: number) => Math.round(chars * 7 + 5);
export const widthChars = (px: number) => Math.max(0, Math.round(((px - 5) / 7) * 100) / 100);
/** Row height in points → pixels, and back. */
export const heightPx = (pt: number) => Math.round((pt * 4) / 3);
export const heightPt = (px: number) => Math.round(((px * 3) / 4) * 100) / 100;
export const DEFAULT_COL_PX = 73;
export const DEFAULT_ROW_PX = 19;

/** fortune-sheet border style numbers (its canvas line styles) for the model's border styles. */
export const BORDER_STYLE: Record<string, number> = { thin: 1, hair: 2, dotted: 3, dashed: 4, double: 7, medium: 8, thick: 13 };
export const BORDER_STYLE_NAME: Record<number, 'thin' | 'hair' | 'dotted' | 'dashed' | 'double' | 'medium' | 'thick'> = {
  1: 'thin',
  2: 'hair',
  3: 'dotted',
  4: 'dashed',
  5: 'dashed',
  6: 'dashed',
  7: 'double',
  8: 'medium',
  9: 'medium',
  10: 'medium',
  11: 'medium',
  12: 'medium',
  13: 'thick',
};

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

/** The font name of a font family list built by fontFamily (its first entry). */
export function fontNameOf(ff: unknown): string | undefined {
  if (typeof ff !== 'string' || !ff) return undefined;
  const first = ff.split(',')[0]!.trim();
  return first.replace(/^"(.*)"$/, '$1') || undefined;
}

/** Cell types, one frozen object per format and type: 100k cells share a handful. */
const cellTypes = new Map<string, NonNullable<FsCell['ct']>>();
function cellType(fa: string, t: 'n' | 'b' | 'g' | 's'): NonNullable<FsCell['ct']> {
  const key = `${t}${fa}`;
  let ct = cellTypes.get(key);
  if (!ct) cellTypes.set(key, (ct = Object.freeze({ fa, t })));
  return ct;
}

/** The text a cell shows: numbers through the exports' number formatter, booleans as TRUE/FALSE. */
export function displayText(v: Scalar | undefined, numFmt: string | undefined, date1904: boolean): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return numFmt ? formatNumber(v, numFmt, { date1904 }) : plainNumber(v);
  return v;
}

export const LINK_COLOR = '#0563C1';

function applyStyle(out: FsCell, s: CellStyle | undefined, defaultFont: string): void {
  // a cell without a font is drawn in the workbook's default font (the editor makes it the grid's first font)
  if (s?.fontName && s.fontName !== defaultFont) out.ff = fontFamily(s.fontName);
  if (!s) return;
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

function toFsCell(cell: Cell, computed: Scalar | undefined, defaultFont: string, date1904: boolean): FsCell {
  const value = cell.formula ? computed : (cell.error ?? cell.value);
  const out: FsCell = {};
  applyStyle(out, cell.style, defaultFont);
  if (value !== undefined && value !== null) {
    out.v = value;
    out.m = displayText(value, cell.numFmt, date1904);
  }
  // General alignment, as Excel draws it: numbers to the right, logical values and errors centred
  if (out.ht === undefined && value !== undefined && value !== null) {
    if (typeof value === 'number') out.ht = H_ALIGN.right;
    else if (typeof value === 'boolean' || (cell.error !== undefined && !cell.formula) || (typeof value === 'string' && cell.formula && /^#(N\/A|NAME\?|REF!|VALUE!|DIV\/0!|NUM!|NULL!|SPILL!|CALC!)$/.test(value)))
      out.ht = H_ALIGN.center;
  }
  if (cell.formula) out.f = `=${cell.formula}`;
  out.ct = cellType(cell.numFmt ?? 'General', typeof value === 'number' ? 'n' : typeof value === 'boolean' ? 'b' : 'g');
  if (cell.richText?.length && !cell.formula) {
    // Formatted runs: fortune-sheet draws an inline string's runs with their own fonts.
    out.ct = {
      fa: cell.numFmt ?? 'General',
      t: 'inlineStr',
      s: cell.richText.map((r) => {
        const run: FsCell = { v: r.text };
        applyStyle(run, { ...cell.style, ...r.style }, defaultFont);
        return run;
      }),
    };
  }
  return out;
}

export interface SheetExtras {
  /** the model sheet this grid sheet shows (conditional formats and charts are drawn from it) */
  name: string;
  index: number;
}

export interface FortuneWorkbook {
  sheets: FsSheet[];
  /**
   * The cells of a sheet as loaded (then as last saved), by sheet id: "r,c" → the grid cell.
   * Built on first use (the first edit), not while the grid opens.
   */
  baseline: (sheetId: string) => Map<string, FsCell> | undefined;
  /** The sheet's settings as loaded / last saved (widths, heights, hidden rows and columns, frozen panes, borders). */
  baseConfig: Map<string, SheetBase>;
  /** fortune-sheet sheet id → our sheet name */
  names: Map<string, string>;
  /**
   * The formula cells the grid recalculates itself, by sheet id. Not in the sheets it opens with:
   * fortune-sheet parses every formula of a calc chain while it opens (a fifth of the first render
   * of a 20,000-formula sheet); the editor hands the chains over after the first frame, and the
   * grid builds its dependency map from them on the first edit.
   */
  calcChains: Map<string, ReadonlyArray<{ r: number; c: number; id: string }>>;
  /** A sheet the person added in the grid: empty baseline, default settings. */
  addSheet: (sheetId: string, name: string) => void;
  date1904: boolean;
}

export interface SheetBase {
  columnlen: Record<string, number>;
  rowlen: Record<string, number>;
  colhidden: Record<string, number>;
  rowhidden: Record<string, number>;
  frozen: { rows: number; cols: number };
  borderCount: number;
}

/** What identifies a cell's content for change detection. */
export function cellSignature(c: FsCell | null | undefined): string {
  if (!c) return '';
  if (c.f) return `f:${c.f.replace(/^=/, '').trim()}`;
  const v = typedValue(c);
  return v === null ? '' : `v:${typeof v}:${String(v)}`;
}

let supportedFunctions: Set<string> | null = null;
/** Function names the grid's own formula engine knows (others keep the server's value). */
export function setGridFunctions(names: Iterable<string>): void {
  supportedFunctions = new Set([...names].map((n) => n.toUpperCase()));
}

/** True when the grid can recalculate the formula itself (every function it calls is known to it). */
export function gridCanCompute(formula: string): boolean {
  if (!supportedFunctions) return false;
  const re = /([A-Za-z_][A-Za-z0-9_.]*)\s*\(/g;
  let m: RegExpExecArray | null;
  const text = formula.replace(/"[^"]*"/g, '""');
  while ((m = re.exec(text))) if (!supportedFunctions.has(m[1]!.toUpperCase().replace(/^_XLFN\./, ''))) return false;
  // Whole-column / whole-row references and sheet-qualified names are beyond the grid's engine.
  return !/\$?[A-Z]{1,3}:\$?[A-Z]{1,3}(?![0-9])|\[/.test(text);
}

const BORDER_SIDES = [
  ['top', 't'],
  ['bottom', 'b'],
  ['left', 'l'],
  ['right', 'r'],
] as const;

export function workbookToFortune(wb: Workbook, formulaValues: Record<string, Record<string, Scalar>> = {}): FortuneWorkbook {
  const date1904 = wb.date1904 === true;
  const loaded = new Map<string, readonly NonNullable<FsSheet['celldata']>[number][]>();
  const baselines = new Map<string, Map<string, FsCell>>();
  const baseline = (sheetId: string) => {
    let base = baselines.get(sheetId);
    const cells = loaded.get(sheetId);
    if (!base && cells) {
      base = new Map();
      for (const d of cells) if (d.v) base.set(`${d.r},${d.c}`, d.v);
      baselines.set(sheetId, base);
    }
    return base;
  };
  const names = new Map<string, string>();
  const calcChains = new Map<string, ReadonlyArray<{ r: number; c: number; id: string }>>();
  const baseConfig = new Map<string, SheetBase>();
  const visible = wb.sheets.map((s) => (s.state ?? 'visible') === 'visible');
  let active = wb.activeSheet !== undefined && visible[wb.activeSheet] ? wb.activeSheet : visible.indexOf(true);
  if (active < 0) active = 0;
  const sheets = wb.sheets.map((s, i): FsSheet => {
    const id = `s${i}`;
    names.set(id, s.name);
    const computed = formulaValues[s.name] ?? {};
    let maxRow = 0;
    let maxCol = 0;
    const celldata: NonNullable<FsSheet['celldata']> = [];
    const calcChain: Array<{ r: number; c: number; id: string }> = [];
    const borderInfo: unknown[] = [];
    for (const addr in s.cells) {
      const k = addressKey(addr);
      const r = Math.floor(k / 16_384) - 1;
      const c = (k % 16_384) - 1;
      if (r > maxRow) maxRow = r;
      if (c > maxCol) maxCol = c;
      const cell = s.cells[addr]!;
      const v = toFsCell(cell, computed[addr], wb.defaultFont.name, date1904);
      celldata.push({ r, c, v });
      if (cell.formula && gridCanCompute(cell.formula)) calcChain.push({ r, c, id });
      const b = cell.style?.border;
      if (b) {
        const sides = typeof b === 'string' ? { top: { style: b }, bottom: { style: b }, left: { style: b }, right: { style: b } } : b;
        const value: Record<string, unknown> = { row_index: r, col_index: c };
        for (const [side, key] of BORDER_SIDES) {
          const sd = sides[side] as { style: string; color?: string } | undefined;
          if (sd) value[key] = { style: BORDER_STYLE[sd.style] ?? 1, color: sd.color ? hash(sd.color) : '#000000' };
        }
        borderInfo.push({ rangeType: 'cell', value });
      }
    }
    // cells by position, built only for sheets with links, comments or merges
    let byKey: Map<number, FsCell> | undefined;
    const at = (r: number, c: number): FsCell => {
      if (!byKey) {
        byKey = new Map();
        for (const d of celldata) if (d.v) byKey.set(d.r * 16_384 + d.c, d.v);
      }
      let v = byKey.get(r * 16_384 + c);
      if (!v) {
        v = {};
        byKey.set(r * 16_384 + c, v);
        celldata.push({ r, c, v });
        if (r > maxRow) maxRow = r;
        if (c > maxCol) maxCol = c;
      }
      return v;
    };
    // Hyperlinks: shown as links (link colour and underline unless the cell has its own colour).
    const hyperlink: Record<string, { linkType: string; linkAddress: string }> = {};
    for (const h of s.hyperlinks ?? []) {
      const first = parseRange(h.ref.trim().split(/\s+/)[0]!).from;
      const r = first.row - 1;
      const c = first.col - 1;
      const link = h.target ? { linkType: 'webpage', linkAddress: h.target } : h.location ? { linkType: 'cellrange', linkAddress: h.location } : null;
      if (!link) continue;
      hyperlink[`${r}_${c}`] = link;
      const v = at(r, c);
      v.hl = { r, c, id };
      if (!v.fc) v.fc = LINK_COLOR;
      v.un = 1;
      if (v.v === undefined && h.display) {
        v.v = h.display;
        v.m = h.display;
      }
    }
    // Comments: the red corner, and the text when the pointer rests on the cell.
    for (const cm of s.comments ?? []) {
      const p = parseRange(cm.cell).from;
      const v = at(p.row - 1, p.col - 1);
      v.ps = { left: null, top: null, width: null, height: null, value: cm.author ? `${cm.author}:\n${cm.text}` : cm.text, isShow: false };
    }
    const columnlen: Record<string, number> = {};
    const colhidden: Record<string, number> = {};
    for (const [letters, def] of Object.entries(s.columns)) {
      const [a, b = a] = letters.split(':');
      const from = columnToNumber(a!) - 1;
      const to = Math.min(columnToNumber(b!) - 1, from + 1000); // spans such as "E:XFD": only the first columns matter on screen
      for (let c = from; c <= to; c++) {
        if (def.width !== undefined) columnlen[String(c)] = widthPx(def.width);
        if (def.hidden) colhidden[String(c)] = 0;
      }
    }
    const rowlen: Record<string, number> = {};
    const rowhidden: Record<string, number> = {};
    for (const [row, def] of Object.entries(s.rows)) {
      if (def.height !== undefined) rowlen[String(Number(row) - 1)] = heightPx(def.height);
      if (def.hidden) rowhidden[String(Number(row) - 1)] = 0;
    }
    const merge: Record<string, { r: number; c: number; rs: number; cs: number }> = {};
    for (const m of s.merges) {
      const rg = parseRange(m);
      const r = rg.from.row - 1;
      const c = rg.from.col - 1;
      const rs = rg.to.row - rg.from.row + 1;
      const cs = rg.to.col - rg.from.col + 1;
      merge[`${r}_${c}`] = { r, c, rs, cs };
      for (let rr = r; rr < r + rs; rr++) for (let cc = c; cc < c + cs; cc++) at(rr, cc).mc = rr === r && cc === c ? { r, c, rs, cs } : { r, c };
    }
    // Frozen cells, as immer would leave them: when fortune-sheet puts the sheet into its state, immer
    // stops at frozen objects instead of walking every cell of a 100k-cell sheet (that walk was half
    // of the first render). The grid never mutates cells in place; edits replace them.
    for (const d of celldata) if (d.v) Object.freeze(d.v);
    if (calcChain.length) calcChains.set(id, Object.freeze(calcChain.map((x) => Object.freeze(x))));
    // Our own list of the cells as loaded (the grid owns the one it is given), for the baseline.
    loaded.set(id, celldata.slice());
    const fr = s.frozen?.rows ?? 0;
    const fc = s.frozen?.cols ?? 0;
    baseConfig.set(id, { columnlen: { ...columnlen }, rowlen: { ...rowlen }, colhidden: { ...colhidden }, rowhidden: { ...rowhidden }, frozen: { rows: fr, cols: fc }, borderCount: borderInfo.length });
    return {
      id,
      name: s.name,
      order: i,
      status: i === active ? 1 : 0,
      ...(visible[i] ? {} : { hide: 1 }),
      ...(s.tabColor ? { color: hash(s.tabColor) } : {}),
      celldata,
      row: Math.max(maxRow + 30, 60),
      column: Math.max(maxCol + 6, 26),
      config: { columnlen, rowlen, merge, colhidden, rowhidden, ...(borderInfo.length ? { borderInfo } : {}) },
      ...(Object.keys(hyperlink).length ? { hyperlink } : {}),
      luckysheet_select_save: [{ row: [0, 0], column: [0, 0], row_focus: 0, column_focus: 0 }],
      showGridLines: s.showGridLines ? 1 : 0,
      ...(s.zoom ? { zoomRatio: s.zoom / 100 } : {}),
      ...(fr || fc
        ? { frozen: { type: fr && fc ? 'rangeBoth' : fr ? 'rangeRow' : 'rangeColumn', range: { row_focus: Math.max(fr - 1, 0), column_focus: Math.max(fc - 1, 0) } } }
        : {}),
    };
  });
  const addSheet = (sheetId: string, name: string) => {
    names.set(sheetId, name);
    loaded.set(sheetId, []);
    baselines.delete(sheetId);
    baseConfig.set(sheetId, { columnlen: {}, rowlen: {}, colhidden: {}, rowhidden: {}, frozen: { rows: 0, cols: 0 }, borderCount: 0 });
  };
  return { sheets, baseline, baseConfig, names, calcChains, addSheet, date1904 };
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
