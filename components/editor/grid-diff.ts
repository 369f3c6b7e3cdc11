// What changed in the grid since it was loaded (or last saved), as workbook ops: values and formulas,
// style attributes, number formats, borders, column widths, row heights, hidden rows/columns and
// frozen panes. Only the cells and settings the grid reported as touched are compared, and cells
// with the same change are merged into ranges, so a style change on one cell sends one small op.
import type { Cell as FsCell, Sheet as FsSheet } from '@fortune-sheet/core';
import { numberToColumn, toAddress } from '@/lib/workbook/cell-ref';
import type { StyleChange, WorkbookOp } from '@/server/documents/workbook/edit-ops';
import { isDateFormat } from '@/lib/workbook/cell-text';
import type { Scalar } from './editor-types';
import { BORDER_STYLE_NAME, H_ALIGN, V_ALIGN, cellSignature, fontNameOf, heightPt, typedValue, widthChars, type FortuneWorkbook, type SheetBase } from './workbook-to-fortune';

/** Days between the 1900 and 1904 date systems. */
const DAYS_1904 = 1462;

/** An Excel colour "#RRGGBB" from the grid's "#rgb", "#rrggbb" or "rgb(r, g, b)"; null when there is none. */
export function normColor(c: unknown): string | null {
  if (typeof c !== 'string' || !c.trim()) return null;
  const s = c.trim();
  let m = /^#?([0-9a-f]{6})$/i.exec(s);
  if (m) return `#${m[1]!.toUpperCase()}`;
  m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(s);
  if (m) return `#${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}`.toUpperCase();
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/i.exec(s);
  if (rgb) return `#${[rgb[1], rgb[2], rgb[3]].map((x) => Math.min(255, Number(x)).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
  return null;
}

/** The grid's number format as Excel writes it (its date codes come as yyyy-MM-dd); null for General. */
export function normFormat(fa: unknown): string | null {
  if (typeof fa !== 'string' || !fa.trim() || /^general$/i.test(fa.trim())) return null;
  if (isDateFormat(fa)) return fa.replace(/"[^"]*"|AM\/PM|A\/P|[YMDHS]/g, (m) => (m.length === 1 ? m.toLowerCase() : m));
  return fa;
}

/** Formats the grid picks for plain typed decimals ("3.25" → "0.00"): Excel keeps General for them. */
const TYPED_DECIMALS = /^0(\.0+)?$/;

type StyleKey = keyof StyleChange;

/** The style attributes of a grid cell in the model's terms. */
export function styleOf(c: FsCell | null | undefined): Partial<Record<StyleKey, unknown>> {
  if (!c) return {};
  const ht = Object.keys(H_ALIGN).find((k) => H_ALIGN[k] === Number(c.ht));
  const vt = Object.keys(V_ALIGN).find((k) => V_ALIGN[k] === Number(c.vt));
  return {
    fontName: fontNameOf(c.ff) ?? null,
    fontSize: typeof c.fs === 'number' || (typeof c.fs === 'string' && c.fs !== '') ? Number(c.fs) : null,
    bold: c.bl ? true : null,
    italic: c.it ? true : null,
    underline: c.un ? true : null,
    strike: c.cl ? true : null,
    color: normColor(c.fc),
    fill: normColor(c.bg),
    hAlign: c.ht === undefined || c.ht === null ? null : (ht ?? null),
    vAlign: c.vt === undefined || c.vt === null ? null : (vt ?? null),
    wrap: c.tb === '2' || (c.tb as unknown) === 2 ? true : null,
  };
}

function styleChange(base: FsCell | undefined, cur: FsCell | null | undefined, defaultFont: string): StyleChange | null {
  const a = styleOf(base);
  const b = styleOf(cur);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(b) as StyleKey[]) {
    let x = a[k] ?? null;
    let y = b[k] ?? null;
    if (k === 'fontName') {
      // a new cell is drawn in the default font: no font change
      x ??= defaultFont;
      y ??= defaultFont;
    }
    if (k === 'fontSize' && (y === null || Number.isNaN(y))) y = x;
    if (x !== y) out[k] = y === null && (k === 'bold' || k === 'italic' || k === 'underline' || k === 'strike' || k === 'wrap') ? false : y;
  }
  return Object.keys(out).length ? (out) : null;
}

interface Pending {
  r: number;
  c: number;
}

/** Groups cells with the same key into rectangles: row runs first, then equal runs on consecutive rows. */
export function toRanges(cells: Pending[]): string[] {
  const rows = new Map<number, number[]>();
  for (const { r, c } of cells) {
    const list = rows.get(r) ?? [];
    list.push(c);
    rows.set(r, list);
  }
  const runs: Array<{ r1: number; r2: number; c1: number; c2: number }> = [];
  const open = new Map<string, { r1: number; r2: number; c1: number; c2: number }>();
  for (const r of [...rows.keys()].sort((x, y) => x - y)) {
    const cols = [...new Set(rows.get(r))].sort((x, y) => x - y);
    const here: Array<[number, number]> = [];
    for (const c of cols) {
      const last = here[here.length - 1];
      if (last && last[1] === c - 1) last[1] = c;
      else here.push([c, c]);
    }
    const next = new Map<string, { r1: number; r2: number; c1: number; c2: number }>();
    for (const [c1, c2] of here) {
      const key = `${c1}:${c2}`;
      const prev = open.get(key);
      if (prev && prev.r2 === r - 1) {
        prev.r2 = r;
        next.set(key, prev);
      } else {
        const run = { r1: r, r2: r, c1, c2 };
        runs.push(run);
        next.set(key, run);
      }
    }
    open.clear();
    for (const [k, v] of next) open.set(k, v);
  }
  return runs.map(({ r1, r2, c1, c2 }) => {
    const a = toAddress({ row: r1 + 1, col: c1 + 1 });
    const b = toAddress({ row: r2 + 1, col: c2 + 1 });
    return a === b ? a : `${a}:${b}`;
  });
}

function spans(keys: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const k of [...new Set(keys)].sort((x, y) => x - y)) {
    const last = out[out.length - 1];
    if (last && last[1] === k - 1) last[1] = k;
    else out.push([k, k]);
  }
  return out;
}

/** The value change of one cell, or null when its content equals the baseline's. */
function valueOp(sheet: string, r: number, c: number, cur: FsCell | null | undefined, base: FsCell | undefined, date1904: boolean): WorkbookOp | null {
  if (cellSignature(cur) === cellSignature(base)) return null;
  const cell = toAddress({ row: r + 1, col: c + 1 });
  if (cur?.f) {
    const v = cur.v;
    return { op: 'set', sheet, cell, formula: cur.f.replace(/^=/, '').trim(), ...(typeof v === 'number' || typeof v === 'boolean' ? { value: v } : {}) };
  }
  let value: Scalar = typedValue(cur);
  // A typed date: the grid counts from 1900; a 1904 workbook counts 1462 days fewer.
  if (typeof value === 'number' && cur?.ct?.t === 'd' && date1904) value -= DAYS_1904;
  return { op: 'set', sheet, cell, value, formula: null };
}

export interface ConfigLike {
  columnlen?: Record<string, number> | null;
  rowlen?: Record<string, number> | null;
  colhidden?: Record<string, number> | null;
  rowhidden?: Record<string, number> | null;
  customHeight?: Record<string, number> | null;
  customWidth?: Record<string, number> | null;
  borderInfo?: unknown[] | null;
}

export function frozenOf(f: FsSheet['frozen']): { rows: number; cols: number } {
  if (!f) return { rows: 0, cols: 0 };
  const rf = (f.range?.row_focus ?? 0) + 1;
  const cf = (f.range?.column_focus ?? 0) + 1;
  switch (f.type) {
    case 'row':
      return { rows: 1, cols: 0 };
    case 'column':
      return { rows: 0, cols: 1 };
    case 'both':
      return { rows: 1, cols: 1 };
    case 'rangeRow':
      return { rows: rf, cols: 0 };
    case 'rangeColumn':
      return { rows: 0, cols: cf };
    case 'rangeBoth':
      return { rows: rf, cols: cf };
    default:
      return { rows: 0, cols: 0 };
  }
}

const BORDER_TYPES: Record<string, Extract<WorkbookOp, { op: 'border' }>['type']> = {
  'border-all': 'all',
  'border-outside': 'outside',
  'border-inside': 'inside',
  'border-horizontal': 'horizontal',
  'border-vertical': 'vertical',
  'border-top': 'top',
  'border-bottom': 'bottom',
  'border-left': 'left',
  'border-right': 'right',
  'border-none': 'none',
};

interface RangeBorder {
  rangeType?: string;
  borderType?: string;
  style?: string | number;
  color?: string;
  range?: Array<{ row: [number, number]; column: [number, number] }>;
  value?: { row_index: number; col_index: number; l?: { style: number | string; color?: string }; r?: unknown; t?: unknown; b?: unknown };
}

function borderOps(sheet: string, entries: unknown[]): WorkbookOp[] {
  const ops: WorkbookOp[] = [];
  for (const raw of entries) {
    const e = raw as RangeBorder;
    if (e.rangeType === 'range' && e.borderType && e.range) {
      const styleNum = Number(e.style ?? 1);
      const type = styleNum === 0 ? 'none' : BORDER_TYPES[e.borderType];
      if (!type) continue;
      const style = BORDER_STYLE_NAME[styleNum] ?? 'thin';
      const color = normColor(e.color) ?? '#000000';
      for (const rg of e.range) {
        const [r1, r2] = rg.row;
        const [c1, c2] = rg.column;
        const a = toAddress({ row: r1 + 1, col: c1 + 1 });
        const b = toAddress({ row: r2 + 1, col: c2 + 1 });
        ops.push({ op: 'border', sheet, range: a === b ? a : `${a}:${b}`, type, ...(type === 'none' ? {} : { style, color }) });
      }
    } else if (e.rangeType === 'cell' && e.value) {
      const v = e.value;
      const side = (s: unknown) => {
        const x = s as { style: number | string; color?: string } | undefined;
        return x ? { style: BORDER_STYLE_NAME[Number(x.style)] ?? 'thin', color: normColor(x.color) ?? '#000000' } : null;
      };
      ops.push({ op: 'style', sheet, range: toAddress({ row: v.row_index + 1, col: v.col_index + 1 }), style: { border: { left: side(v.l), right: side(v.r), top: side(v.t), bottom: side(v.b) } } });
    }
  }
  return ops;
}

export interface Dirty {
  cells: Map<string, Set<string> | 'all'>;
  config: Set<string>;
}

/**
 * The ops for everything marked dirty, in a stable order: values first, then number formats,
 * styles, borders and sheet settings. The baselines move on to what was collected.
 */
export function collectOps(fw: FortuneWorkbook, sheets: FsSheet[], dirty: Dirty, defaultFont: string): WorkbookOp[] {
  const values: WorkbookOp[] = [];
  const formats = new Map<string, { sheet: string; numFmt: string | null; cells: Pending[] }>();
  const styles = new Map<string, { sheet: string; style: StyleChange; cells: Pending[] }>();
  const settings: WorkbookOp[] = [];
  for (const [id, keys] of dirty.cells) {
    const sheet = sheets.find((s) => s.id === id);
    const name = fw.names.get(id);
    const base = fw.baseline(id);
    if (!sheet?.data || !name || !base) continue;
    const visit = (r: number, c: number) => {
      const key = `${r},${c}`;
      const cur = sheet.data?.[r]?.[c];
      const was = base.get(key);
      if (cur === was) return;
      const v = valueOp(name, r, c, cur, was, fw.date1904);
      if (v) values.push(v);
      let fa = normFormat(cur?.ct?.fa);
      const baseFa = normFormat(was?.ct?.fa);
      if (v && baseFa === null && fa !== null && TYPED_DECIMALS.test(fa)) fa = null;
      if (fa !== baseFa) {
        const k = `${id}\u0000${fa ?? ''}`;
        const g = formats.get(k) ?? { sheet: name, numFmt: fa, cells: [] };
        g.cells.push({ r, c });
        formats.set(k, g);
      }
      const st = styleChange(was, cur, defaultFont);
      if (st) {
        const k = `${id}\u0000${JSON.stringify(st)}`;
        const g = styles.get(k) ?? { sheet: name, style: st, cells: [] };
        g.cells.push({ r, c });
        styles.set(k, g);
      }
      if (cur) base.set(key, cur);
      else base.delete(key);
    };
    if (keys === 'all') {
      const seen = new Set<string>(base.keys());
      sheet.data.forEach((row, r) => row.forEach((cell, c) => cell && seen.add(`${r},${c}`)));
      for (const k of seen) {
        const [r, c] = k.split(',').map(Number) as [number, number];
        visit(r, c);
      }
    } else for (const k of keys) visit(...(k.split(',').map(Number) as [number, number]));
  }
  for (const id of dirty.config) {
    const sheet = sheets.find((s) => s.id === id);
    const name = fw.names.get(id);
    const base = fw.baseConfig.get(id);
    if (!sheet || !name || !base) continue;
    settings.push(...configOps(name, sheet, base));
  }
  dirty.cells.clear();
  dirty.config.clear();
  const ops: WorkbookOp[] = [...values];
  for (const g of formats.values()) for (const range of toRanges(g.cells)) ops.push({ op: 'numFmt', sheet: g.sheet, range, numFmt: g.numFmt });
  for (const g of styles.values()) for (const range of toRanges(g.cells)) ops.push({ op: 'style', sheet: g.sheet, range, style: g.style });
  return [...ops, ...settings];
}

/** Width / height / hidden / frozen / border changes of one sheet since its baseline (which moves on). */
function configOps(name: string, sheet: FsSheet, base: SheetBase): WorkbookOp[] {
  const cfg = (sheet.config ?? {}) as ConfigLike;
  const ops: WorkbookOp[] = [];
  const changed = (a: Record<string, number>, b: Record<string, number>) => [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).map(Number);
  // Column widths (pixels → characters), grouped into spans of equal width.
  const colNow = { ...(cfg.columnlen ?? {}) };
  const byWidth = new Map<number | null, number[]>();
  for (const c of changed(base.columnlen, colNow)) {
    const w = colNow[c] === undefined ? null : widthChars(colNow[c]);
    byWidth.set(w, [...(byWidth.get(w) ?? []), c]);
  }
  for (const [width, cols] of byWidth)
    for (const [a, b] of spans(cols)) ops.push({ op: 'columnWidth', sheet: name, columns: a === b ? numberToColumn(a + 1) : `${numberToColumn(a + 1)}:${numberToColumn(b + 1)}`, width });
  base.columnlen = colNow;
  // Row heights a person set (pixels → points); heights the grid fits to wrapped text are not sent.
  const rowNow: Record<string, number> = {};
  for (const [k, v] of Object.entries(cfg.rowlen ?? {})) if (base.rowlen[k] !== undefined || cfg.customHeight?.[k]) rowNow[k] = v;
  const byHeight = new Map<number | null, number[]>();
  for (const r of changed(base.rowlen, rowNow)) {
    const h = rowNow[r] === undefined ? null : heightPt(rowNow[r]);
    byHeight.set(h, [...(byHeight.get(h) ?? []), r]);
  }
  for (const [height, rows] of byHeight) for (const [a, b] of spans(rows)) ops.push({ op: 'rowHeight', sheet: name, rows: a === b ? String(a + 1) : `${a + 1}:${b + 1}`, height });
  base.rowlen = rowNow;
  // Hidden columns and rows.
  const colHidden = { ...(cfg.colhidden ?? {}) };
  const rowHidden = { ...(cfg.rowhidden ?? {}) };
  for (const hidden of [true, false]) {
    const cols = changed(base.colhidden, colHidden).filter((c) => (colHidden[c] !== undefined) === hidden);
    for (const [a, b] of spans(cols)) ops.push({ op: 'hideColumns', sheet: name, columns: a === b ? numberToColumn(a + 1) : `${numberToColumn(a + 1)}:${numberToColumn(b + 1)}`, hidden });
    const rows = changed(base.rowhidden, rowHidden).filter((r) => (rowHidden[r] !== undefined) === hidden);
    for (const [a, b] of spans(rows)) ops.push({ op: 'hideRows', sheet: name, rows: a === b ? String(a + 1) : `${a + 1}:${b + 1}`, hidden });
  }
  base.colhidden = colHidden;
  base.rowhidden = rowHidden;
  // Frozen panes.
  const frozen = frozenOf(sheet.frozen);
  if (frozen.rows !== base.frozen.rows || frozen.cols !== base.frozen.cols) ops.push({ op: 'freeze', sheet: name, ...frozen });
  base.frozen = frozen;
  // Borders the toolbar added since.
  const borders = cfg.borderInfo ?? [];
  if (borders.length > base.borderCount) ops.push(...borderOps(name, borders.slice(base.borderCount)));
  base.borderCount = borders.length;
  return ops;
}
