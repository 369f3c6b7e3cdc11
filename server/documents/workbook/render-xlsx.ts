/**
 * Workbook model → .xlsx bytes. exceljs writes cells, styles, merges, tables and conditional
 * formats; every formula is written with the value computed by evaluateWorkbook; native charts
 * are added to the package afterwards (xlsx-chart-parts.ts).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { evaluateWorkbook, isErrorValue, toFileFormula, type EvalValue, type WorkbookEvaluation } from './evaluate-formulas';
import { addChartsToXlsx, sheetPaths } from './xlsx-chart-parts';
import { mergeSheetData, type DirectCell, type DirectSheet } from './sheet-data-xml';
import { addressKey, columnToNumber, numberToColumn, parseRange } from './cell-ref';
import { parseWorkbook, type Cell, type CellStyle, type Sheet, type Workbook, type WorkbookInput } from './schema';
import { hex6 } from '../common/xml';
import { writeZip, zipEntries } from '../common/zip-writer';
import { emptyPackage } from './xlsx/empty-package';
import { displayLength } from './xlsx/display-width';
import { renderOverSource } from './xlsx/write-over-source';

export interface RenderWorkbookOptions {
  /**
   * Sheets with at least this many cells have their <sheetData> written directly rather than by
   * exceljs (sheet-data-xml.ts); default 2,000. Tests set 0 to run every sheet through that path.
   */
  directSheetDataMinCells?: number;
}

const DIRECT_SHEET_DATA_MIN_CELLS = 2_000;

export interface RenderWorkbookResult {
  buffer: Buffer;
  evaluation: WorkbookEvaluation;
  chartCount: number;
  ms: number;
}

const argb = (c: string) => `FF${hex6(c)}`;

function borderSide(style: NonNullable<CellStyle['border']> extends infer B ? B : never, side: 'top' | 'bottom' | 'left' | 'right') {
  if (typeof style === 'string') return { style, color: { argb: 'FF808080' } } as Partial<ExcelJS.Border>;
  const s = style[side];
  if (!s) return undefined;
  return { style: s.style, color: { argb: s.color ? argb(s.color) : 'FF808080' } } as Partial<ExcelJS.Border>;
}

interface ExcelStyle {
  font: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  border?: Partial<ExcelJS.Borders>;
  alignment?: Partial<ExcelJS.Alignment>;
}

function toExcelStyle(style: CellStyle | undefined, defaultFont: Workbook['defaultFont']): ExcelStyle {
  const s = style ?? {};
  const font: Partial<ExcelJS.Font> = { name: s.fontName ?? defaultFont.name, size: s.fontSize ?? defaultFont.size };
  if (s.bold) font.bold = true;
  if (s.italic) font.italic = true;
  if (s.underline) font.underline = true;
  if (s.strike) font.strike = true;
  if (s.color) font.color = { argb: argb(s.color) };
  const out: ExcelStyle = { font };
  if (s.fill) out.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(s.fill) }, bgColor: { argb: argb(s.fill) } };
  if (s.border) {
    const b: Partial<ExcelJS.Borders> = {};
    for (const side of ['top', 'bottom', 'left', 'right'] as const) {
      const v = borderSide(s.border, side);
      if (v) b[side] = v;
    }
    out.border = b;
  }
  if (s.hAlign || s.vAlign || s.wrap || s.indent) {
    const a: Partial<ExcelJS.Alignment> = {};
    if (s.hAlign) a.horizontal = s.hAlign;
    if (s.vAlign) a.vertical = s.vAlign;
    if (s.wrap) a.wrapText = true;
    if (s.indent) a.indent = s.indent;
    out.alignment = a;
  }
  return out;
}

function cellValue(cell: Cell, computed: EvalValue | undefined, hasComputed: boolean): ExcelJS.CellValue {
  if (cell.formula) {
    const formula = toFileFormula(cell.formula);
    if (!hasComputed) return { formula };
    let result: ExcelJS.CellFormulaValue['result'];
    if (isErrorValue(computed)) result = { error: computed.error as ExcelJS.CellErrorValue['error'] };
    else if (computed === null || computed === undefined) result = 0;
    else result = computed;
    return { formula, result };
  }
  return cell.value ?? null;
}

/** Cells exceljs itself must write in a direct sheet: table areas (with totals rows) and merged areas. */
function exceljsOnlyAreas(sheet: Sheet): (row: number, col: number) => boolean {
  const rects = [
    ...sheet.tables.map((t) => {
      const r = parseRange(t.range);
      return { ...r, to: { row: r.to.row + (t.totalsRow ? 1 : 0), col: r.to.col } };
    }),
    ...sheet.merges.map(parseRange),
  ];
  return (row, col) => rects.some((r) => row >= r.from.row && row <= r.to.row && col >= r.from.col && col <= r.to.col);
}

