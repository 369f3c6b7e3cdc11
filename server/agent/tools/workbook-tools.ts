/** Tools over the workbook model (server/documents/workbook): what the agent calls to build a workbook. */
import { z } from 'zod';
import {
  columnToNumber,
  isAddress,
  isRange,
  numberToColumn,
  parseAddress,
  parseRange,
  quoteSheetName,
  rangeAddresses,
  rangeSize,
  toAddress,
  toRange,
} from '@/lib/workbook/cell-ref';
import { evaluateWorkbook, isErrorValue, type EvalValue, type WorkbookEvaluation } from '@/server/documents/workbook/evaluate-formulas';
import { tooLargeToReview } from '@/server/documents/workbook/workbook-size';
import { explainFormulaErrors, missingSheetClause } from '@/server/documents/workbook/explain-formula-errors';
import { chartMissingSheets, chartSeriesProblems } from '@/server/documents/workbook/inspect/chart-findings';
import { anchorRect, filledCellsIn, freeChartAnchor, overlappingCharts } from '@/server/documents/workbook/inspect/chart-placement';
import {
  cellStyleSchema,
  chartSchema,
  parseWorkbook,
  sheetSchema,
  tableSchema,
  type Cell,
  type CellStyle,
  type Chart,
  type CellValue,
  type Sheet,
  type Workbook,
} from '@/server/documents/workbook/schema';
import { summarizeWorkbook, type WorkbookSummary } from '@/server/documents/workbook/summarize-workbook';
import { defineTool, ToolUseError, type AgentToolSet } from './define-tool';
import { workbookFeatureTools } from './workbook-feature-tools';

/**
 * A whole uploaded file taken as the workbook, kept as its reader's JSON text (and summary) until a
 * tool reads or changes the workbook: a file turned into a run as it is is never parsed here.
 */
export interface PendingWorkbook {
  json: string;
  source?: { blobKey: string; sha256: string };
  summary: WorkbookSummary;
}

export interface WorkbookState {
  /** the workbook; reading it turns a pending file into its model */
  wb: Omit<Workbook, 'sheets'> & { sheets: Sheet[] };
  /** tool calls that changed the workbook */
  changes: number;
  /**
   * The workbook as it stands is a validated model — a stored version, or a whole uploaded file
   * its reader validated — unchanged since: finishing it validates nothing again.
   */
  valid?: boolean;
  /** set when a whole file is taken as the workbook; cleared when `wb` is read or replaced */
  pending?: PendingWorkbook;
}

function workbookState(initial: WorkbookState['wb'], valid?: boolean): WorkbookState {
  let current = initial;
  let pending: PendingWorkbook | undefined;
  return {
    get wb() {
      if (pending) {
        current = { ...(JSON.parse(pending.json) as Workbook), ...(pending.source ? { source: pending.source } : {}) };
        pending = undefined;
      }
      return current;
    },
    set wb(next) {
      current = next;
      pending = undefined;
    },
    get pending() {
      return pending;
    },
    set pending(next) {
      pending = next;
    },
    changes: 0,
    ...(valid ? { valid } : {}),
  };
}

const MAX_WRITE_CELLS = 5_000;
const MAX_READ_CELLS = 400;

/** `validated`: the document is a model validated before (a stored version): it is not validated again. */
export function createWorkbookState(document: unknown, opts: { validated?: boolean } = {}): WorkbookState {
  if (document === null || document === undefined) return workbookState({ defaultFont: { name: 'Calibri', size: 11 }, sheets: [] });
  const wb = opts.validated ? (document as Workbook) : parseWorkbook(document);
  return workbookState({ ...wb }, true);
}

/** The final model, validated by the documents schema (unless it is a validated model unchanged). */
export function finishWorkbook(state: WorkbookState): Workbook {
  if (state.wb.sheets.length === 0) throw new Error('the agent produced a workbook with no sheets');
  return state.valid ? state.wb : parseWorkbook(state.wb);
}

