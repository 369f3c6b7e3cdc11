import { z } from 'zod';
import { addressKey, isAddress, isRange, parseSheetRange } from './cell-ref';

function isAddressFast(a: string): boolean {
  if (a.length > 10 || a.includes('$')) return false;
  try {
    addressKey(a);
    return true;
  } catch {
    return false;
  }
}

/**
 * The workbook model: what the agent edits through tools and what the renderer turns into .xlsx.
 * Cells are a sparse map keyed by A1 address so that a language model can read and write them
 * without juggling array indices. Dates are Excel serial numbers with a date number format.
 */

const hexColor = z
  .string()
  .regex(/^#?[0-9A-Fa-f]{6}$/, 'colour must be a 6-digit hex like "#1F4E79"')
  .describe('6-digit hex colour, e.g. "#1F4E79"');

const address = z.string().refine(isAddress, 'expected an A1 cell address such as "B3"');
const range = z.string().refine(isRange, 'expected an A1 range such as "A1:D10"');
const sheetRange = z.string().refine((s) => {
  try {
    parseSheetRange(s);
    return true;
  } catch {
    return false;
  }
}, 'expected a range such as "Sales!B2:B13" or "B2:B13"');

export const borderStyleSchema = z.enum(['thin', 'medium', 'thick', 'dashed', 'dotted', 'double', 'hair']);

export const borderSideSchema = z.object({ style: borderStyleSchema, color: hexColor.optional() });

export const cellStyleSchema = z
  .object({
    fontName: z.string().min(1).optional(),
    fontSize: z.number().min(1).max(409).optional(),
    bold: z.boolean().optional(),
    italic: z.boolean().optional(),
    underline: z.boolean().optional(),
    strike: z.boolean().optional(),
    color: hexColor.optional().describe('font colour'),
    fill: hexColor.optional().describe('solid background fill'),
    border: z
      .union([
        borderStyleSchema,
        z.object({
          top: borderSideSchema.optional(),
          bottom: borderSideSchema.optional(),
          left: borderSideSchema.optional(),
          right: borderSideSchema.optional(),
        }),
      ])
      .optional()
      .describe('one style for all four sides, or per side'),
    hAlign: z.enum(['left', 'center', 'right', 'fill', 'justify']).optional(),
    vAlign: z.enum(['top', 'middle', 'bottom']).optional(),
    wrap: z.boolean().optional(),
    indent: z.number().int().min(0).max(15).optional(),
  })
  .strict();

export const cellValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const cellSchema = z
  .object({
    value: cellValueSchema.optional().describe('literal value; for formula cells, the last computed value'),
    formula: z
      .string()
      .min(1)
      .optional()
      .describe('formula without the leading "=", e.g. "SUM(B2:B13)"'),
    numFmt: z.string().optional().describe('Excel number format, e.g. "#,##0.00", "0%", "yyyy-mm-dd"'),
    style: cellStyleSchema.optional(),
    allowError: z
      .boolean()
      .optional()
      .describe('the formula is expected to produce an error value (e.g. NA()); verification will not flag it'),
  })
  .strict();

export const tableSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'table names start with a letter and have no spaces'),
    range: range.describe('header row plus data rows, e.g. "A1:D20"; a totals row, if any, goes just below'),
    headerRow: z.boolean().default(true),
    totalsRow: z
      .array(
        z.object({
          column: z.string().describe('header text of the column'),
          function: z.enum(['sum', 'average', 'count', 'countNums', 'min', 'max', 'stdDev', 'var', 'none']).optional(),
          label: z.string().optional(),
        }),
      )
      .optional()
      .describe('when present, a totals row is added below the range'),
    style: z.string().default('TableStyleMedium2'),
    showRowStripes: z.boolean().default(true),
  })
  .strict();