/**
 * Fills the exceljs worksheet. With direct = true only the cells exceljs must see are set (see
 * sheet-data-xml.ts); the others are returned, to be written into the sheet part afterwards.
 */
function renderSheet(ws: ExcelJS.Worksheet, sheet: Sheet, wb: Workbook, evaluation: WorkbookEvaluation, direct: boolean): DirectSheet | undefined {
  const computed = evaluation.formulaValues.get(sheet.name)!;
  const exceljsOnly = direct ? exceljsOnlyAreas(sheet) : undefined;
  const directCells: DirectCell[] = [];
  const carriers = new Map<string, string>();
  // One shared style object per distinct (style, number format): exceljs caches the style id of
  // a style object it has seen (WeakMap), so shared objects skip its per-cell style rendering.
  // Shared objects must never be mutated: cells get a new object when their style changes.
  const styleCache = new Map<string, Partial<ExcelJS.Style>>();
  const widths = new Map<number, number>();
  const rowFont = new Map<number, number>();
  const merged = new Set<number>();
  for (const m of sheet.merges) {
    const r = parseRange(m);
    if (r.from.col !== r.to.col) merged.add(r.from.row * 16384 + r.from.col);
  }
  let maxCol = 0;
  const cells = sheet.cells;
  for (const addr in cells) {
    const cell = cells[addr]!;
    const k = addressKey(addr);
    const row = Math.floor(k / 16384);
    const col = k % 16384;
    if (col > maxCol) maxCol = col;
    const has = cell.formula ? computed.has(addr) : false;
    const value = cell.formula ? computed.get(addr) : (cell.value ?? null);
    const key = cell.style || cell.numFmt ? `${cell.style ? JSON.stringify(cell.style) : ''}|${cell.numFmt ?? ''}` : '';
    let st = styleCache.get(key);
    if (!st) {
      const e = toExcelStyle(cell.style, wb.defaultFont);
      st = { font: e.font, ...(e.fill ? { fill: e.fill } : {}), ...(e.border ? { border: e.border } : {}), ...(e.alignment ? { alignment: e.alignment } : {}), ...(cell.numFmt ? { numFmt: cell.numFmt } : {}) };
      styleCache.set(key, st);
    }
    // a direct sheet: exceljs writes table and merged areas and the first cell of each style
    // (whose style id the direct cells reuse); every other cell is written by sheet-data-xml.ts
    let isDirect = false;
    // (an empty string stays with exceljs: as a shared string it reads back as "", inline as empty)
    if (exceljsOnly && cell.value !== '' && !exceljsOnly(row, col)) {
      if (carriers.has(key)) isDirect = true;
      else carriers.set(key, addr);
    }
    if (isDirect) {
      directCells.push({ row, col, cell, computed: value, hasComputed: has, styleKey: key });
    } else {
      const c = ws.getCell(row, col);
      c.value = cellValue(cell, value, has);
      c.style = st;
    }
    const size = cell.style?.fontSize ?? wb.defaultFont.size;
    if (size > (rowFont.get(row) ?? 0)) rowFont.set(row, size);
    if (!cell.style?.wrap && !merged.has(k)) {
      const len = displayLength(value, cell.numFmt, size, !!cell.style?.bold);
      if (len > (widths.get(col) ?? 0)) widths.set(col, len);
    }
  }
  // column widths: explicit ones win; others fit their content (8.43 … 60 characters)
  for (const [col, len] of widths) {
    const w = Math.min(60, Math.max(9, Math.ceil(len + 2)));
    ws.getColumn(col).width = w;
  }
  for (const [letter, { width }] of Object.entries(sheet.columns)) if (width !== undefined && !letter.includes(':')) ws.getColumn(columnToNumber(letter)).width = width;
  // row heights: explicit ones win; rows with large fonts grow
  for (const [row, size] of rowFont) if (size > 12) ws.getRow(row).height = Math.ceil(size * 1.45);
  for (const [row, { height }] of Object.entries(sheet.rows)) if (height !== undefined) ws.getRow(Number(row)).height = height;

  for (const m of sheet.merges) ws.mergeCells(m);

  for (const t of sheet.tables) addTable(ws, sheet, t, wb, evaluation);

  for (const cf of sheet.conditionalFormats) {
    const rule = cf.rule;
    let r: ExcelJS.ConditionalFormattingRule;
    if (rule.type === 'dataBar') {
      r = {
        type: 'dataBar',
        priority: 1,
        cfvo: [{ type: 'min' }, { type: 'max' }],
        color: { argb: argb(rule.color) },
      } as unknown as ExcelJS.ConditionalFormattingRule;
    } else if (rule.type === 'colorScale') {
      const cfvo: Array<{ type: string; value?: number }> =
        rule.colors.length === 3 ? [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }] : [{ type: 'min' }, { type: 'max' }];
      r = { type: 'colorScale', priority: 1, cfvo, color: rule.colors.map((c) => ({ argb: argb(c) })) } as unknown as ExcelJS.ConditionalFormattingRule;
    } else if (rule.type === 'cellIs') {
      const style: Partial<ExcelJS.Style> = {};
      if (rule.style.color || rule.style.bold)
        style.font = { ...(rule.style.color ? { color: { argb: argb(rule.style.color) } } : {}), ...(rule.style.bold ? { bold: true } : {}) };
      if (rule.style.fill) style.fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(rule.style.fill) } };
      r = {
        type: 'cellIs',
        priority: 1,
        operator: rule.operator,
        formulae: rule.values.map((v) => (typeof v === 'number' ? v : `"${v.replace(/"/g, '""')}"`)),
        style,
      } as unknown as ExcelJS.ConditionalFormattingRule;
    } else continue;
    ws.addConditionalFormatting({ ref: cf.range, rules: [r] });
  }

  // printing: fit to one page wide, landscape for wide sheets
  ws.pageSetup.fitToPage = true;
  ws.pageSetup.fitToWidth = 1;
  ws.pageSetup.fitToHeight = 0;
  ws.pageSetup.orientation = maxCol > 8 || sheet.charts.length > 0 ? 'landscape' : 'portrait';
  ws.pageSetup.margins = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
  ws.pageSetup.horizontalCentered = false;
  return direct ? { cells: directCells, carriers } : undefined;
}

