import { z } from 'zod';
import { addressKey, isAddress, isRange, parseSheetRange } from '../../../lib/workbook/cell-ref';

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

/** "A1:B5 D1:D9": one or more ranges separated by spaces (whole rows/columns as A1-style bounds). */
export function isSqref(s: string): boolean {
  const parts = s.trim().split(/\s+/);
  return parts.length > 0 && parts.length <= 2048 && parts.every((p) => isRange(p));
}

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

export const richRunSchema = z
  .object({
    text: z.string(),
    style: cellStyleSchema.pick({ fontName: true, fontSize: true, bold: true, italic: true, underline: true, strike: true, color: true }).optional(),
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
    error: z.string().regex(/^#[A-Z0-9/!?]+[!?A-Z0-9/]*$/).optional().describe('a literal error value typed into the cell, e.g. "#N/A"'),
    richText: z.array(richRunSchema).max(1000).optional().describe('formatted runs of a text cell (their texts joined equal value)'),
    array: z.string().optional().describe('an array (CSE) formula: the range it spills over, e.g. "C2:C10"'),
    xf: z.number().int().min(0).optional().describe('internal: the style index of the imported file this cell\'s style came from'),
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
    showColumnStripes: z.boolean().optional(),
    autoFilter: z.boolean().optional().describe('filter buttons on the header row (default true)'),
    displayName: z.string().optional(),
    columns: z
      .array(
        z
          .object({
            name: z.string(),
            totalsRowFunction: z.string().optional(),
            totalsRowLabel: z.string().optional(),
            totalsRowFormula: z.string().optional(),
            calculatedColumnFormula: z.string().optional(),
          })
          .strict(),
      )
      .optional()
      .describe('the table\'s columns as the file defines them (names, totals row, calculated columns)'),
    sourcePart: z.string().optional().describe('internal: the table part of the imported file'),
  })
  .strict();

export const cfStyleSchema = z
  .object({
    color: hexColor.optional(),
    fill: hexColor.optional(),
    bold: z.boolean().optional(),
    italic: z.boolean().optional(),
    underline: z.boolean().optional(),
    strike: z.boolean().optional(),
    numFmt: z.string().optional(),
    border: borderStyleSchema.optional(),
  })
  .strict();

/** A threshold of a colour scale, data bar or icon set: min, max, a number, percent, percentile or formula. */
export const cfvoSchema = z
  .object({ type: z.enum(['min', 'max', 'num', 'percent', 'percentile', 'formula', 'autoMin', 'autoMax']), value: z.union([z.number(), z.string()]).optional(), gte: z.boolean().optional() })
  .strict();

const cfOperator = z.enum(['greaterThan', 'lessThan', 'between', 'notBetween', 'equal', 'notEqual', 'greaterThanOrEqual', 'lessThanOrEqual']);

export const cfRuleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dataBar'), color: hexColor.default('#638EC6'), cfvo: z.array(cfvoSchema).length(2).optional(), showValue: z.boolean().optional() }).strict(),
  z
    .object({
      type: z.literal('colorScale'),
      colors: z.array(hexColor).min(2).max(3).describe('min, (mid,) max colours'),
      cfvo: z.array(cfvoSchema).min(2).max(3).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('cellIs'),
      operator: cfOperator,
      values: z.array(z.union([z.number(), z.string()])).min(1).max(2).describe('numbers, quoted text, or formulas such as "$B$1"'),
      style: cfStyleSchema,
    })
    .strict(),
  z.object({ type: z.literal('expression'), formula: z.string().min(1).describe('true for the cells to format, relative to the range\'s top-left cell'), style: cfStyleSchema }).strict(),
  z
    .object({ type: z.literal('top10'), rank: z.number().int().min(1), percent: z.boolean().optional(), bottom: z.boolean().optional(), style: cfStyleSchema })
    .strict(),
  z
    .object({ type: z.literal('aboveAverage'), below: z.boolean().optional(), equal: z.boolean().optional(), stdDev: z.number().int().optional(), style: cfStyleSchema })
    .strict(),
  z
    .object({
      type: z.literal('text'),
      operator: z.enum(['containsText', 'notContains', 'beginsWith', 'endsWith']),
      text: z.string(),
      style: cfStyleSchema,
    })
    .strict(),
  z.object({ type: z.enum(['duplicateValues', 'uniqueValues', 'containsBlanks', 'notContainsBlanks', 'containsErrors', 'notContainsErrors']), style: cfStyleSchema }).strict(),
  z.object({ type: z.literal('timePeriod'), period: z.string(), style: cfStyleSchema }).strict(),
  z
    .object({
      type: z.literal('iconSet'),
      iconSet: z.string().default('3TrafficLights1'),
      cfvo: z.array(cfvoSchema).min(3).max(5).optional(),
      reverse: z.boolean().optional(),
      showValue: z.boolean().optional(),
    })
    .strict(),
]);