/** The final model as JSON text when it is a whole uploaded file no tool read or changed since; else null. */
export function finishWorkbookText(state: WorkbookState): PendingWorkbook | null {
  return state.valid && state.pending ? state.pending : null;
}

const sheetName = z.string().min(1).describe('sheet name');
const address = z.string().refine(isAddress, 'expected an A1 address such as "B3"');
const range = z.string().refine(isRange, 'expected an A1 range such as "A1:D10"');
const cellInput = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const color = z.string().regex(/^#?[0-9A-Fa-f]{6}$/, 'colour must be a 6-digit hex like "#1F4E79"');

/** A flat style for tool calls (small JSON schema); converted to the model's cell style. */
const styleInput = z.object({
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  underline: z.boolean().optional(),
  fontSize: z.number().min(1).max(409).optional(),
  fontName: z.string().min(1).optional(),
  color: color.optional(),
  fill: color.optional(),
  border: z.enum(['thin', 'medium', 'thick', 'dashed', 'dotted', 'double', 'none']).optional(),
  borderTop: z.enum(['thin', 'medium', 'thick', 'double']).optional(),
  hAlign: z.enum(['left', 'center', 'right']).optional(),
  vAlign: z.enum(['top', 'middle', 'bottom']).optional(),
  wrap: z.boolean().optional(),
});

function toCellStyle(s: z.output<typeof styleInput>, prev: CellStyle | undefined): CellStyle {
  const { border, borderTop, ...rest } = s;
  const next: CellStyle = { ...(prev ?? {}), ...rest };
  if (border === 'none') delete next.border;
  else if (border) next.border = border;
  if (borderTop) next.border = { ...(typeof next.border === 'object' ? next.border : {}), top: { style: borderTop } };
  return cellStyleSchema.parse(next);
}

const seriesInput = z.object({
  name: z.string().optional().describe('text, or a cell such as "B1"'),
  values: z.string().describe('e.g. "B2:B13" or "Sales!B2:B13"'),
  categories: z.string().optional().describe("this series' labels (x values for scatter)"),
  color: color.optional(),
  line: z.boolean().optional().describe('as a line on a column chart'),
  secondary: z.boolean().optional().describe('on a right-hand value axis'),
});

/** What a chart is made of; add_chart takes it whole, update_chart any part of it. */
const chartFields = z.object({
  type: z.enum(['bar', 'column', 'line', 'pie', 'scatter']).describe('bar = horizontal, column = vertical'),
  title: z.string().optional(),
  categories: z.string().optional().describe('label range, e.g. "A2:A13"'),
  series: z.array(seriesInput).min(1).max(32),
  anchor: z.string().describe('cells the chart covers, e.g. "F2:M20"'),
  legend: z.enum(['right', 'bottom', 'top', 'left', 'none']).optional(),
  stacked: z.boolean().optional(),
  xAxisTitle: z.string().optional(),
  yAxisTitle: z.string().optional(),
  yAxisNumFmt: z.string().optional().describe('e.g. "$#,##0,K"'),
  dataLabels: z.boolean().optional(),
});

const chartInput = chartFields.extend({ sheet: sheetName, id: z.string().min(1) });

/** The same fields, every one optional; described once in add_chart (schemas are sent on every turn). */
const chartUpdate = z.object({
  id: z.string().min(1),
  sheet: z.string().min(1).optional().describe('move the chart to this sheet (ranges keep their sheet)'),
  type: chartFields.shape.type.optional(),
  title: z.string().optional().describe('"" removes it (so does "" for categories and axis titles)'),
  categories: z.string().optional(),
  series: z.array(seriesInput).min(1).max(32).optional(),
  anchor: z.string().optional(),
  legend: chartFields.shape.legend,
  stacked: z.boolean().optional(),
  xAxisTitle: z.string().optional(),
  yAxisTitle: z.string().optional(),
  yAxisNumFmt: z.string().optional(),
  dataLabels: z.boolean().optional(),
});

const tableInput = z.object({
  sheet: sheetName,
  name: z.string().describe('letters, digits, _; no spaces'),
  range: z.string().describe('header row + data rows, e.g. "A1:D20"'),
  style: z.string().optional().describe('e.g. TableStyleMedium2'),
  totals: z.boolean().optional().describe('add a totals row (sums of numeric columns) below the range'),
});

function findSheet(state: WorkbookState, name: string): Sheet {
  const s = state.wb.sheets.find((x) => x.name.toLowerCase() === name.trim().toLowerCase());
  if (!s) throw new ToolUseError(`no sheet "${name}"; sheets: ${state.wb.sheets.map((x) => x.name).join(', ') || '(none)'}`);
  return s;
}

function newSheet(name: string): Sheet {
  return sheetSchema.parse({ name });
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Rewrites sheet references in a formula or range reference after a rename. */
function renameRefs(text: string, from: string, to: string): string {
  const re = new RegExp(`(?:'${escapeRe(from.replace(/'/g, "''"))}'|(?<![A-Za-z0-9_.'])${escapeRe(from)})!`, 'gi');
  return text.replace(re, () => `${quoteSheetName(to)}!`);
}

function setCell(sheet: Sheet, addr: string, v: CellValue, numFmt: string | undefined): void {
  const prev: Cell = sheet.cells[addr] ?? {};
  const next: Cell = { ...prev };
  delete next.value;
  delete next.formula;
  if (typeof v === 'string' && v.startsWith('=') && v.length > 1) next.formula = v.slice(1);
  else if (v !== null && v !== '') next.value = typeof v === 'number' && !Number.isFinite(v) ? null : v;
  if (numFmt && (typeof v === 'number' || next.formula)) next.numFmt = numFmt;
  if (next.value === undefined && !next.formula && !next.style && !next.numFmt) delete sheet.cells[addr];
  else sheet.cells[addr] = next;
}

function displayValue(v: unknown): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (isErrorValue(v as never)) return (v as { error: string }).error;
  if (typeof v === 'number') return Math.round(v * 1e6) / 1e6;
  return v as string | boolean;
}

const MAX_REPORTED = 20;

/**
 * What a write produced: the computed values of the formulas it wrote (at most 20) or, when any of
 * them computes to an Excel error, a ToolUseError that says which cells, why, and that the write stands.
 */
function reportWrite(state: WorkbookState, sheet: Sheet, written: string, count: number, formulaCells: string[]): Record<string, unknown> {
  if (!formulaCells.length) return { written, cells: count };
  // a very large workbook is not evaluated on every write (seconds each): read_range shows values
  if (tooLargeToReview(state.wb)) return { written, cells: count, note: 'large workbook: the formulas written were not computed here; read_range shows their values' };
  const ev = evaluateWorkbook(state.wb);
  const only = new Set(formulaCells.map((a) => `${sheet.name}!${a}`));
  const causes = explainFormulaErrors(state.wb, ev, { only });
  if (causes.length) {
    // causes first; cells that only carry another's error after them
    const ordered = [...causes.filter((c) => c.kind !== 'propagated'), ...causes.filter((c) => c.kind === 'propagated')];
    const shown: string[] = [];
    const kinds = new Set<string>();
    for (const c of ordered) {
      if (kinds.has(c.kind) || shown.length >= 3) continue;
      kinds.add(c.kind);
      shown.push(`${c.cell} = ${c.error}: ${c.cause}`);
    }
    const rest = causes.length - shown.length;
    const errors = Object.fromEntries(ordered.slice(0, MAX_REPORTED).map((c) => [c.cell, c.error]));
    throw new ToolUseError(
      `wrote ${written} (the cells stay written), but ${causes.length === 1 ? 'a formula computes' : `${causes.length} formulas compute`} to an error: ${shown.join('; ')}${rest > 0 ? ` (+${rest} more)` : ''}. Fix the formula${causes.length === 1 ? '' : 's'} with write_range (one that uses cells you have not filled yet is fine once they are).`,
      { written, errors },
    );
  }
  const values: Record<string, string | number | boolean | null> = {};
  for (const a of formulaCells.slice(0, MAX_REPORTED)) values[a] = displayValue(ev.get(sheet.name, a));
  return { written, cells: count, values, ...(formulaCells.length > MAX_REPORTED ? { moreFormulas: formulaCells.length - MAX_REPORTED } : {}) };
}

/** A cell's value for chart checks: literal, or computed (the workbook is evaluated once, when a formula is met). */
function valueReader(state: WorkbookState): (sheet: string, address: string) => EvalValue {
  let ev: WorkbookEvaluation | undefined;
  return (sheetName, address) => {
    const sh = state.wb.sheets.find((x) => x.name.toLowerCase() === sheetName.toLowerCase());
    const cell = sh?.cells[address];
    if (!cell) return null;
    if (cell.formula === undefined) return cell.error ? { error: cell.error } : (cell.value ?? null);
    ev ??= evaluateWorkbook(state.wb);
    return ev.get(sheetName, address);
  };
}

/**
 * Builds a chart of the model from tool input: ranges without a sheet refer to `sheet`; ranges on
 * sheets that do not exist are refused (with the sheets there are).
 */
function buildChart(state: WorkbookState, sheet: Sheet, fields: Record<string, unknown>): Chart {
  const q = quoteSheetName(sheet.name);
  const qualify = (ref: string) => (ref.includes('!') ? ref : `${q}!${ref}`);
  const f = fields as z.output<typeof chartFields> & { id: string };
  const chart = chartSchema.parse({
    ...f,
    ...(f.categories ? { categories: qualify(f.categories) } : {}),
    series: f.series.map((se) => ({
      ...se,
      values: qualify(se.values),
      ...(se.categories ? { categories: qualify(se.categories) } : {}),
      ...(se.name && /^\$?[A-Z]{1,3}\$?\d+$/.test(se.name) ? { name: qualify(se.name) } : {}),
    })),
  });
  if (chart.series.some((se) => se.line) && chart.type !== 'column' && chart.type !== 'line') throw new ToolUseError('line series (a combo) go on a chart of type "column"');
  if (chart.series.some((se) => se.secondary) && !['column', 'bar', 'line'].includes(chart.type)) throw new ToolUseError('a secondary axis needs a chart of type column, bar or line');
  const missing = chartMissingSheets(state.wb, sheet.name, chart);
  if (missing.length) throw new ToolUseError(`the chart refers to ${missingSheetClause(missing[0]!, state.wb.sheets.map((x) => x.name), true)}`);
  return chart;
}

/** What a reader would find wrong with a chart just placed: overlaps, data underneath, series that plot nothing. */
function chartWarning(state: WorkbookState, sheet: Sheet, chart: Chart): Record<string, unknown> {
  const notes: string[] = [];
  const rect = anchorRect(chart.anchor);
  if (rect) {
    const others = overlappingCharts(sheet, chart.id, rect);
    const filled = filledCellsIn(sheet, rect);
    if (others.length || filled.count) {
      const what = [
        others.length ? `overlaps chart${others.length > 1 ? 's' : ''} ${others.map((o) => `${o.id} (${o.anchor})`).join(', ')}` : '',
        filled.count ? `covers ${filled.count} filled cell${filled.count === 1 ? '' : 's'} (${filled.first.join(', ')}${filled.count > filled.first.length ? ', …' : ''})` : '',
      ].filter(Boolean);
      const free = freeChartAnchor(sheet, rect.r2 - rect.r1 + 1, rect.c2 - rect.c1 + 1, { exceptId: chart.id, fromRow: rect.r1 });
      notes.push(`anchor ${chart.anchor} ${what.join(' and ')}; ${free} is free (update_chart with that anchor)`);
    }
  }
  notes.push(...chartSeriesProblems(state.wb, valueReader(state), sheet.name, chart));
  return notes.length ? { warning: `${notes.join('; ')}.` } : {};
}

function findChart(state: WorkbookState, id: string): { sheet: Sheet; index: number } {
  for (const sheet of state.wb.sheets) {
    const index = sheet.charts.findIndex((c) => c.id === id);
    if (index >= 0) return { sheet, index };
  }
  const ids = state.wb.sheets.flatMap((s) => s.charts.map((c) => `${c.id} (${s.name})`));
  throw new ToolUseError(`no chart "${id}"; charts: ${ids.join(', ') || 'none'}`);
}

/** The tools that only read: a call of any other may change the workbook, even one that then fails. */
const READ_ONLY_TOOLS = new Set(['read_range', 'describe_workbook']);

export function workbookTools(state: WorkbookState): AgentToolSet {
  const tools = allWorkbookTools(state);
  for (const [name, t] of Object.entries(tools)) {
    const execute = t.execute;
    if (READ_ONLY_TOOLS.has(name) || !execute) continue;
    t.execute = (input, options) => {
      state.valid = false;
      return execute(input, options);
    };
  }
  return tools;
}

function allWorkbookTools(state: WorkbookState): AgentToolSet {
  const changed = <T>(x: T): T => {
    state.changes++;
    return x;
  };
  return {
    add_sheet: defineTool(
      'Add a sheet (at the end, or at position 0-based).',
      z.object({ name: sheetName, position: z.number().int().min(0).optional(), tabColor: z.string().optional() }),
      ({ name, position, tabColor }) => {
        if (state.wb.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) throw new ToolUseError(`sheet "${name}" already exists`);
        const r = sheetSchema.safeParse({ name, ...(tabColor ? { tabColor } : {}) });
        if (!r.success) throw r.error;
        const at = Math.min(position ?? state.wb.sheets.length, state.wb.sheets.length);
        state.wb.sheets.splice(at, 0, r.data);
        return changed({ sheets: state.wb.sheets.map((s) => s.name) });
      },
    ),
    rename_sheet: defineTool(
      'Rename a sheet; formulas and chart references follow.',
      z.object({ sheet: sheetName, newName: sheetName }),
      ({ sheet, newName }) => {
        const s = findSheet(state, sheet);
        if (state.wb.sheets.some((x) => x !== s && x.name.toLowerCase() === newName.toLowerCase())) throw new ToolUseError(`sheet "${newName}" already exists`);
        const check = newSheet(newName).name;
        const old = s.name;
        s.name = check;
        for (const sh of state.wb.sheets) {
          for (const cell of Object.values(sh.cells)) if (cell.formula) cell.formula = renameRefs(cell.formula, old, check);
          for (const c of sh.charts) {
            if (c.categories) c.categories = renameRefs(c.categories, old, check);
            for (const se of c.series) {
              se.values = renameRefs(se.values, old, check);
              if (se.categories) se.categories = renameRefs(se.categories, old, check);
              if (se.name) se.name = renameRefs(se.name, old, check);
            }
          }
        }
        return changed({ sheets: state.wb.sheets.map((x) => x.name) });
      },
    ),
    delete_sheet: defineTool('Delete a sheet.', z.object({ sheet: sheetName }), ({ sheet }) => {
      const s = findSheet(state, sheet);
      if (state.wb.sheets.length === 1) throw new ToolUseError('cannot delete the only sheet');
      state.wb.sheets.splice(state.wb.sheets.indexOf(s), 1);
      return changed({ sheets: state.wb.sheets.map((x) => x.name) });
    }),
    write_range: defineTool(
      'Write rows of values starting at a cell. Strings starting with "=" are formulas (e.g. "=SUM(B2:B13)"); null clears a cell. Optional numFmt applies to numbers and formulas written. Answers with the computed values of the formulas written, or the cells whose formula gives an error and why.',
      z.object({
        sheet: sheetName,
        start: address.describe('top-left cell, e.g. "A1"'),
        rows: z.array(z.array(cellInput)).min(1),
        numFmt: z.string().optional().describe('e.g. "#,##0.00", "0%", "yyyy-mm-dd"'),
      }),
      ({ sheet, start, rows, numFmt }) => {
        const s = findSheet(state, sheet);
        const count = rows.reduce((n, r) => n + r.length, 0);
        if (count > MAX_WRITE_CELLS) throw new ToolUseError(`at most ${MAX_WRITE_CELLS} cells per call (got ${count}); split the write`);
        const origin = parseAddress(start);
        let maxCols = 0;
        const formulaCells: string[] = [];
        rows.forEach((row, i) => {
          maxCols = Math.max(maxCols, row.length);
          row.forEach((v, j) => {
            const a = toAddress({ row: origin.row + i, col: origin.col + j });
            setCell(s, a, v, numFmt);
            if (s.cells[a]?.formula) formulaCells.push(a);
          });
        });
        const written = toRange({ from: origin, to: { row: origin.row + rows.length - 1, col: origin.col + Math.max(maxCols, 1) - 1 } });
        state.changes++;
        return reportWrite(state, s, written, count, formulaCells);
      },
    ),
    format_range: defineTool(
      'Style a range (font, colours, borders, alignment, wrap) and/or set its number format. Merges with existing styles.',
      z.object({ sheet: sheetName, range, style: styleInput.optional(), numFmt: z.string().optional() }),
      ({ sheet, range: ref, style, numFmt }) => {
        const s = findSheet(state, sheet);
        const r = parseRange(ref);
        if (rangeSize(r) > 20_000) throw new ToolUseError('range too large to format (max 20000 cells)');
        if (!style && numFmt === undefined) throw new ToolUseError('give style and/or numFmt');
        for (const pos of rangeAddresses(r)) {
          const a = toAddress(pos);
          const cell: Cell = { ...(s.cells[a] ?? {}) };
          if (style) cell.style = toCellStyle(style, cell.style);
          if (numFmt !== undefined) cell.numFmt = numFmt;
          s.cells[a] = cell;
        }
        return changed({ formatted: toRange(r) });
      },
    ),
    merge_cells: defineTool('Merge a range of cells (the top-left value is kept).', z.object({ sheet: sheetName, range }), ({ sheet, range: ref }) => {
      const s = findSheet(state, sheet);
      const r = parseRange(ref);
      const overlaps = s.merges.find((m) => {
        const o = parseRange(m);
        return !(o.to.row < r.from.row || o.from.row > r.to.row || o.to.col < r.from.col || o.from.col > r.to.col);
      });
      if (overlaps) throw new ToolUseError(`overlaps the merged range ${overlaps}`);
      s.merges.push(toRange(r));
      return changed({ merges: s.merges.length });
    }),
    freeze_panes: defineTool(
      'Freeze rows at the top and/or columns at the left (0 to unfreeze).',
      z.object({ sheet: sheetName, rows: z.number().int().min(0).max(100), cols: z.number().int().min(0).max(50).default(0) }),
      ({ sheet, rows, cols }) => {
        const s = findSheet(state, sheet);
        if (rows === 0 && cols === 0) delete s.frozen;
        else s.frozen = { rows, cols };
        return changed({ frozen: { rows, cols } });
      },
    ),
    set_column_widths: defineTool(
      'Set column widths in characters, keyed by column letter, e.g. {"A": 24, "B": 12}.',
      z.object({ sheet: sheetName, widths: z.record(z.string().regex(/^[A-Za-z]{1,3}$/, 'column letters such as "B"'), z.number().min(0).max(255)) }),
      ({ sheet, widths }) => {
        const s = findSheet(state, sheet);
        for (const [col, width] of Object.entries(widths)) s.columns[numberToColumn(columnToNumber(col))] = { width };
        return changed({ columns: Object.keys(widths).length });
      },
    ),
    add_chart: defineTool(
      'Add a native chart. Ranges may include the sheet, e.g. "Sales!B2:B13"; without one they refer to this sheet. Answers with a warning when the chart lands on another chart or on data, or a series has nothing to plot.',
      chartInput,
      (input) => {
        const { sheet, ...chart } = input;
        const s = findSheet(state, sheet);
        const existing = state.wb.sheets.find((x) => x.charts.some((c) => c.id === chart.id));
        if (existing) {
          const ids = state.wb.sheets.flatMap((x) => x.charts.map((c) => c.id));
          throw new ToolUseError(`chart id "${chart.id}" already exists (on ${existing.name}; charts: ${ids.join(', ')}): change it with update_chart, or give a new id`);
        }
        const c = buildChart(state, s, chart);
        s.charts.push(c);
        return changed({ chart: c.id, anchor: c.anchor, ...chartWarning(state, s, c) });
      },
    ),
    update_chart: defineTool(
      'Change a chart by id: any field of add_chart (series replaces them all; anchor moves/resizes), or sheet (move it there).',
      chartUpdate,
      (input) => {
        const { id, sheet: target, ...changes } = input;
        const { sheet: from, index } = findChart(state, id);
        const to = target ? findSheet(state, target) : from;
        const old = from.charts[index]!;
        const merged: Record<string, unknown> = { ...old, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
        for (const k of ['title', 'categories', 'xAxisTitle', 'yAxisTitle', 'yAxisNumFmt'] as const) if (merged[k] === '') delete merged[k];
        // ranges without a sheet (given now or kept) refer to the sheet the chart was on
        const next = buildChart(state, from, merged);
        from.charts.splice(index, 1);
        to.charts.splice(to === from ? index : to.charts.length, 0, next);
        return changed({ chart: next.id, sheet: to.name, anchor: next.anchor, ...chartWarning(state, to, next) });
      },
      { sameAs: { tool: 'add_chart', properties: ['type', 'series', 'legend'] } },
    ),
    delete_chart: defineTool('Delete a chart by id.', z.object({ id: z.string().min(1) }), ({ id }) => {
      const { sheet, index } = findChart(state, id);
      sheet.charts.splice(index, 1);
      return changed({ deleted: id, charts: state.wb.sheets.flatMap((x) => x.charts.map((c) => c.id)) });
    }),
    set_row_heights: defineTool(
      'Set row heights in points keyed by row number, e.g. {"1": 30}; null lets the row fit its content again.',
      z.object({ sheet: sheetName, heights: z.record(z.string().regex(/^\d+$/, 'row numbers such as "3"'), z.number().min(0).max(409).nullable()) }),
      ({ sheet, heights }) => {
        const s = findSheet(state, sheet);
        for (const [row, height] of Object.entries(heights)) {
          const spec = { ...(s.rows[row] ?? {}) };
          if (height === null) delete spec.height;
          else spec.height = height;
          if (Object.keys(spec).length) s.rows[row] = spec;
          else delete s.rows[row];
        }
        return changed({ rows: Object.keys(heights).length });
      },
    ),
    define_table: defineTool(
      'Define a named Excel table over a header row plus data rows (header cells must hold text). Naming an existing table of the sheet with the same header row resizes it to the range (rows added under it).',
      tableInput,
      (input) => {
        const { sheet, totals, ...rest } = input;
        const s = findSheet(state, sheet);
        const existing = s.tables.find((t) => t.name.toLowerCase() === rest.name.toLowerCase());
        if (existing) {
          // a resize: same header row and columns, more (or fewer) data rows
          const o = parseRange(existing.range);
          let r;
          try {
            r = parseRange(rest.range);
          } catch {
            throw new ToolUseError(`range "${rest.range}" is not a range such as "A1:D20"`);
          }
          if (r.from.row !== o.from.row || r.from.col !== o.from.col || r.to.col !== o.to.col || r.to.row <= r.from.row) throw new ToolUseError(`table "${existing.name}" is ${existing.range}: a resize keeps its header row and columns (${toAddress(o.from)}:${numberToColumn(o.to.col)}<last row>)`);
          const clash = s.tables.find((t) => t !== existing && (() => {
            const x = parseRange(t.range);
            return !(x.to.row < r.from.row || x.from.row > r.to.row || x.to.col < r.from.col || x.from.col > r.to.col);
          })());
          if (clash) throw new ToolUseError(`overlaps table "${clash.name}"`);
          existing.range = toRange(r);
          return changed({ table: existing.name, range: existing.range, resized: true });
        }
        if (state.wb.sheets.some((x) => x.tables.some((t) => t.name.toLowerCase() === rest.name.toLowerCase()))) throw new ToolUseError(`table "${rest.name}" already exists`);
        const r = parseRange(rest.range);
        const headers: string[] = [];
        {
          for (let col = r.from.col; col <= r.to.col; col++) {
            const a = toAddress({ row: r.from.row, col });
            const v = s.cells[a]?.value;
            if (typeof v !== 'string' || !v.trim()) throw new ToolUseError(`header cell ${a} must hold text; write the headers first`);
            headers.push(v);
          }
        }
        const clash = s.tables.find((t) => {
          const o = parseRange(t.range);
          return !(o.to.row < r.from.row || o.from.row > r.to.row || o.to.col < r.from.col || o.from.col > r.to.col);
        });
        if (clash) throw new ToolUseError(`overlaps table "${clash.name}"`);
        const numeric = (col: number) => typeof s.cells[toAddress({ row: r.from.row + 1, col })]?.value === 'number' || !!s.cells[toAddress({ row: r.from.row + 1, col })]?.formula;
        const table = tableSchema.parse({
          name: rest.name,
          range: toRange(r),
          ...(rest.style ? { style: rest.style } : {}),
          ...(totals ? { totalsRow: headers.map((h, k) => (k === 0 ? { column: h, label: 'Total' } : numeric(r.from.col + k) ? { column: h, function: 'sum' } : { column: h, function: 'none' })) } : {}),
        });
        s.tables.push(table);
        return changed({ table: table.name, range: table.range });
      },
    ),
    read_range: defineTool(
      `Read cell values (formulas show their computed value; formulas listed separately). At most ${MAX_READ_CELLS} cells.`,
      z.object({ sheet: sheetName, range }),
      ({ sheet, range: ref }) => {
        const s = findSheet(state, sheet);
        const r = parseRange(ref);
        let truncated = false;
        if (rangeSize(r) > MAX_READ_CELLS) {
          const cols = r.to.col - r.from.col + 1;
          r.to.row = r.from.row + Math.max(1, Math.floor(MAX_READ_CELLS / cols)) - 1;
          if (cols > MAX_READ_CELLS) r.to.col = r.from.col + MAX_READ_CELLS - 1;
          truncated = true;
        }
        const hasFormula = Object.values(s.cells).some((c) => c.formula);
        // the state is built from validated parts: no validation of the whole workbook per read
        const ev = hasFormula ? evaluateWorkbook(state.wb) : undefined;
        const rows: Array<Array<string | number | boolean | null>> = [];
        const formulas: Record<string, string> = {};
        for (let row = r.from.row; row <= r.to.row; row++) {
          const line: Array<string | number | boolean | null> = [];
          for (let col = r.from.col; col <= r.to.col; col++) {
            const a = toAddress({ row, col });
            const cell = s.cells[a];
            if (cell?.formula) {
              formulas[a] = `=${cell.formula}`;
              line.push(displayValue(ev?.get(s.name, a)));
            } else line.push(displayValue(cell?.value));
          }
          rows.push(line);
        }
        while (rows.length && rows[rows.length - 1]!.every((v) => v === null)) rows.pop();
        return { range: toRange(r), rows, ...(Object.keys(formulas).length ? { formulas } : {}), ...(truncated ? { truncated: true } : {}) };
      },
    ),
    describe_workbook: defineTool('List sheets with used ranges, headers, tables and charts.', z.object({}), () => {
      if (!state.wb.sheets.length) return { sheets: [] };
      return { text: summarizeWorkbook(state.wb).text };
    }),
    ...workbookFeatureTools(state, (name) => findSheet(state, name), changed),
  };
}