function addTable(ws: ExcelJS.Worksheet, sheet: Sheet, t: Sheet['tables'][number], wb: Workbook, evaluation: WorkbookEvaluation): void {
  const r = parseRange(t.range);
  const headerRow = t.headerRow ? r.from.row : undefined;
  const firstData = headerRow ? r.from.row + 1 : r.from.row;
  const names: string[] = [];
  for (let col = r.from.col; col <= r.to.col; col++) {
    const v = headerRow ? sheet.cells[`${numberToColumn(col)}${headerRow}`]?.value : undefined;
    let name = v === undefined || v === null || v === '' ? `Column${col - r.from.col + 1}` : String(v);
    while (names.includes(name)) name += '_';
    names.push(name);
  }
  const rows: ExcelJS.CellValue[][] = [];
  for (let row = firstData; row <= r.to.row; row++) {
    const line: ExcelJS.CellValue[] = [];
    for (let col = r.from.col; col <= r.to.col; col++) {
      const addr = `${numberToColumn(col)}${row}`;
      const cell = sheet.cells[addr];
      if (!cell) line.push(null);
      else {
        const computed = evaluation.formulaValues.get(sheet.name)!;
        line.push(cellValue(cell, computed.get(addr), computed.has(addr)));
      }
    }
    rows.push(line);
  }
  const totals = t.totalsRow;
  const columns: ExcelJS.TableColumnProperties[] = names.map((name, i) => {
    const spec = totals?.find((x) => x.column === name);
    const col: ExcelJS.TableColumnProperties = { name, filterButton: true };
    if (spec?.label) col.totalsRowLabel = spec.label;
    if (spec?.function && spec.function !== 'none') {
      col.totalsRowFunction = spec.function;
      const nums: number[] = [];
      for (let row = firstData; row <= r.to.row; row++) {
        const v = evaluation.get(sheet.name, `${numberToColumn(r.from.col + i)}${row}`);
        if (typeof v === 'number') nums.push(v);
      }
      (col as { totalsRowResult?: number }).totalsRowResult = aggregate(spec.function, nums, rows.length);
    }
    return col;
  });
  ws.addTable({
    name: t.name,
    ref: `${numberToColumn(r.from.col)}${r.from.row}`,
    headerRow: t.headerRow,
    totalsRow: !!totals,
    style: { theme: t.style as ExcelJS.TableStyleProperties['theme'], showRowStripes: t.showRowStripes },
    columns,
    rows,
  });
  // exceljs rewrites the table's cells; restore the model's fonts (and bold totals)
  const font = { name: wb.defaultFont.name, size: wb.defaultFont.size };
  const lastRow = r.to.row + (totals ? 1 : 0);
  for (let row = r.from.row; row <= lastRow; row++) {
    for (let col = r.from.col; col <= r.to.col; col++) {
      const c = ws.getCell(row, col);
      const st = sheet.cells[`${numberToColumn(col)}${row}`]?.style;
      // a new style object: the cell's current one may be shared with other cells
      const f = !st && row === lastRow && totals ? { ...font, bold: true } : toExcelStyle(st, wb.defaultFont).font;
      c.style = { ...c.style, font: f };
    }
  }
}

