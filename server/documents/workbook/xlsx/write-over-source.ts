/**
 * Renders a workbook model over the package it was imported from: every part the model does not
 * own (pivot tables, slicers, sparklines, form controls, VBA, custom XML, themes, drawings…) is
 * carried through byte for byte, and inside the parts it does own only what changed is rewritten:
 * a sheet nobody touched keeps its XML exactly; an edited cell is rewritten in its row and the
 * other cells keep their XML (styles, shared formulas, cached values); a formula whose value an
 * edit changed gets its new cached value; new sheets are written whole. The change is measured
 * against `baseline` — the model the source package itself imports to.
 */
import { escapeXml } from '../../common/xml';
import JSZip from 'jszip';
import { writeZip, zipEntries, type ZipEntry } from '../../common/zip-writer';
import { addressKey, numberToColumn, parseRange, quoteSheetName, toRange } from '../../../../lib/workbook/cell-ref';
import type { EvalValue, WorkbookEvaluation } from '../evaluate-formulas';
import type { Cell, Sheet, Workbook } from '../schema';
import { addChartsToXlsx, cellNumFmts } from '../xlsx-chart-parts';
import { ByteWriter } from './byte-writer';
import { displayLength } from './display-width';
import { renameSheetsInPart } from './rename-in-parts';
import { writeCoreTitle } from './core-title';
import { CT_COMMENTS, CT_VML, REL_COMMENTS, REL_VML, commentsPartXml, vmlNotesXml } from './comments-xml';
import { shiftCommentRefs, shiftDrawingAnchors, shiftReferencesInPart, shiftSheetOwnRanges, shiftVmlNotes, toAxisEdit } from './shift-carried-parts';
import { deleteColumns, deleteRows, insertColumns, insertRows } from '../structure';
import { XlsxPackage } from './package';
import { readStyles, readThemeColors, type StylesInfo } from './read-styles';
import type { ImportWarning } from './read-xlsx';
import {
  WORKSHEET_ORDER,
  autoFilterXml,
  cellXml,
  colsXml,
  conditionalFormatsXml,
  dataValidationsXml,
  hyperlinksXml,
  mergesXml,
  printXml,
  rowAttrs,
  sheetViewsXml,
  usedRange,
} from './sheet-xml';
import { StyleSheet, stableKey } from './style-sheet';
import { attr, rootElement, type XmlElement } from './xml-scan';

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_SHEET = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
const REL_HYPERLINK = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';
const REL_TABLE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/table';
const CT_SHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const CT_TABLE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml';

export interface SourceInput {
  bytes: Buffer | Uint8Array;
  /** the model the source imports to (a workbook with no sheets for the empty template) */
  baseline: Pick<Workbook, 'sheets' | 'definedNames' | 'title'>;
  baselineEvaluation?: WorkbookEvaluation;
}

export interface RenderOverSourceResult {
  buffer: Buffer;
  warnings: ImportWarning[];
  /** parts rewritten (for tests and logs) */
  rewritten: string[];
  /** charts written by the chart writer (new sheets) */
  chartCount: number;
  /** the package is a macro-enabled workbook (.xlsm): its macros are kept, so it must keep that name */
  macroEnabled: boolean;
}