export const conditionalFormatSchema = z
  .object({
    range,
    rule: z.discriminatedUnion('type', [
      z.object({ type: z.literal('dataBar'), color: hexColor.default('#638EC6') }).strict(),
      z
        .object({
          type: z.literal('colorScale'),
          colors: z.array(hexColor).min(2).max(3).describe('min, (mid,) max colours'),
        })
        .strict(),
      z
        .object({
          type: z.literal('cellIs'),
          operator: z.enum([
            'greaterThan',
            'lessThan',
            'between',
            'equal',
            'notEqual',
            'greaterThanOrEqual',
            'lessThanOrEqual',
          ]),
          values: z.array(z.union([z.number(), z.string()])).min(1).max(2),
          style: z
            .object({ color: hexColor.optional(), fill: hexColor.optional(), bold: z.boolean().optional() })
            .strict(),
        })
        .strict(),
    ]),
  })
  .strict();

export const chartTypeSchema = z.enum(['bar', 'column', 'line', 'pie', 'scatter']);

export const chartSeriesSchema = z
  .object({
    name: z.string().optional().describe('literal series name, or a single cell such as "Sales!B1"'),
    values: sheetRange.describe('one row or column of numbers, e.g. "Sales!B2:B13"'),
    categories: sheetRange
      .optional()
      .describe('category labels (x values for scatter); defaults to the chart categories'),
    color: hexColor.optional(),
  })
  .strict();

export const chartSchema = z
  .object({
    id: z.string().min(1),
    type: chartTypeSchema.describe('bar = horizontal bars, column = vertical bars'),
    title: z.string().optional(),
    categories: sheetRange.optional().describe('category labels shared by all series, e.g. "Sales!A2:A13"'),
    series: z.array(chartSeriesSchema).min(1).max(32),
    anchor: range.describe('cells the chart covers, e.g. "F2:M20"'),
    xAxisTitle: z.string().optional(),
    yAxisTitle: z.string().optional(),
    legend: z.enum(['right', 'bottom', 'top', 'left', 'none']).default('bottom'),
    stacked: z.boolean().default(false),
  })
  .strict();

export const sheetSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(31)
      .refine((s) => !/[\\/?*[\]:]/.test(s), 'sheet names cannot contain \\ / ? * [ ] :'),
    tabColor: hexColor.optional(),
    frozen: z
      .object({ rows: z.number().int().min(0).default(0), cols: z.number().int().min(0).default(0) })
      .optional()
      .describe('rows at the top / columns at the left that stay visible'),
    columns: z
      .record(z.string().regex(/^[A-Z]{1,3}$/), z.object({ width: z.number().min(0).max(255) }).strict())
      .default({})
      .describe('column widths in characters keyed by column letter'),
    rows: z
      .record(z.string().regex(/^\d+$/), z.object({ height: z.number().min(0).max(409) }).strict())
      .default({})
      .describe('row heights in points keyed by row number'),
    cells: z.record(address, cellSchema).default({}),
    merges: z.array(range).default([]),
    tables: z.array(tableSchema).default([]),
    conditionalFormats: z.array(conditionalFormatSchema).default([]),
    charts: z.array(chartSchema).default([]),
    showGridLines: z.boolean().default(true),
  })
  .strict();