function aggregate(fn: string, xs: number[], rowCount: number): number {
  const sum = xs.reduce((a, b) => a + b, 0);
  switch (fn) {
    case 'sum':
      return sum;
    case 'average':
      return xs.length ? sum / xs.length : 0;
    case 'count':
      return rowCount;
    case 'countNums':
      return xs.length;
    case 'min':
      return xs.length ? Math.min(...xs) : 0;
    case 'max':
      return xs.length ? Math.max(...xs) : 0;
    case 'stdDev':
    case 'var': {
      if (xs.length < 2) return 0;
      const mean = sum / xs.length;
      const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
      return fn === 'var' ? v : Math.sqrt(v);
    }
    default:
      return 0;
  }
}

/**
 * Renders a workbook model to .xlsx bytes: every sheet written by the package writer
 * (xlsx/write-over-source.ts) over an empty package — formulas with their computed values,
 * styles, merges, widths and heights, hidden rows/columns and outline, conditional formats,
 * validations, hyperlinks, tables, native charts, defined names, print setup.
 */
export async function renderWorkbookDetailed(input: WorkbookInput | Workbook, _options: RenderWorkbookOptions = {}): Promise<RenderWorkbookResult> {
  const t0 = performance.now();
  const wb = parseWorkbook(input);
  const evaluation = evaluateWorkbook(wb);
  const needsRecalc = evaluation.diagnostics.some((d) => d.kind !== 'error');
  const r = await renderOverSource(wb, evaluation, { bytes: emptyPackage(wb, needsRecalc), baseline: { sheets: [] } });
  return { buffer: r.buffer, evaluation, chartCount: r.chartCount, ms: performance.now() - t0 };
}

/** The previous renderer (exceljs), kept while the package writer replaces it: tests compare the two. */
export async function renderWorkbookWithExceljs(input: WorkbookInput | Workbook, options: RenderWorkbookOptions = {}): Promise<RenderWorkbookResult> {
  const directMin = options.directSheetDataMinCells ?? DIRECT_SHEET_DATA_MIN_CELLS;
  const t0 = performance.now();
  const wb = parseWorkbook(input);
  const evaluation = evaluateWorkbook(wb);
  const book = new ExcelJS.Workbook();
  book.creator = 'Docsmith';
  book.created = new Date(0);
  book.modified = new Date(0);
  // formulas we could not evaluate have no cached value: ask Excel to recalculate on open
  if (evaluation.diagnostics.some((d) => d.kind !== 'error')) book.calcProperties.fullCalcOnLoad = true;
  const directSheets = new Map<string, DirectSheet>();
  for (const sheet of wb.sheets) {
    const frozen = sheet.frozen && (sheet.frozen.rows > 0 || sheet.frozen.cols > 0) ? sheet.frozen : undefined;
    const ws = book.addWorksheet(sheet.name, {
      properties: sheet.tabColor ? { tabColor: { argb: argb(sheet.tabColor) } } : {},
      views: [
        frozen
          ? { state: 'frozen', xSplit: frozen.cols, ySplit: frozen.rows, showGridLines: sheet.showGridLines }
          : { state: 'normal', showGridLines: sheet.showGridLines },
      ],
    });
    let cellCount = 0;
    for (const _ in sheet.cells) if (++cellCount >= directMin) break;
    const direct = renderSheet(ws, sheet, wb, evaluation, cellCount >= directMin);
    if (direct) directSheets.set(sheet.name, direct);
  }
  const hasCharts = wb.sheets.some((s) => s.charts.length);
  // exceljs stores the parts uncompressed; chart parts are added, direct sheets get their cells,
  // and the package is deflated once (zlib), at a fast level for large packages
  const written = await book.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as unknown as ExcelJS.XlsxWriteOptions);
  const zip = await JSZip.loadAsync(written);
  // charts first: <drawing> goes after </sheetData>, which the merge below keeps in place
  const chartCount = hasCharts ? await addChartsToXlsx(zip, wb, (s, a) => evaluation.get(s, a)) : 0;
  const replaced = new Map<string, Buffer>();
  if (directSheets.size) {
    const paths = await sheetPaths(zip);
    for (const [name, direct] of directSheets) {
      const part = paths.get(name);
      const file = part ? zip.file(part) : null;
      if (!part || !file) throw new Error(`sheet part for "${name}" not found`);
      replaced.set(part, mergeSheetData(await file.async('string'), direct));
    }
  }
  const entries = await zipEntries(zip, replaced);
  const packageBytes = entries.reduce((n, e) => n + e.data.length, 0);
  const buffer = writeZip(entries, packageBytes > 4 * 1024 * 1024 ? 1 : 6);
  return { buffer, evaluation, chartCount, ms: performance.now() - t0 };
}

export async function renderWorkbook(input: WorkbookInput | Workbook, options?: RenderWorkbookOptions): Promise<Buffer> {
  return (await renderWorkbookDetailed(input, options)).buffer;
}