const STRICT: Array<[string, string]> = [
  ['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main'],
  ['http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'http://purl.oclc.org/ooxml/officeDocument/relationships'],
  ['http://schemas.openxmlformats.org/drawingml/2006/main', 'http://purl.oclc.org/ooxml/drawingml/main'],
  ['http://schemas.openxmlformats.org/drawingml/2006/chart', 'http://purl.oclc.org/ooxml/drawingml/chart'],
  ['http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing', 'http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing'],
];

function toStrict(xml: string): string {
  let out = xml;
  for (const [t, s] of STRICT) out = out.split(t).join(s);
  return out;
}

/** Structural equality that ignores key order (a model read back from PostgreSQL jsonb has its keys reordered). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // allocation-free: this runs once per cell of every sheet on each render over a source
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let na = 0;
  for (const k in ra) {
    const v = ra[k];
    if (v === undefined) continue;
    na++;
    if (!deepEqual(v, rb[k])) return false;
  }
  let nb = 0;
  for (const k in rb) if (rb[k] !== undefined) nb++;
  return na === nb;
}

const sameValue = (a: EvalValue | undefined, b: EvalValue | undefined) =>
  a === b || ((a ?? null) === null && (b ?? null) === null) || (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && a.error === b.error);

type Change = 'full' | 'value' | 'removed';

interface SheetChanges {
  cells: Map<string, Change>;
  rows: Set<number>;
  features: Set<string>;
}

const FEATURES: Array<[string, (s: Sheet) => unknown]> = [
  ['cols', (s) => s.columns],
  ['merges', (s) => s.merges],
  ['cf', (s) => s.conditionalFormats],
  ['dv', (s) => s.dataValidations ?? []],
  ['links', (s) => s.hyperlinks ?? []],
  ['autoFilter', (s) => s.autoFilter ?? null],
  ['views', (s) => [s.frozen ?? null, s.showGridLines, s.rightToLeft ?? false, s.zoom ?? null]],
  ['tabColor', (s) => s.tabColor ?? null],
  ['print', (s) => ({ ...(s.print ?? {}), area: undefined, titleRows: undefined, titleCols: undefined })],
  ['format', (s) => [s.defaultRowHeight ?? null, s.defaultColWidth ?? null, s.outlineSummaryBelow ?? null]],
  ['protection', (s) => s.protection ?? null],
  ['tables', (s) => s.tables],
  ['charts', (s) => s.charts],
  ['comments', (s) => s.comments ?? []],
  ['images', (s) => s.images ?? []],
];

/** Features held in parts the sheet only links to: compared with the baseline as the recorded edits moved it. */
const CARRIED_FEATURES = new Set(['tables', 'charts', 'comments', 'images']);

function diffSheet(sheet: Sheet, base: Sheet, moved: Sheet, ev: WorkbookEvaluation, baseEv: WorkbookEvaluation): SheetChanges {
  const cells = new Map<string, Change>();
  const rows = new Set<number>();
  for (const a in sheet.cells) {
    const c = sheet.cells[a]!;
    const b = base.cells[a];
    if (!b || !deepEqual(c, b)) cells.set(a, 'full');
    // a formula whose value moved, or one the file holds no value for (openpyxl writes none), gets its value
    else if (c.formula && (!sameValue(ev.get(sheet.name, a), baseEv.get(base.name, a)) || (b.value === undefined && ev.formulaValues.get(sheet.name)?.has(a)))) cells.set(a, 'value');
  }
  for (const a in base.cells) if (!(a in sheet.cells)) cells.set(a, 'removed');
  for (const r of new Set([...Object.keys(sheet.rows), ...Object.keys(base.rows)])) {
    if (!deepEqual(sheet.rows[r], base.rows[r])) rows.add(Number(r));
  }
  const features = new Set<string>();
  for (const [name, get] of FEATURES) if (!deepEqual(get(sheet), get(CARRIED_FEATURES.has(name) ? moved : base))) features.add(name);
  return { cells, rows, features };
}

const rowOf = (address: string) => Math.floor(addressKey(address) / 16384);

interface Ctx {
  wb: Workbook;
  ev: WorkbookEvaluation;
  styles: StyleSheet;
  decoded: StylesInfo;
  warnings: ImportWarning[];
  styleIds: Map<string, number>;
  styleObjects: WeakMap<object, number>;
  /** the style of a cell with no style of its own (0, the file's Normal style) */
  plainXf: number;
}

function styleIdOf(cell: Cell, ctx: Ctx): number {
  if (cell.xf !== undefined) {
    const d = ctx.decoded.xfs[cell.xf];
    if (d && stableKey(d.style ?? {}) === stableKey(cell.style ?? {}) && (d.numFmt ?? '') === (cell.numFmt ?? '')) return cell.xf;
  }
  if (!cell.style && !cell.numFmt) return ctx.plainXf;
  // cells that share a style object (copy-on-write models do) are looked up by identity first
  if (cell.style && !cell.numFmt) {
    const hit = ctx.styleObjects.get(cell.style);
    if (hit !== undefined) return hit;
  }
  // cells of one look usually share the spelling of their style: one JSON text per cell, not a canonical form
  const key = `${cell.style ? JSON.stringify(cell.style) : ''}|${cell.numFmt ?? ''}`;
  let id = ctx.styleIds.get(key);
  if (id === undefined) ctx.styleIds.set(key, (id = ctx.styles.xfFor(cell.style, cell.numFmt)));
  if (cell.style && !cell.numFmt) ctx.styleObjects.set(cell.style, id);
  return id;
}

function tableAt(sheet: Sheet, address: string): string | undefined {
  if (!sheet.tables.length) return undefined;
  const k = addressKey(address);
  const row = Math.floor(k / 16384);
  const col = k % 16384;
  for (const t of sheet.tables) {
    const r = parseRange(t.range);
    if (row >= r.from.row && row <= r.to.row + (t.totalsRow ? 1 : 0) && col >= r.from.col && col <= r.to.col) return t.name;
  }
  return undefined;
}

function newCellXml(sheet: Sheet, address: string, cell: Cell, ctx: Ctx): string {
  const values = ctx.ev.formulaValues.get(sheet.name);
  return cellXml(address, styleIdOf(cell, ctx), cell, values?.get(address), !!values?.has(address), cell.formula?.includes('[') ? tableAt(sheet, address) : undefined);
}

/** A formula cell whose formula and style are unchanged: its own XML with the new cached value. */
function revalueCellXml(src: string, sheet: Sheet, address: string, ctx: Ctx): string {
  const v = ctx.ev.formulaValues.get(sheet.name)?.get(address);
  const open = /^<((?:\w+:)?c)\b((?:[^>"']|"[^"]*"|'[^']*')*?)>/.exec(src);
  const f = /<(?:\w+:)?f\b(?:[^>"']|"[^"]*"|'[^']*')*?(?:\/>|>[\s\S]*?<\/(?:\w+:)?f>)/.exec(src)?.[0];
  if (!open || !f) return newCellXml(sheet, address, sheet.cells[address]!, ctx);
  const attrsNoT = open[2]!.replace(/\s+t="[^"]*"/, '');
  let t = '';
  let vx: string;
  if (v !== null && typeof v === 'object') {
    t = ' t="e"';
    vx = escapeXml(v.error);
  } else if (typeof v === 'string' || v === null || v === undefined) {
    t = ' t="str"';
    vx = escapeXml(v ?? '');
  } else if (typeof v === 'boolean') {
    t = ' t="b"';
    vx = v ? '1' : '0';
  } else vx = String(v);
  return `<${open[1]}${attrsNoT}${t}>${f}<v>${vx}</v></${open[1]}>`;
}

const ROW_RE = /<(?:\w+:)?row\b((?:[^>"']|"[^"]*"|'[^']*')*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
const CELL_RE = /<(?:\w+:)?c\b((?:[^>"']|"[^"]*"|'[^']*')*?)(?:\/>|>[\s\S]*?<\/(?:\w+:)?c>)/g;

function mergeRowAttrs(srcAttrs: string, row: number, sheet: Sheet): string {
  const kept = srcAttrs.replace(/\s+(r|ht|customHeight|hidden|outlineLevel|collapsed|spans)="[^"]*"/g, '');
  return rowAttrs(row, sheet.rows[String(row)]) + kept;
}

/** The new <sheetData> content of an edited sheet. */
function patchSheetData(inner: string, sheet: Sheet, changes: SheetChanges, ctx: Ctx): string {
  // shared-formula groups whose master cell is rewritten: their other cells get explicit formulas
  const brokenGroups = new Set<string>();
  let rewrites = false;
  for (const ch of changes.cells.values()) if (ch === 'full' || ch === 'removed') rewrites = true;
  if (rewrites && inner.includes('shared'))
    for (const m of inner.matchAll(/<(?:\w+:)?c\b[^>]*\br="([A-Z]+\d+)"[^>]*>(?:(?!<\/(?:\w+:)?c>)[\s\S])*?<(?:\w+:)?f\b[^>]*\bt="shared"[^>]*\bref="[^"]*"[^>]*\bsi="(\d+)"|<(?:\w+:)?c\b[^>]*\br="([A-Z]+\d+)"[^>]*>(?:(?!<\/(?:\w+:)?c>)[\s\S])*?<(?:\w+:)?f\b[^>]*\bsi="(\d+)"[^>]*\bref="/g)) {
    const addr = m[1] ?? m[3]!;
    const si = m[2] ?? m[4]!;
    const ch = changes.cells.get(addr);
    if (ch === 'full' || ch === 'removed') brokenGroups.add(si);
  }
  const byRow = new Map<number, string[]>();
  for (const [a, ch] of changes.cells) if (ch !== 'removed') (byRow.get(rowOf(a)) ?? byRow.set(rowOf(a), []).get(rowOf(a))!).push(a);
  const removedRows = new Set<number>();
  for (const [a, ch] of changes.cells) if (ch === 'removed') removedRows.add(rowOf(a));
  const pendingRows = new Set<number>([...byRow.keys(), ...changes.rows, ...removedRows]);
  // walked in order beside the file's rows: each pending row is looked at once
  const pendingOrder = [...pendingRows].sort((a, b) => a - b);
  let pendingAt = 0;
  const out: string[] = [];
  const emitNewRowsBefore = (limit: number) => {
    while (pendingAt < pendingOrder.length && pendingOrder[pendingAt]! < limit) {
      const r = pendingOrder[pendingAt++]!;
      if (!pendingRows.has(r)) continue;
      pendingRows.delete(r);
      const cells = (byRow.get(r) ?? []).sort((a, b) => addressKey(a) - addressKey(b)).map((a) => newCellXml(sheet, a, sheet.cells[a]!, ctx));
      const spec = sheet.rows[String(r)];
      if (!cells.some(Boolean) && !spec) continue;
      out.push(`<row${rowAttrs(r, spec)}>${cells.join('')}</row>`);
    }
  };
  let last = 0;
  let rowNo = 0;
  ROW_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ROW_RE.exec(inner))) {
    out.push(inner.slice(last, m.index));
    last = ROW_RE.lastIndex;
    const r = Number(attr(m[1]!, 'r') ?? rowNo + 1);
    rowNo = r;
    emitNewRowsBefore(r);
    const touched = pendingRows.has(r);
    const body = m[2] ?? '';
    const needsGroupFix = brokenGroups.size > 0 && /\bsi="/.test(body);
    if (!touched && !needsGroupFix) {
      out.push(m[0]);
      continue;
    }
    pendingRows.delete(r);
    const rowCells = new Set(byRow.get(r) ?? []);
    const rowCellOrder = [...rowCells].map((a) => ({ a, col: addressKey(a) % 16384 })).sort((x, y) => x.col - y.col);
    let rowCellAt = 0;
    const parts: string[] = [];
    let col = 0;
    CELL_RE.lastIndex = 0;
    let c: RegExpExecArray | null;
    const pushNew = (beforeCol: number) => {
      while (rowCellAt < rowCellOrder.length && rowCellOrder[rowCellAt]!.col < beforeCol) {
        const { a } = rowCellOrder[rowCellAt++]!;
        if (!rowCells.has(a)) continue;
        rowCells.delete(a);
        parts.push(newCellXml(sheet, a, sheet.cells[a]!, ctx));
      }
    };
    while ((c = CELL_RE.exec(body))) {
      const ref = attr(c[1]!, 'r');
      const address = ref ?? `${numberToColumn(col + 1)}${r}`;
      col = addressKey(address) % 16384;
      pushNew(col);
      const ch = changes.cells.get(address);
      rowCells.delete(address);
      if (ch === 'removed') continue;
      if (ch === 'full') {
        parts.push(newCellXml(sheet, address, sheet.cells[address]!, ctx));
        continue;
      }
      let x = c[0];
      if (ch === 'value') x = revalueCellXml(x, sheet, address, ctx);
      const si = /<(?:\w+:)?f\b[^>]*\bt="shared"[^>]*>/.exec(x) ? /\bsi="(\d+)"/.exec(x)?.[1] : undefined;
      if (si !== undefined && brokenGroups.has(si)) {
        const formula = sheet.cells[address]?.formula;
        if (formula) x = x.replace(/<((?:\w+:)?f)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/, (_m, q: string) => `<${q}>${escapeXml(formula)}</${q}>`);
      }
      parts.push(x);
    }
    pushNew(16385);
    out.push(`<${/^<((?:\w+:)?row)/.exec(m[0])![1]}${mergeRowAttrs(m[1]!, r, sheet)}>${parts.join('')}</${/^<((?:\w+:)?row)/.exec(m[0])![1]}>`);
  }
  emitNewRowsBefore(Number.MAX_SAFE_INTEGER);
  out.push(inner.slice(last));
  return out.join('');
}

/** Replaces (or inserts, in schema order) top-level elements of a worksheet part. */
function replaceElements(xml: string, top: XmlElement[], root: XmlElement, replacements: Map<string, string>): string {
  return replaceElementsOrdered(xml, top, root, replacements, WORKSHEET_ORDER);
}

function partDir(part: string): string {
  return part.slice(0, part.lastIndexOf('/'));
}

function relsPathOf(part: string): string {
  return `${partDir(part)}/_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;
}

function relsXml(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`;
}

function relativeTarget(fromPart: string, toPart: string): string {
  const from = partDir(fromPart).split('/');
  const to = toPart.split('/');
  while (from.length && to.length > 1 && from[0] === to[0]) {
    from.shift();
    to.shift();
  }
  return [...from.map(() => '..'), ...to].join('/');
}

class Output {
  readonly files = new Map<string, Buffer | string>();
  readonly removed = new Set<string>();
  readonly contentTypes: string[] = [];
  readonly removedOverrides = new Set<string>();
  constructor(readonly pkg: XlsxPackage) {}
  set(part: string, data: string | Buffer): void {
    this.files.set(this.pkg.resolve(part) ?? part, data);
  }
  async text(part: string): Promise<string | undefined> {
    const name = this.pkg.resolve(part) ?? part;
    const f = this.files.get(name);
    if (f !== undefined) return typeof f === 'string' ? f : f.toString('utf8');
    return this.removed.has(name) ? undefined : this.pkg.text(part);
  }
  freePart(pattern: (n: number) => string): string {
    for (let n = 1; ; n++) {
      const p = pattern(n);
      if (!this.pkg.has(p) && !this.files.has(p)) return p;
    }
  }
}

/** A new worksheet written whole from the model. */
function newSheetXml(sheet: Sheet, ctx: Ctx, rels: string[], out: Output, part: string, sheetIndex: number): Buffer {
  const extra = tableTotalsCells(sheet, ctx);
  // the other cells of a merged area carry the first cell's style (its borders and fill show there)
  for (const m of sheet.merges) {
    const r = parseRange(m);
    if ((r.to.row - r.from.row + 1) * (r.to.col - r.from.col + 1) > 10_000) continue;
    const master = sheet.cells[`${numberToColumn(r.from.col)}${r.from.row}`];
    if (!master?.style && !master?.numFmt) continue;
    for (let row = r.from.row; row <= r.to.row; row++)
      for (let col = r.from.col; col <= r.to.col; col++) {
        const a = `${numberToColumn(col)}${row}`;
        if (!(a in sheet.cells) && !extra.has(a)) extra.set(a, { cell: { ...(master.style ? { style: master.style } : {}), ...(master.numFmt ? { numFmt: master.numFmt } : {}) }, value: null });
      }
  }
  // one pass over the cells: addresses parsed once, sorted only when the model is out of order
  // (models built row by row, and every imported one, are already in order)
  const addrs: string[] = [];
  const cellsInOrder: Cell[] = [];
  const keys: number[] = [];
  let sorted = true;
  let last = -1;
  for (const a in sheet.cells) {
    const k = addressKey(a);
    if (k < last) sorted = false;
    last = k;
    addrs.push(a);
    cellsInOrder.push(sheet.cells[a]!);
    keys.push(k);
  }
  const ownCount = addrs.length;
  for (const [a, e] of extra) {
    if (a in sheet.cells) continue;
    const k = addressKey(a);
    if (k < last) sorted = false;
    last = k;
    addrs.push(a);
    cellsInOrder.push(e.cell);
    keys.push(k);
  }
  let order: ArrayLike<number> | undefined;
  if (!sorted) {
    const idx = new Uint32Array(addrs.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    order = Array.from(idx).sort((x, y) => keys[x]! - keys[y]!);
  }
  // rows with large fonts grow (unless the model sets their height)
  const rowFont = new Map<number, number>();
  for (let i = 0; i < ownCount; i++) {
    const size = cellsInOrder[i]!.style?.fontSize;
    if (size && size > 12) {
      const r = Math.floor(keys[i]! / 16384);
      if (size > (rowFont.get(r) ?? 0)) rowFont.set(r, size);
    }
  }
  const rowOpen = (r: number) => {
    const big = rowFont.get(r);
    return `<row${rowAttrs(r, sheet.rows[String(r)] ?? (big ? { height: Math.ceil(big * 1.45) } : undefined))}>`;
  };
  // rows the model describes (height, hidden, outline) that hold no cell are written empty, in order
  const specRows = Object.keys(sheet.rows)
    .map(Number)
    .sort((a, b) => a - b);
  let spec = 0;
  // columns without a width fit their content (a value spread over merged columns does not count)
  const columns = { ...sheet.columns };
  const explicit = new Set(Object.keys(columns).flatMap((k) => (k.includes(':') ? [] : [k])));
  const mergedStart = new Set(sheet.merges.filter((m) => { const r = parseRange(m); return r.from.col !== r.to.col; }).map((m) => m.split(':')[0]!));
  const widths = new Map<number, number>();
  const fixedWidth = new Map<number, boolean>();
  const values = ctx.ev.formulaValues.get(sheet.name);
  let minRow = Infinity;
  let minCol = Infinity;
  let maxRow = 0;
  let maxCol = 0;
  const rowsOut = new ByteWriter(addrs.length * 40);
  let rowsXml = '';
  let current = 0;
  const n = addrs.length;
  for (let j = 0; j < n; j++) {
    const i = order ? order[j]! : j;
    const k = keys[i]!;
    const a = addrs[i]!;
    const c = cellsInOrder[i]!;
    const r = Math.floor(k / 16384);
    const col = k % 16384;
    if (col > maxCol) maxCol = col;
    if (r !== current) {
      if (current) {
        rowsOut.write(rowsXml);
        rowsXml = '</row>';
      }
      while (spec < specRows.length && specRows[spec]! < r) rowsXml += `${rowOpen(specRows[spec++]!)}</row>`;
      if (spec < specRows.length && specRows[spec] === r) spec++;
      rowsXml += rowOpen(r);
      current = r;
    }
    if (i >= ownCount) {
      const e = extra.get(a)!;
      rowsXml += cellXml(a, styleIdOf(e.cell, ctx), e.cell, e.value, e.cell.formula !== undefined);
      continue;
    }
    rowsXml += newCellXml(sheet, a, c, ctx);
    if (r < minRow) minRow = r;
    if (r > maxRow) maxRow = r;
    if (col < minCol) minCol = col;
    const v = c.formula ? values?.get(a) : c.value;
    if (v === null || v === undefined || c.style?.wrap || (mergedStart.size && mergedStart.has(a))) continue;
    let fixed = fixedWidth.get(col);
    if (fixed === undefined) fixedWidth.set(col, (fixed = explicit.has(numberToColumn(col))));
    if (fixed) continue;
    const len = displayLength(v, c.numFmt, c.style?.fontSize ?? ctx.wb.defaultFont.size, !!c.style?.bold);
    if (len > (widths.get(col) ?? 0)) widths.set(col, len);
  }
  if (current) rowsXml += '</row>';
  while (spec < specRows.length) rowsXml += `${rowOpen(specRows[spec++]!)}</row>`;
  rowsOut.write(rowsXml);
  const dimension = maxRow ? `${numberToColumn(minCol)}${minRow}${maxRow === minRow && maxCol === minCol ? '' : `:${numberToColumn(maxCol)}${maxRow}`}` : 'A1';
  for (const [col, len] of widths) columns[numberToColumn(col)] = { width: Math.min(60, Math.max(9, Math.ceil(len + 2))) };
  const relFor = (target: string) => {
    const id = `rId${rels.length + 1}`;
    rels.push(`<Relationship Id="${id}" Type="${REL_HYPERLINK}" Target="${escapeXml(target)}" TargetMode="External"/>`);
    return id;
  };
  const pr = printXml(sheet.print, maxCol > 8 || sheet.charts.length > 0);
  const sheetPr =
    sheet.tabColor || sheet.outlineSummaryBelow === false || sheet.print?.fitToPage !== false
      ? `<sheetPr>${sheet.tabColor ? `<tabColor rgb="FF${sheet.tabColor.replace('#', '')}"/>` : ''}${sheet.outlineSummaryBelow === false ? '<outlinePr summaryBelow="0"/>' : ''}${sheet.print?.fitToPage !== false ? '<pageSetUpPr fitToPage="1"/>' : ''}</sheetPr>`
      : '';
  let legacyDrawing = '';
  if (sheet.comments?.length) {
    const commentsPart = out.freePart((n) => `xl/comments${n}.xml`);
    const vmlPart = out.freePart((n) => `xl/drawings/vmlDrawing${n}.vml`);
    out.set(commentsPart, commentsPartXml(sheet.comments));
    out.set(vmlPart, vmlNotesXml(sheet.comments, sheetIndex));
    out.contentTypes.push(`<Override PartName="/${commentsPart}" ContentType="${CT_COMMENTS}"/>`, `<Override PartName="/${vmlPart}" ContentType="${CT_VML}"/>`);
    rels.push(`<Relationship Id="rId${rels.length + 1}" Type="${REL_COMMENTS}" Target="${relativeTarget(part, commentsPart)}"/>`);
    const vmlId = `rId${rels.length + 1}`;
    rels.push(`<Relationship Id="${vmlId}" Type="${REL_VML}" Target="${relativeTarget(part, vmlPart)}"/>`);
    legacyDrawing = `<legacyDrawing r:id="${vmlId}"/>`;
  }
  const tableParts: string[] = [];
  for (const t of sheet.tables) {
    const tablePart = out.freePart((n) => `xl/tables/table${n}.xml`);
    const id = `rId${rels.length + 1}`;
    rels.push(`<Relationship Id="${id}" Type="${REL_TABLE}" Target="${relativeTarget(part, tablePart)}"/>`);
    out.set(tablePart, tableXml(sheet, t, sheetIndex * 100 + tableParts.length + 1));
    out.contentTypes.push(`<Override PartName="/${tablePart}" ContentType="${CT_TABLE}"/>`);
    tableParts.push(`<tablePart r:id="${id}"/>`);
  }
  const head =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    sheetPr +
    `<dimension ref="${dimension}"/>` +
    sheetViewsXml(sheet, false) +
    `<sheetFormatPr defaultRowHeight="${sheet.defaultRowHeight ?? 15}"${sheet.defaultColWidth ? ` defaultColWidth="${sheet.defaultColWidth}"` : ''}/>` +
    colsXml(columns) +
    `<sheetData>`;
  const tail =
    `</sheetData>` +
    (sheet.autoFilter ? autoFilterXml(sheet.autoFilter) : '') +
    mergesXml(sheet.merges) +
    conditionalFormatsXml(sheet.conditionalFormats, ctx.styles) +
    dataValidationsXml(sheet.dataValidations ?? []) +
    hyperlinksXml(sheet.hyperlinks ?? [], relFor) +
    (pr.printOptions ?? '') +
    pr.pageMargins +
    pr.pageSetup +
    (pr.headerFooter ?? '') +
    (pr.rowBreaks ?? '') +
    (pr.colBreaks ?? '') +
    legacyDrawing +
    (tableParts.length ? `<tableParts count="${tableParts.length}">${tableParts.join('')}</tableParts>` : '') +
    `</worksheet>`;
  return Buffer.concat([Buffer.from(head), rowsOut.bytes(), Buffer.from(tail)]);
}

const SUBTOTAL_CODES: Record<string, number> = { average: 101, count: 103, countNums: 102, max: 104, min: 105, stdDev: 107, sum: 109, var: 110 };

/** Totals-row cells a table asks for and the model does not hold (agent-made tables), with their values. */
function tableTotalsCells(sheet: Sheet, ctx: Ctx): Map<string, { cell: Cell; value: EvalValue }> {
  const out = new Map<string, { cell: Cell; value: EvalValue }>();
  for (const t of sheet.tables) {
    if (!t.totalsRow?.length) continue;
    const r = parseRange(t.range);
    const row = r.to.row + 1;
    const first = t.headerRow ? r.from.row + 1 : r.from.row;
    for (let col = r.from.col; col <= r.to.col; col++) {
      const address = `${numberToColumn(col)}${row}`;
      if (address in sheet.cells) continue;
      const header = t.headerRow ? String(sheet.cells[`${numberToColumn(col)}${r.from.row}`]?.value ?? `Column${col - r.from.col + 1}`) : `Column${col - r.from.col + 1}`;
      const spec = t.totalsRow.find((x) => x.column === header);
      const style = { ...(sheet.cells[`${numberToColumn(col)}${r.to.row}`]?.style ?? {}), bold: true };
      if (!spec || (!spec.label && (!spec.function || spec.function === 'none'))) {
        // Excel labels the first column of a totals row "Total" unless told otherwise
        const label = col === r.from.col && !spec ? 'Total' : undefined;
        out.set(address, { cell: { style, ...(label ? { value: label } : {}) }, value: label ?? null });
        continue;
      }
      if (spec.label) {
        out.set(address, { cell: { value: spec.label, style }, value: spec.label });
        continue;
      }
      if (!spec.function || spec.function === 'none') continue;
      const nums: number[] = [];
      let count = 0;
      for (let rr = first; rr <= r.to.row; rr++) {
        const v = ctx.ev.get(sheet.name, `${numberToColumn(col)}${rr}`);
        if (v !== null && v !== '') count++;
        if (typeof v === 'number') nums.push(v);
      }
      const sum = nums.reduce((a, b) => a + b, 0);
      const mean = nums.length ? sum / nums.length : 0;
      const variance = nums.length > 1 ? nums.reduce((a, b) => a + (b - mean) ** 2, 0) / (nums.length - 1) : 0;
      const value: EvalValue = {
        sum,
        average: nums.length ? mean : { error: '#DIV/0!' },
        count,
        countNums: nums.length,
        min: nums.length ? Math.min(...nums) : 0,
        max: nums.length ? Math.max(...nums) : 0,
        stdDev: Math.sqrt(variance),
        var: variance,
      }[spec.function];
      const numFmt = sheet.cells[`${numberToColumn(col)}${r.to.row}`]?.numFmt;
      out.set(address, { cell: { formula: `SUBTOTAL(${SUBTOTAL_CODES[spec.function]},${t.name}[${header.replace(/([[\]#'])/g, "'$1")}])`, style, ...(numFmt ? { numFmt } : {}) }, value });
    }
  }
  return out;
}

function tableXml(sheet: Sheet, t: Sheet['tables'][number], id: number): string {
  const r = parseRange(t.range);
  const totals = !!t.totalsRow?.length;
  const ref = `${numberToColumn(r.from.col)}${r.from.row}:${numberToColumn(r.to.col)}${r.to.row + (totals ? 1 : 0)}`;
  const names: string[] = [];
  for (let c = r.from.col; c <= r.to.col; c++) {
    const v = t.headerRow ? sheet.cells[`${numberToColumn(c)}${r.from.row}`]?.value : undefined;
    let name = v === undefined || v === null || v === '' ? `Column${c - r.from.col + 1}` : String(v);
    while (names.includes(name)) name += '_';
    names.push(name);
  }
  const cols = names
    .map((n, i) => {
      const spec = t.totalsRow?.find((x) => x.column === n) ?? (totals && i === 0 ? { column: n, label: 'Total' } : undefined);
      return `<tableColumn id="${i + 1}" name="${escapeXml(n)}"${spec?.label ? ` totalsRowLabel="${escapeXml(spec.label)}"` : ''}${spec?.function && spec.function !== 'none' ? ` totalsRowFunction="${spec.function}"` : ''}/>`;
    })
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="${NS_MAIN}" id="${id}" name="${t.name}" displayName="${t.name}" ref="${ref}"${t.headerRow ? '' : ' headerRowCount="0"'}${totals ? ' totalsRowCount="1"' : ' totalsRowShown="0"'}>` +
    (t.autoFilter === false ? '' : `<autoFilter ref="${numberToColumn(r.from.col)}${r.from.row}:${numberToColumn(r.to.col)}${r.to.row}"/>`) +
    `<tableColumns count="${names.length}">${cols}</tableColumns>` +
    `<tableStyleInfo name="${escapeXml(t.style)}" showFirstColumn="0" showLastColumn="0" showRowStripes="${t.showRowStripes ? 1 : 0}" showColumnStripes="${t.showColumnStripes ? 1 : 0}"/></table>`
  );
}

function definedNamesXml(wb: Workbook): string {
  const index = new Map(wb.sheets.map((s, i) => [s.name, i] as const));
  const items: string[] = [];
  for (const d of wb.definedNames ?? []) {
    const lid = d.sheet !== undefined ? index.get(d.sheet) : undefined;
    if (d.sheet !== undefined && lid === undefined) continue;
    items.push(`<definedName name="${escapeXml(d.name)}"${lid !== undefined ? ` localSheetId="${lid}"` : ''}${d.hidden ? ' hidden="1"' : ''}${d.comment ? ` comment="${escapeXml(d.comment)}"` : ''}>${escapeXml(d.ref)}</definedName>`);
  }
  wb.sheets.forEach((s, i) => {
    const q = quoteSheetName(s.name);
    const abs = (r: string) =>
      r
        .split(':')
        .map((p) => p.replace(/^([A-Z]{1,3})?(\d+)?$/, (_, c?: string, n?: string) => `${c ? `$${c}` : ''}${n ? `$${n}` : ''}`))
        .join(':');
    if (s.autoFilter) items.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeXml(`${q}!${abs(s.autoFilter.range)}`)}</definedName>`);
    if (s.print?.area) items.push(`<definedName name="_xlnm.Print_Area" localSheetId="${i}">${escapeXml(s.print.area.split(',').map((a) => `${q}!${a.includes('$') ? a.trim() : abs(a.trim())}`).join(','))}</definedName>`);
    const titles = [s.print?.titleCols, s.print?.titleRows].filter((x): x is string => !!x).map((t) => `${q}!${t}`);
    if (titles.length) items.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeXml(titles.join(','))}</definedName>`);
  });
  return items.length ? `<definedNames>${items.join('')}</definedNames>` : '';
}

/** What the <definedNames> element is made of; sheets that are new and carry none of it do not count. */
function namesKey(wb: Pick<Workbook, 'sheets' | 'definedNames'>): string {
  const relevant = wb.sheets.filter((s, i) => s.sourcePart || s.autoFilter || s.print?.area || s.print?.titleRows || s.print?.titleCols || i < wb.sheets.length - 1);
  return stableKey([relevant.map((s) => [s.name, s.autoFilter?.range ?? null, s.print?.area ?? null, s.print?.titleRows ?? null, s.print?.titleCols ?? null]), wb.definedNames ?? []]);
}

export async function renderOverSource(wb: Workbook, ev: WorkbookEvaluation, source: SourceInput): Promise<RenderOverSourceResult> {
  const pkg = await XlsxPackage.open(source.bytes, { trusted: true });
  const out = new Output(pkg);
  const warnings: ImportWarning[] = [];
  const rewritten: string[] = [];
  const wbPart = await pkg.workbookPart();
  const wbXml = (await pkg.text(wbPart))!;
  const wbRels = await pkg.rels(wbPart);
  const relOf = (t: string) => wbRels.find((r) => r.type === t);
  const theme = readThemeColors(relOf('theme') ? await pkg.text(relOf('theme')!.target) : undefined);
  const stylesPart = relOf('styles')?.target;
  const stylesXml = stylesPart ? await pkg.text(stylesPart) : undefined;
  const decoded = readStyles(stylesXml, theme);
  const styles = new StyleSheet(stylesXml, decoded.defaultFont);
  const ctx: Ctx = { wb, ev, styles, decoded, warnings, styleIds: new Map(), styleObjects: new WeakMap(), plainXf: 0 };
  const baseByPart = new Map(source.baseline.sheets.filter((s) => s.sourcePart).map((s) => [s.sourcePart!, s] as const));
  // the baseline with the recorded row/column edits replayed: what the carried parts become once shifted
  const edits = wb.source?.edits ?? [];
  let replayed = source.baseline as Workbook;
  for (const e of edits) {
    const name = replayed.sheets.find((s) => s.sourcePart === e.part)?.name;
    if (!name) continue;
    const fn = e.axis === 'row' ? (e.op === 'insert' ? insertRows : deleteRows) : e.op === 'insert' ? insertColumns : deleteColumns;
    try {
      replayed = fn(replayed, name, e.at, e.count).workbook;
    } catch {
      /* an edit that no longer applies: the comparison below reports what differs */
    }
  }
  const movedByPart = new Map(replayed.sheets.filter((s) => s.sourcePart).map((s) => [s.sourcePart!, s] as const));
  let formulasMoved = false;
  const chartsForSourceSheets: Sheet[] = [];
  /** carried parts rewritten from the model, whose cells are where the model has them (row/column edits are not replayed on them) */
  const writtenFromModel = new Set<string>();

  // sheets the model kept
  const usedParts = new Set<string>();
  for (const sheet of wb.sheets) {
    const part = sheet.sourcePart && pkg.has(sheet.sourcePart) ? pkg.resolve(sheet.sourcePart)! : undefined;
    const base = part ? baseByPart.get(sheet.sourcePart!) : undefined;
    if (!part || !base || usedParts.has(part)) continue;
    usedParts.add(part);
    if (sheet.kind === 'chartsheet' || sheet.kind === 'dialogsheet') continue;
    const changes = diffSheet(sheet, base, movedByPart.get(sheet.sourcePart!) ?? base, ev, source.baselineEvaluation ?? ev);
    if (!changes.cells.size && !changes.rows.size && !changes.features.size) continue;
    const xml = (await pkg.text(part))!;
    const { root, children: top } = rootElement(xml, new Set(['sheetData']));
    const replacements = new Map<string, string>();
    if (changes.cells.size || changes.rows.size) {
      const sd = top.find((e) => e.name === 'sheetData');
      const inner = sd ? xml.slice(sd.innerStart, sd.innerEnd) : '';
      const q = sd?.qname ?? 'sheetData';
      replacements.set('sheetData', `<${q}${sd?.attrs ?? ''}>${patchSheetData(inner, sheet, changes, ctx)}</${q}>`);
      const dim = top.find((e) => e.name === 'dimension');
      replacements.set('dimension', `<${dim?.qname ?? 'dimension'} ref="${usedRange(sheet.cells)}"/>`);
      for (const ch of changes.cells.values()) if (ch !== 'value') formulasMoved = true;
    }
    const f = changes.features;
    if (f.has('cols')) replacements.set('cols', colsXml(sheet.columns));
    if (f.has('merges')) replacements.set('mergeCells', mergesXml(sheet.merges));
    if (f.has('cf')) replacements.set('conditionalFormatting', conditionalFormatsXml(sheet.conditionalFormats, styles));
    if (f.has('dv')) replacements.set('dataValidations', dataValidationsXml(sheet.dataValidations ?? []));
    if (f.has('autoFilter')) replacements.set('autoFilter', sheet.autoFilter ? autoFilterXml(sheet.autoFilter) : '');
    if (f.has('views')) replacements.set('sheetViews', sheetViewsXml(sheet, /tabSelected="(1|true)"/.test(xml.slice(0, 4000))));
    if (f.has('links')) {
      const relsPath = relsPathOf(part);
      const relsXmlText = (await out.text(relsPath)) ?? relsXml([]);
      const extra: string[] = [];
      const existing = await pkg.rels(part);
      let n = existing.length + 100;
      replacements.set(
        'hyperlinks',
        hyperlinksXml(sheet.hyperlinks ?? [], (target) => {
          const hit = existing.find((r) => r.type === 'hyperlink' && r.target === target);
          if (hit) return hit.id;
          const id = `rIdDs${++n}`;
          extra.push(`<Relationship Id="${id}" Type="${REL_HYPERLINK}" Target="${escapeXml(target)}" TargetMode="External"/>`);
          return id;
        }),
      );
      if (extra.length) out.set(relsPath, relsXmlText.replace(/<\/(\w+:)?Relationships>\s*$/, (end) => `${extra.join('')}${end}`));
    }
    if (f.has('print')) {
      const pr = printXml(sheet.print, false);
      for (const k of ['printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'colBreaks']) replacements.set(k, pr[k] ?? '');
    }
    if (f.has('tabColor')) {
      const pr = top.find((e) => e.name === 'sheetPr');
      const tab = sheet.tabColor ? `<tabColor rgb="FF${sheet.tabColor.replace('#', '')}"/>` : '';
      if (pr) {
        let px = xml.slice(pr.start, pr.end).replace(/<(\w+:)?tabColor\b[^>]*\/>/, '');
        px = pr.innerStart === pr.end ? px.replace(/\/>$/, () => `>${tab}</${pr.qname}>`) : px.replace(/^<[^>]*>/, (open) => `${open}${tab}`);
        replacements.set('sheetPr', px);
      } else if (tab) replacements.set('sheetPr', `<sheetPr>${tab}</sheetPr>`);
    }
    if (f.has('charts')) {
      // charts added to an imported sheet: written by the chart writer below (into the sheet's own drawing when it has one)
      const moved = movedByPart.get(sheet.sourcePart!) ?? base;
      const kept = sheet.charts.filter((c) => c.sourcePart);
      const added = sheet.charts.filter((c) => !c.sourcePart);
      if (added.length && stableKey(kept) === stableKey(moved.charts)) {
        chartsForSourceSheets.push({ ...sheet, charts: added });
        f.delete('charts');
      }
    }
    if (f.has('comments')) {
      // notes are rewritten whole (comments part + VML boxes) where the sheet has its own, or added
      const rels = await pkg.rels(part);
      const cRel = rels.find((r) => r.type === 'comments' && !r.external);
      const vRel = rels.find((r) => r.type === 'vmlDrawing' && !r.external);
      const comments = sheet.comments ?? [];
      const vmlHoldsOnlyNotes = vRel ? !/ObjectType="(?!Note")/.test((await pkg.text(vRel.target)) ?? '') : true;
      if (cRel && vRel && vmlHoldsOnlyNotes) {
        out.set(cRel.target, commentsPartXml(comments));
        out.set(vRel.target, vmlNotesXml(comments, wb.sheets.indexOf(sheet) + 1));
        writtenFromModel.add(pkg.resolve(cRel.target) ?? cRel.target).add(pkg.resolve(vRel.target) ?? vRel.target);
        f.delete('comments');
      } else if (!cRel && !vRel && !top.some((e) => e.name === 'legacyDrawing') && comments.length) {
        const commentsPart = out.freePart((n) => `xl/comments${n}.xml`);
        const vmlPart = out.freePart((n) => `xl/drawings/vmlDrawing${n}.vml`);
        out.set(commentsPart, commentsPartXml(comments));
        out.set(vmlPart, vmlNotesXml(comments, wb.sheets.indexOf(sheet) + 1));
        out.contentTypes.push(`<Override PartName="/${commentsPart}" ContentType="${CT_COMMENTS}"/>`, `<Override PartName="/${vmlPart}" ContentType="${CT_VML}"/>`);
        const relsPath = relsPathOf(part);
        const relsText = (await out.text(relsPath)) ?? relsXml([]);
        out.set(
          relsPath,
          relsText.replace(
            /<\/(\w+:)?Relationships>\s*$/,
            `<Relationship Id="rIdDsC1" Type="${REL_COMMENTS}" Target="${relativeTarget(part, commentsPart)}"/><Relationship Id="rIdDsV1" Type="${REL_VML}" Target="${relativeTarget(part, vmlPart)}"/>$&`,
          ),
        );
        replacements.set('legacyDrawing', '<legacyDrawing r:id="rIdDsV1"/>');
        f.delete('comments');
      }
    }
    for (const k of ['format', 'protection', 'tables', 'charts', 'comments', 'images']) {
      if (f.has(k)) warnings.push({ code: 'edit_not_written', message: `a change to the ${k} of sheet "${sheet.name}" is not written to the file yet; the file keeps what it had`, location: sheet.name });
    }
    let patched = replaceElements(xml, top, root, replacements);
    // rewritten elements may use relationship ids (hyperlinks): the root must declare the prefix
    if (/\sr:id="/.test(patched) && !/xmlns:r=/.test(patched.slice(root.start, patched.indexOf('>', root.start)))) {
      patched = patched.slice(0, root.start) + patched.slice(root.start).replace(/^<([\w:]+)/, `<$1 xmlns:r="${NS_R}"`);
    }
    out.set(part, patched);
    rewritten.push(part);
  }

  // the workbook part: sheet list, defined names
  const { root: wbRoot, children: wbTop } = rootElement(wbXml);
  const sheetsEl = wbTop.find((e) => e.name === 'sheets')!;
  const srcSheets = [...wbXml.slice(sheetsEl.innerStart, sheetsEl.innerEnd).matchAll(/<(?:\w+:)?sheet\b((?:[^>"']|"[^"]*"|'[^']*')*?)\/?>/g)].map((m) => ({ attrs: m[1]!, rid: attr(m[1]!, 'id') ?? '', id: Number(attr(m[1]!, 'sheetId') ?? 0) }));
  const partOfRid = new Map(wbRels.map((r) => [r.id, r.target.toLowerCase()] as const));
  let maxId = Math.max(0, ...srcSheets.map((s) => s.id));
  const relItems: string[] = [];
  let ridN = wbRels.length;
  const newSheets: Sheet[] = [];
  const sheetTags: string[] = [];
  for (const [index, sheet] of wb.sheets.entries()) {
    const part = sheet.sourcePart ? pkg.resolve(sheet.sourcePart)?.toLowerCase() : undefined;
    const src = part ? srcSheets.find((s) => partOfRid.get(s.rid) === part) : undefined;
    const state = sheet.state && sheet.state !== 'visible' ? ` state="${sheet.state}"` : '';
    if (src) {
      const kept = src.attrs.replace(/\s+(name|state)="[^"]*"/g, '');
      sheetTags.push(`<sheet name="${escapeXml(sheet.name)}"${kept}${state}/>`);
      continue;
    }
    if (sheet.kind === 'chartsheet' || sheet.kind === 'dialogsheet') {
      warnings.push({ code: 'sheet_not_written', message: `the ${sheet.kind} "${sheet.name}" has no source to carry and is left out`, location: sheet.name });
      continue;
    }
    const newPart = out.freePart((n) => `xl/worksheets/sheet${n}.xml`);
    const rid = `rId${++ridN + 1000}`;
    const sheetRels: string[] = [];
    out.set(newPart, newSheetXml(sheet, ctx, sheetRels, out, newPart, index + 1));
    if (sheetRels.length) out.set(relsPathOf(newPart), relsXml(sheetRels));
    out.contentTypes.push(`<Override PartName="/${newPart}" ContentType="${CT_SHEET}"/>`);
    relItems.push(`<Relationship Id="${rid}" Type="${REL_SHEET}" Target="${relativeTarget(wbPart, newPart)}"/>`);
    sheetTags.push(`<sheet name="${escapeXml(sheet.name)}" sheetId="${++maxId}"${state} r:id="${rid}"/>`);
    newSheets.push({ ...sheet, sourcePart: newPart });
    rewritten.push(newPart);
    formulasMoved = true;
  }
  // source sheets the model no longer has
  for (const s of srcSheets) {
    const part = partOfRid.get(s.rid);
    if (!part || [...usedParts].some((p) => p.toLowerCase() === part)) continue;
    const sheetName = attr(s.attrs, 'name') ?? '?';
    const kept = wb.sheets.find((x) => x.sourcePart && x.sourcePart.toLowerCase() === part);
    if (kept && (kept.kind === 'chartsheet' || kept.kind === 'dialogsheet')) continue;
    out.removed.add(pkg.resolve(part) ?? part);
    out.removedOverrides.add(`/${pkg.resolve(part) ?? part}`);
    formulasMoved = true;
    for (const name of pkg.names()) {
      if (!/pivotCacheDefinition/i.test(name)) continue;
      const t = await pkg.text(name);
      if (t && new RegExp(`sheet="${escapeXml(sheetName).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(t)) {
        warnings.push({ code: 'pivot_source_deleted', message: `the pivot table cache ${name} reads sheet "${sheetName}", which was deleted; the pivot table keeps its last values until its source is fixed`, location: sheetName });
      }
    }
  }
  const keptRids = new Set(wb.sheets.map((s) => (s.sourcePart ? srcSheets.find((x) => partOfRid.get(x.rid) === pkg.resolve(s.sourcePart!)?.toLowerCase())?.rid : undefined)).filter(Boolean));
  const removedRids = srcSheets.filter((s) => !keptRids.has(s.rid)).map((s) => s.rid);

  let newWbXml = wbXml;
  const sheetKey = (w: Pick<Workbook, 'sheets'>) => stableKey(w.sheets.map((s) => [s.name, s.state ?? 'visible', s.sourcePart ?? null]));
  const sheetsChanged = newSheets.length > 0 || removedRids.length > 0 || sheetKey(wb) !== sheetKey(source.baseline);
  const namesChanged = namesKey(wb) !== namesKey(source.baseline);
  if (sheetsChanged || namesChanged) {
    const q = sheetsEl.qname.includes(':') ? sheetsEl.qname.slice(0, sheetsEl.qname.indexOf(':') + 1) : '';
    const prefixed = (x: string) => (q ? x.replace(/<(\/?)(?!\w+:)(\w)/g, `<$1${q}$2`) : x);
    const replacements = new Map<string, string>();
    replacements.set('sheets', `<${sheetsEl.qname}${sheetsEl.attrs}>${prefixed(sheetTags.join(''))}</${sheetsEl.qname}>`);
    if (namesChanged || removedRids.length) replacements.set('definedNames', prefixed(definedNamesXml(wb)));
    const order = ['fileVersion', 'fileSharing', 'workbookPr', 'workbookProtection', 'bookViews', 'sheets', 'functionGroups', 'externalReferences', 'definedNames', 'calcPr', 'oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst'];
    newWbXml = replaceElementsOrdered(wbXml, wbTop, wbRoot, replacements, order);
    if (!/xmlns:r=/.test(newWbXml.slice(0, newWbXml.indexOf('>', newWbXml.indexOf('<', newWbXml.indexOf('?>') + 2))))) newWbXml = newWbXml.replace(/<((\w+:)?workbook)\b/, `<$1 xmlns:r="${NS_R}"`);
    out.set(wbPart, newWbXml);
    rewritten.push(wbPart);
  }
  if (relItems.length || removedRids.length) {
    const relsPath = relsPathOf(wbPart);
    let rx = (await pkg.text(relsPath)) ?? relsXml([]);
    for (const rid of removedRids) rx = rx.replace(new RegExp(`<(\\w+:)?Relationship\\b[^>]*\\bId="${rid}"[^>]*/>`), '');
    if (formulasMoved) rx = rx.replace(/<(\w+:)?Relationship\b[^>]*\/calcChain"[^>]*\/>/, '');
    rx = rx.replace(/<\/(\w+:)?Relationships>\s*$/, (end) => `${relItems.join('')}${end}`);
    out.set(relsPath, rx);
  }
  // the calculation chain lists formula cells; Excel rebuilds it when it is absent
  const calcChain = relOf('calcChain');
  if (formulasMoved && calcChain && pkg.has(calcChain.target)) {
    out.removed.add(pkg.resolve(calcChain.target)!);
    out.removedOverrides.add(`/${pkg.resolve(calcChain.target)!}`);
    if (!relItems.length && !removedRids.length) {
      const relsPath = relsPathOf(wbPart);
      out.set(relsPath, ((await pkg.text(relsPath)) ?? '').replace(/<(\w+:)?Relationship\b[^>]*\/calcChain"[^>]*\/>/, ''));
    }
  }
  const newStyles = styles.serialize();
  if (newStyles !== undefined && stylesPart) {
    out.set(stylesPart, newStyles);
    rewritten.push(stylesPart);
  }
  // the document title, where the model sets one other than its source's
  if ((wb.title ?? '') !== (source.baseline.title ?? '')) await writeCoreTitle(pkg, out, wb.title);
  if (out.contentTypes.length || out.removedOverrides.size) {
    let ct = (await pkg.text('[Content_Types].xml'))!;
    for (const p of out.removedOverrides) ct = ct.replace(new RegExp(`<(\\w+:)?Override\\b[^>]*PartName="${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*/>`, 'i'), '');
    ct = ct.replace(/<\/(\w+:)?Types>\s*$/, (end) => `${out.contentTypes.join('')}${end}`);
    if (out.contentTypes.some((c) => c.includes('.vml"')) && !/Extension="vml"/i.test(ct)) ct = ct.replace(/<\/(\w+:)?Types>\s*$/, `<Default Extension="vml" ContentType="${CT_VML}"/>$&`);
    out.set('[Content_Types].xml', ct);
  }

  // rows/columns inserted or deleted: the carried parts move with the cells, in the order of the edits
  if (edits.length) {
    const nameOfPart = new Map(source.baseline.sheets.filter((s) => s.sourcePart).map((s) => [pkg.resolve(s.sourcePart!) ?? s.sourcePart!, s.name] as const));
    for (const e of edits) {
      const sheetPart = pkg.resolve(e.part);
      const sheetName = sheetPart ? nameOfPart.get(sheetPart) : undefined;
      if (!sheetPart || !sheetName || out.removed.has(sheetPart)) continue;
      const edit = toAxisEdit(e, sheetName);
      for (const name of pkg.names()) {
        if (out.removed.has(name) || !/\.xml$/i.test(name)) continue;
        const chart = /charts\/chart[^/]*\.xml$/i.test(name);
        if (!chart && !/(pivotCache\/pivotCacheDefinition|worksheets\/)[^/]*\.xml$/i.test(name)) continue;
        const xml = (await out.text(name))!;
        let next = shiftReferencesInPart(xml, edit, chart ? 'chart' : 'other');
        if (name === sheetPart) next = shiftSheetOwnRanges(next, edit);
        if (next !== xml) out.set(name, next);
      }
      for (const rel of await pkg.rels(sheetPart)) {
        if (rel.external || !pkg.has(rel.target) || writtenFromModel.has(pkg.resolve(rel.target)!)) continue;
        const xml = (await out.text(rel.target))!;
        const next =
          rel.type === 'drawing' ? shiftDrawingAnchors(xml, edit) : rel.type === 'comments' ? shiftCommentRefs(xml, edit) : rel.type === 'vmlDrawing' ? shiftVmlNotes(xml, edit) : xml;
        if (next !== xml) out.set(rel.target, next);
      }
    }
    // table parts take their (shifted) ranges from the model
    for (const s of wb.sheets)
      for (const t of s.tables) {
        if (!t.sourcePart || !pkg.has(t.sourcePart)) continue;
        const r = parseRange(t.range);
        const ref = `${numberToColumn(r.from.col)}${r.from.row}:${numberToColumn(r.to.col)}${r.to.row + (t.totalsRow ? 1 : 0)}`;
        const xml = (await out.text(t.sourcePart))!;
        const next = xml
          .replace(/(<(?:\w+:)?table\b[^>]*?\sref=")[^"]*(")/, (_m, a: string, b: string) => `${a}${ref}${b}`)
          .replace(/(<(?:\w+:)?autoFilter\b[^>]*?\sref=")[^"]*(")/, (_m, a: string, b: string) => `${a}${toRange(r)}${b}`);
        if (next !== xml) out.set(t.sourcePart, next);
      }
  }
  // renamed sheets: the carried parts (charts, sparklines, pivot caches…) follow the new names
  const renames = new Map<string, string>();
  for (const s of wb.sheets) {
    const base = s.sourcePart ? baseByPart.get(s.sourcePart) : undefined;
    if (base && base.name !== s.name) renames.set(base.name.toLowerCase(), s.name);
  }
  if (renames.size) {
    for (const name of pkg.names()) {
      if (out.removed.has(name) || !/\.xml$/i.test(name) || !/(charts\/chart|pivotCache\/pivotCacheDefinition|worksheets\/|chartsheets\/)/i.test(name)) continue;
      const xml = (await out.text(name))!;
      const renamed = renameSheetsInPart(xml, renames);
      if (renamed !== xml) out.set(name, renamed);
    }
  }
  // a Strict OOXML package gets its new and rewritten parts in Strict namespaces too
  if (/purl\.oclc\.org\/ooxml\/spreadsheetml\/main/.test(wbXml.slice(0, 3000))) {
    for (const [name, f] of out.files) out.files.set(name, toStrict(typeof f === 'string' ? f : f.toString('utf8')));
  }
  // assemble: the source's entries in order (replaced where rewritten), then new parts
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  for (const name of pkg.names()) {
    if (out.removed.has(name)) continue;
    seen.add(name);
    const f = out.files.get(name);
    entries.push({ name, data: f === undefined ? (await pkg.bytes(name))! : Buffer.from(f) });
  }
  for (const [name, f] of out.files) if (!seen.has(name)) entries.push({ name, data: Buffer.from(f) });

  // charts of new sheets: added through the chart writer on a package of these entries
  let buffer: Buffer;
  let chartCount = 0;
  const chartSheets = [...chartsForSourceSheets, ...newSheets.filter((s) => s.charts.length)];
  const level = entries.reduce((n, e) => n + e.data.length, 0) > 4 * 1024 * 1024 ? 1 : 6;
  if (chartSheets.length) {
    const zip = new JSZip();
    for (const e of entries) zip.file(e.name, e.data);
    chartCount = await addChartsToXlsx(zip, { ...wb, sheets: chartSheets }, (s, a) => ev.get(s, a), cellNumFmts(wb));
    buffer = writeZip(await zipEntries(zip), level);
  } else buffer = writeZip(entries, level);
  const macroEnabled = /macroEnabled/i.test((await out.text('[Content_Types].xml')) ?? '');
  return { buffer, warnings, rewritten, chartCount, macroEnabled };
}

/** Replaces top-level elements of a part, inserting new ones where `order` (the part's schema order) puts them. */
function replaceElementsOrdered(xml: string, top: XmlElement[], root: XmlElement, replacements: Map<string, string>, order: string[]): string {
  const out: string[] = [];
  let pos = root.innerStart;
  const written = new Set<string>();
  const rank = (n: string) => {
    const i = order.indexOf(n);
    return i < 0 ? order.length : i;
  };
  const flush = (limit: number) => {
    for (const [n, x] of replacements) {
      if (written.has(n) || rank(n) >= limit) continue;
      written.add(n);
      out.push(x);
    }
  };
  for (const el of top) {
    out.push(xml.slice(pos, el.start));
    pos = el.end;
    if (replacements.has(el.name)) {
      flush(rank(el.name));
      if (!written.has(el.name)) {
        written.add(el.name);
        out.push(replacements.get(el.name)!);
      }
      continue;
    }
    flush(rank(el.name));
    out.push(xml.slice(el.start, el.end));
  }
  flush(Infinity);
  out.push(xml.slice(pos, root.innerEnd));
  return xml.slice(0, root.innerStart) + out.join('') + xml.slice(root.innerEnd);
}