export const workbookSchema = z
  .object({
    defaultFont: z
      .object({ name: z.string().min(1), size: z.number().min(1).max(409) })
      .strict()
      .default({ name: 'Calibri', size: 11 }),
    sheets: z.array(sheetSchema).min(1).max(255),
  })
  .strict()
  .superRefine((wb, ctx) => {
    const names = new Set<string>();
    wb.sheets.forEach((s, i) => {
      const key = s.name.toLowerCase();
      if (names.has(key)) ctx.addIssue({ code: 'custom', message: `duplicate sheet name "${s.name}"`, path: ['sheets', i, 'name'] });
      names.add(key);
    });
    const tableNames = new Set<string>();
    const chartIds = new Set<string>();
    wb.sheets.forEach((s, i) => {
      s.tables.forEach((t, j) => {
        if (tableNames.has(t.name.toLowerCase()))
          ctx.addIssue({ code: 'custom', message: `duplicate table "${t.name}"`, path: ['sheets', i, 'tables', j] });
        tableNames.add(t.name.toLowerCase());
      });
      s.charts.forEach((c, j) => {
        if (chartIds.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate chart id "${c.id}"`, path: ['sheets', i, 'charts', j] });
        chartIds.add(c.id);
      });
    });
  });

export type CellStyle = z.infer<typeof cellStyleSchema>;
export type CellValue = z.infer<typeof cellValueSchema>;
export type Cell = z.infer<typeof cellSchema>;
export type Table = z.infer<typeof tableSchema>;
export type ConditionalFormat = z.infer<typeof conditionalFormatSchema>;
export type ChartType = z.infer<typeof chartTypeSchema>;
export type ChartSeries = z.infer<typeof chartSeriesSchema>;
export type Chart = z.infer<typeof chartSchema>;
export type Sheet = z.infer<typeof sheetSchema>;
export type Workbook = z.infer<typeof workbookSchema>;
/** The shape accepted before defaults are applied (what a tool call may send). */
export type WorkbookInput = z.input<typeof workbookSchema>;

const cellsSchema = z.record(address, cellSchema);
const CELL_KEYS = new Set(['value', 'formula', 'numFmt', 'style', 'allowError']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the cell is valid; style objects are checked with zod once per distinct style. */
function quickCellCheck(cell: unknown, styleOk: Map<string, boolean>): boolean {
  if (!isPlainObject(cell)) return false;
  for (const k in cell) if (!CELL_KEYS.has(k)) return false;
  const v = cell.value;
  if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) return false;
  if (cell.formula !== undefined && (typeof cell.formula !== 'string' || cell.formula.length === 0)) return false;
  if (cell.numFmt !== undefined && typeof cell.numFmt !== 'string') return false;
  if (cell.allowError !== undefined && typeof cell.allowError !== 'boolean') return false;
  if (cell.style !== undefined) {
    const key = JSON.stringify(cell.style);
    let ok = styleOk.get(key);
    if (ok === undefined) styleOk.set(key, (ok = cellStyleSchema.safeParse(cell.style).success));
    if (!ok) return false;
  }
  return true;
}

/**
 * Validates a workbook and applies defaults. Equivalent to workbookSchema.parse, but cells — the
 * bulk of a large workbook — are checked by a fast path (zod only for distinct styles and for
 * producing the error report), so a 100,000-cell model validates in tens of milliseconds.
 */
export function parseWorkbook(input: unknown): Workbook {
  if (!isPlainObject(input) || !Array.isArray(input.sheets)) return workbookSchema.parse(input);
  const sheetsIn = input.sheets as unknown[];
  const stripped = { ...input, sheets: sheetsIn.map((s) => (isPlainObject(s) ? { ...s, cells: {} } : s)) };
  const wb = workbookSchema.parse(stripped);
  const styleOk = new Map<string, boolean>();
  wb.sheets.forEach((sheet, i) => {
    const cells = (sheetsIn[i] as Record<string, unknown>).cells;
    if (cells === undefined) return;
    let ok = isPlainObject(cells);
    if (ok) {
      for (const a in cells as Record<string, unknown>) {
        if (!isAddressFast(a) || !quickCellCheck((cells as Record<string, unknown>)[a], styleOk)) {
          ok = false;
          break;
        }
      }
    }
    if (!ok) {
      const r = cellsSchema.safeParse(cells);
      if (!r.success) {
        throw new z.ZodError(r.error.issues.map((iss) => ({ ...iss, path: ['sheets', i, 'cells', ...iss.path] })));
      }
      sheet.cells = r.data;
    } else {
      sheet.cells = cells as Record<string, Cell>;
    }
  });
  return wb;
}