export const conditionalFormatSchema = z
  .object({
    range: z.string().refine(isSqref, 'expected an A1 range such as "A1:D10" (several separated by spaces)'),
    rule: cfRuleSchema,
    priority: z.number().int().optional(),
    stopIfTrue: z.boolean().optional(),
  })
  .strict();

export const dataValidationSchema = z
  .object({
    range: z.string().refine(isSqref, 'expected an A1 range such as "B2:B100" (several separated by spaces)'),
    type: z.enum(['any', 'list', 'whole', 'decimal', 'date', 'time', 'textLength', 'custom']),
    operator: cfOperator.optional(),
    formula1: z.string().optional().describe('list: "\"Yes,No\"" or a range such as "$A$1:$A$5"; others: a value or formula'),
    formula2: z.string().optional(),
    allowBlank: z.boolean().optional(),
    showDropDown: z.boolean().optional().describe('true HIDES the in-cell drop-down (the file format\'s meaning)'),
    showInputMessage: z.boolean().optional(),
    showErrorMessage: z.boolean().optional(),
    errorStyle: z.enum(['stop', 'warning', 'information']).optional(),
    promptTitle: z.string().optional(),
    prompt: z.string().optional(),
    errorTitle: z.string().optional(),
    error: z.string().optional(),
  })
  .strict();

export const commentSchema = z
  .object({ cell: address, author: z.string().optional(), text: z.string().max(32_767) })
  .strict();

export const hyperlinkSchema = z
  .object({
    ref: z.string().refine(isSqref, 'expected a cell or range'),
    target: z.string().optional().describe('external URL or mailto: link'),
    location: z.string().optional().describe('a place in this workbook, e.g. "Sheet2!A1" or a defined name'),
    tooltip: z.string().optional(),
    display: z.string().optional(),
  })
  .strict();

export const printSetupSchema = z
  .object({
    area: z.string().optional().describe('print area, e.g. "A1:H40" (several separated by commas)'),
    titleRows: z.string().regex(/^\$?\d+:\$?\d+$/).optional().describe('rows repeated at the top of each page, e.g. "1:2"'),
    titleCols: z.string().regex(/^\$?[A-Z]{1,3}:\$?[A-Z]{1,3}$/).optional().describe('columns repeated at the left, e.g. "A:B"'),
    orientation: z.enum(['portrait', 'landscape']).optional(),
    paperSize: z.number().int().min(1).optional(),
    scale: z.number().int().min(10).max(400).optional(),
    fitToPage: z.boolean().optional(),
    fitToWidth: z.number().int().min(0).optional(),
    fitToHeight: z.number().int().min(0).optional(),
    margins: z
      .object({ left: z.number(), right: z.number(), top: z.number(), bottom: z.number(), header: z.number(), footer: z.number() })
      .strict()
      .optional()
      .describe('inches'),
    header: z.string().optional().describe('odd-page header with Excel codes, e.g. "&CQuarterly report"'),
    footer: z.string().optional(),
    gridLines: z.boolean().optional(),
    headings: z.boolean().optional(),
    horizontalCentered: z.boolean().optional(),
    verticalCentered: z.boolean().optional(),
    rowBreaks: z.array(z.number().int().min(1)).optional().describe('a page break after each of these rows'),
    colBreaks: z.array(z.number().int().min(1)).optional(),
  })
  .strict();

export const autoFilterSchema = z
  .object({
    range: range,
    filters: z
      .array(z.object({ column: z.number().int().min(0).describe('offset from the first column of the range'), values: z.array(z.string()).optional(), blank: z.boolean().optional(), custom: z.string().optional() }).strict())
      .optional(),
  })
  .strict();

export const sheetProtectionSchema = z
  .object({
    sheet: z.boolean().default(true),
    objects: z.boolean().optional(),
    scenarios: z.boolean().optional(),
    allow: z.array(z.string()).optional().describe('actions allowed despite protection, e.g. "formatCells", "sort", "autoFilter"'),
    hasPassword: z.boolean().optional(),
  })
  .strict();

export const sheetImageSchema = z
  .object({
    anchor: z.string().describe('the cell (or cells) the image covers, e.g. "B2" or "B2:E10"'),
    name: z.string().optional(),
    description: z.string().optional(),
    part: z.string().optional().describe('internal: the media part of the imported file'),
  })
  .strict();

export const definedNameSchema = z
  .object({
    name: z.string().min(1).max(255),
    ref: z.string().min(1).describe('what the name stands for, without "=": "Assumptions!$B$2", a constant, or a formula'),
    sheet: z.string().optional().describe('sheet scope (the name is visible only there); workbook scope when absent'),
    hidden: z.boolean().optional(),
    comment: z.string().optional(),
  })
  .strict();

export const chartTypeSchema = z.enum(['bar', 'column', 'line', 'pie', 'scatter', 'area', 'doughnut', 'radar', 'bubble']);

export const chartSeriesSchema = z
  .object({
    name: z.string().optional().describe('literal series name, or a single cell such as "Sales!B1"'),
    values: sheetRange.describe('one row or column of numbers, e.g. "Sales!B2:B13"'),
    categories: sheetRange
      .optional()
      .describe('category labels (x values for scatter); defaults to the chart categories'),
    color: hexColor.optional(),
    line: z.boolean().optional().describe('drawn as a line on a column chart (a combo chart)'),
    secondary: z.boolean().optional().describe('plotted against a second value axis on the right'),
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
    xAxisNumFmt: z.string().optional().describe('number format of the category (x) axis labels, e.g. "mmm yy"'),
    yAxisNumFmt: z.string().optional().describe('number format of the value (y) axis labels, e.g. "#,##0"'),
    dateAxis: z.boolean().optional().describe('categories are dates (a date axis)'),
    dataLabels: z.boolean().optional().describe('show each point\'s value on the chart'),
    combo: z.array(z.string()).optional().describe('internal: every plot type of a combined chart, as read from the file'),
    sourcePart: z.string().optional().describe('internal: the chart part of the imported file'),
  })
  .strict();

export const columnSpecSchema = z
  .object({
    width: z.number().min(0).max(255).optional(),
    hidden: z.boolean().optional(),
    outlineLevel: z.number().int().min(1).max(7).optional(),
    collapsed: z.boolean().optional(),
  })
  .strict();

export const rowSpecSchema = z
  .object({
    height: z.number().min(0).max(409).optional().describe('points; a height the user set (rows without one fit their content)'),
    hidden: z.boolean().optional(),
    outlineLevel: z.number().int().min(1).max(7).optional(),
    collapsed: z.boolean().optional(),
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
      .record(z.string().regex(/^[A-Z]{1,3}(:[A-Z]{1,3})?$/), columnSpecSchema)
      .default({})
      .describe('column widths in characters (and hidden/outline) keyed by column letter, or a span such as "E:XFD"'),
    rows: z
      .record(z.string().regex(/^\d+$/), rowSpecSchema)
      .default({})
      .describe('row heights in points (and hidden/outline) keyed by row number'),
    defaultRowHeight: z.number().min(0).max(409).optional(),
    defaultColWidth: z.number().min(0).max(255).optional(),
    cells: z.record(address, cellSchema).default({}),
    merges: z.array(range).default([]),
    tables: z.array(tableSchema).default([]),
    conditionalFormats: z.array(conditionalFormatSchema).default([]),
    charts: z.array(chartSchema).default([]),
    showGridLines: z.boolean().default(true),
    state: z.enum(['visible', 'hidden', 'veryHidden']).optional().describe('hidden sheets are not shown as tabs; veryHidden only through VBA'),
    kind: z.enum(['worksheet', 'chartsheet', 'dialogsheet']).optional().describe('a chartsheet holds one chart and no cells'),
    rightToLeft: z.boolean().optional(),
    zoom: z.number().int().min(10).max(400).optional(),
    dataValidations: z.array(dataValidationSchema).optional(),
    comments: z.array(commentSchema).optional(),
    hyperlinks: z.array(hyperlinkSchema).optional(),
    autoFilter: autoFilterSchema.optional(),
    print: printSetupSchema.optional(),
    protection: sheetProtectionSchema.optional(),
    images: z.array(sheetImageSchema).optional(),
    outlineSummaryBelow: z.boolean().optional(),
    sourcePart: z.string().optional().describe('internal: the sheet part of the imported file this sheet came from'),
  })
  .strict();

export const workbookSchema = z
  .object({
    defaultFont: z
      .object({ name: z.string().min(1), size: z.number().min(1).max(409) })
      .strict()
      .default({ name: 'Calibri', size: 11 }),
    sheets: z.array(sheetSchema).min(1).max(255),
    definedNames: z.array(definedNameSchema).optional(),
    date1904: z.boolean().optional().describe('dates count from 1904-01-01 (older Mac workbooks)'),
    title: z.string().max(1000).optional().describe('document title (file properties)'),
    activeSheet: z.number().int().min(0).optional(),
    source: z
      .object({
        blobKey: z.string().min(1),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        edits: z
          .array(
            z
              .object({ part: z.string(), axis: z.enum(['row', 'col']), op: z.enum(['insert', 'delete']), at: z.number().int().min(1), count: z.number().int().min(1) })
              .strict(),
          )
          .max(10_000)
          .optional()
          .describe('rows/columns inserted or deleted in imported sheets since the import, in order (the parts the model only carries are shifted the same way)'),
      })
      .strict()
      .optional()
      .describe('internal: the stored .xlsx this workbook was imported from; rendering writes over it so what the model does not hold is kept'),
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
export type RichRun = z.infer<typeof richRunSchema>;
export type CfRule = z.infer<typeof cfRuleSchema>;
export type CfStyle = z.infer<typeof cfStyleSchema>;
export type DataValidation = z.infer<typeof dataValidationSchema>;
export type Comment = z.infer<typeof commentSchema>;
export type Hyperlink = z.infer<typeof hyperlinkSchema>;
export type PrintSetup = z.infer<typeof printSetupSchema>;
export type DefinedName = z.infer<typeof definedNameSchema>;
export type ColumnSpec = z.infer<typeof columnSpecSchema>;
export type RowSpec = z.infer<typeof rowSpecSchema>;
/** The shape accepted before defaults are applied (what a tool call may send). */
export type WorkbookInput = z.input<typeof workbookSchema>;

/** A sheet with nothing in it (every default spelled out, as the parsed model has them). */
export function emptySheet(name: string): Sheet {
  return { name, columns: {}, rows: {}, cells: {}, merges: [], tables: [], conditionalFormats: [], charts: [], showGridLines: true };
}

const cellsSchema = z.record(address, cellSchema);
const CELL_KEYS = new Set(['value', 'formula', 'numFmt', 'style', 'allowError', 'error', 'richText', 'array', 'xf']);

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
  if (cell.xf !== undefined && !(Number.isInteger(cell.xf) && (cell.xf as number) >= 0)) return false;
  if (cell.error !== undefined || cell.array !== undefined || cell.richText !== undefined) return cellSchema.safeParse(cell).success;
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
