// Shapes of the edits a workbook accepts (cell changes and workbook ops): the editor API's request
// bodies use them, and stored edit patches are replayed through them (apply-workbook-ops.ts).
import { z } from 'zod';

/** Text without NUL characters (they cannot be stored in an .xlsx file). */
const text = (max: number) => z.string().max(max).refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const cellValue = z.union([text(32_767), z.number().finite(), z.boolean(), z.null()]);
const sheetName = text(31).pipe(z.string().min(1)).meta({ description: 'Sheet name.' });
const cellAddress = z.string().regex(/^[A-Z]{1,3}[1-9]\d{0,6}$/, 'expected an A1 address such as "B3"');

export const cellChangeSchema = z
  .strictObject({
    sheet: sheetName,
    cell: cellAddress,
    value: cellValue.optional().meta({ description: 'New literal value; null clears the cell (its style stays).' }),
    formula: text(8_192).nullable().optional().meta({ description: 'New formula (with or without the leading "="); null removes it.' }),
  })
  .meta({ id: 'EditorCellChange' });

/** Most cells one workbook op may touch (a style or number format over a range). */
export const MAX_OP_RANGE_CELLS = 200_000;
export const MAX_WORKBOOK_OPS = 5_000;
const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;

const colNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
const rangeText = z
  .string()
  .regex(/^[A-Z]{1,3}[1-9]\d{0,6}(:[A-Z]{1,3}[1-9]\d{0,6})?$/, 'expected an A1 range such as "B2:D9"')
  .refine((r) => {
    const [a, b = a] = r.split(':');
    const p = (x: string) => {
      const m = /^([A-Z]+)(\d+)$/.exec(x)!;
      return { c: colNumber(m[1]!), r: Number(m[2]) };
    };
    const x = p(a!);
    const y = p(b!);
    if (x.c > MAX_COL || y.c > MAX_COL || x.r > MAX_ROW || y.r > MAX_ROW) return false;
    return (Math.abs(y.r - x.r) + 1) * (Math.abs(y.c - x.c) + 1) <= MAX_OP_RANGE_CELLS;
  }, `the range must lie on the sheet and cover at most ${MAX_OP_RANGE_CELLS} cells`);
const columnSpan = z
  .string()
  .regex(/^[A-Z]{1,3}(:[A-Z]{1,3})?$/, 'expected a column or span such as "B" or "B:D"')
  .refine((s) => s.split(':').every((l) => colNumber(l) <= MAX_COL), 'column beyond XFD');
const rowSpan = z
  .string()
  .regex(/^[1-9]\d{0,6}(:[1-9]\d{0,6})?$/, 'expected a row or span such as "3" or "3:7"')
  .refine((s) => s.split(':').every((n) => Number(n) <= MAX_ROW), 'row beyond 1048576');
const hex = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'colour must be a 6-digit hex like "#1F4E79"');
const borderStyle = z.enum(['thin', 'medium', 'thick', 'dashed', 'dotted', 'double', 'hair']);
const borderSide = z.strictObject({ style: borderStyle, color: hex.optional() });

export const styleChangeSchema = z
  .strictObject({
    fontName: text(255).pipe(z.string().min(1)).nullable().optional(),
    fontSize: z.number().min(1).max(409).nullable().optional(),
    bold: z.boolean().nullable().optional(),
    italic: z.boolean().nullable().optional(),
    underline: z.boolean().nullable().optional(),
    strike: z.boolean().nullable().optional(),
    color: hex.nullable().optional().meta({ description: 'Font colour.' }),
    fill: hex.nullable().optional().meta({ description: 'Solid background fill.' }),
    hAlign: z.enum(['left', 'center', 'right', 'fill', 'justify']).nullable().optional(),
    vAlign: z.enum(['top', 'middle', 'bottom']).nullable().optional(),
    wrap: z.boolean().nullable().optional(),
    border: z
      .strictObject({ top: borderSide.nullable().optional(), bottom: borderSide.nullable().optional(), left: borderSide.nullable().optional(), right: borderSide.nullable().optional() })
      .nullable()
      .optional()
      .meta({ description: 'Per side; null removes a side (or, for the whole object, every border).' }),
  })
  .meta({ id: 'EditorStyleChange', description: 'Style attributes to set; null removes one; absent ones stay as they are.' });

const op = <T extends string, S extends z.ZodRawShape>(name: T, shape: S, id: string, description: string) =>
  z.strictObject({ op: z.literal(name), ...shape }).meta({ id, description });

export const setCellOp = op('set', { sheet: sheetName, cell: cellAddress, value: cellChangeSchema.shape.value, formula: cellChangeSchema.shape.formula }, 'EditorSetCellOp', 'A cell\'s value or formula (as a cell change).');
export const styleOp = op('style', { sheet: sheetName, range: rangeText, style: styleChangeSchema }, 'EditorStyleOp', 'Style of every cell of a range.');
export const borderOp = op(
  'border',
  {
    sheet: sheetName,
    range: rangeText,
    type: z.enum(['all', 'outside', 'inside', 'horizontal', 'vertical', 'top', 'bottom', 'left', 'right', 'none']),
    style: borderStyle.optional(),
    color: hex.optional(),
  },
  'EditorBorderOp',
  'Borders of a range as the toolbar draws them: every edge, the outline, the inner lines, one side, or none.',
);
export const numFmtOp = op('numFmt', { sheet: sheetName, range: rangeText, numFmt: text(255).pipe(z.string().min(1)).nullable() }, 'EditorNumFmtOp', 'Number format of every cell of a range (null: General).');
export const columnWidthOp = op('columnWidth', { sheet: sheetName, columns: columnSpan, width: z.number().min(0).max(255).nullable() }, 'EditorColumnWidthOp', 'Width in characters (null: the default).');
export const rowHeightOp = op('rowHeight', { sheet: sheetName, rows: rowSpan, height: z.number().min(0).max(409).nullable() }, 'EditorRowHeightOp', 'Height in points (null: fit the content).');
export const hideColumnsOp = op('hideColumns', { sheet: sheetName, columns: columnSpan, hidden: z.boolean() }, 'EditorHideColumnsOp', 'Hide or show columns.');
export const hideRowsOp = op('hideRows', { sheet: sheetName, rows: rowSpan, hidden: z.boolean() }, 'EditorHideRowsOp', 'Hide or show rows.');
export const freezeOp = op('freeze', { sheet: sheetName, rows: z.number().int().min(0).max(1000), cols: z.number().int().min(0).max(200) }, 'EditorFreezeOp', 'Frozen rows at the top and columns at the left (0 and 0: none).');
export const insertRowsOp = op('insertRows', { sheet: sheetName, at: z.number().int().min(1).max(MAX_ROW), count: z.number().int().min(1).max(10_000) }, 'EditorInsertRowsOp', 'Insert rows before row `at` (formulas, merges, charts… follow).');
export const deleteRowsOp = op('deleteRows', { sheet: sheetName, from: z.number().int().min(1).max(MAX_ROW), count: z.number().int().min(1).max(100_000) }, 'EditorDeleteRowsOp', 'Delete `count` rows from row `from`.');
export const insertColumnsOp = op('insertColumns', { sheet: sheetName, at: z.number().int().min(1).max(MAX_COL), count: z.number().int().min(1).max(1_000) }, 'EditorInsertColumnsOp', 'Insert columns before column number `at` (1 = A).');
export const deleteColumnsOp = op('deleteColumns', { sheet: sheetName, from: z.number().int().min(1).max(MAX_COL), count: z.number().int().min(1).max(MAX_COL) }, 'EditorDeleteColumnsOp', 'Delete `count` columns from column number `from`.');
export const sortRangeOp = op(
  'sortRange',
  { sheet: sheetName, range: rangeText, by: z.string().regex(/^[A-Z]{1,3}$/, 'expected a column letter'), descending: z.boolean().optional(), header: z.boolean().optional().meta({ description: 'The first row is a header and stays on top.' }) },
  'EditorSortRangeOp',
  'Sort the rows of a range by one of its columns.',
);
export const addSheetOp = op('addSheet', { name: sheetName, index: z.number().int().min(0).max(255).optional() }, 'EditorAddSheetOp', 'Add an empty sheet.');
export const renameSheetOp = op('renameSheet', { sheet: sheetName, name: sheetName }, 'EditorRenameSheetOp', 'Rename a sheet (formulas that name it follow).');
export const deleteSheetOp = op('deleteSheet', { sheet: sheetName }, 'EditorDeleteSheetOp', 'Delete a sheet.');

/** Ops that change the shape of a workbook (the structure engine applies them). */
export const STRUCTURE_OPS = ['insertRows', 'deleteRows', 'insertColumns', 'deleteColumns', 'sortRange', 'addSheet', 'renameSheet', 'deleteSheet'] as const;

export const workbookOpSchema = z.discriminatedUnion('op', [
  setCellOp,
  styleOp,
  borderOp,
  numFmtOp,
  columnWidthOp,
  rowHeightOp,
  hideColumnsOp,
  hideRowsOp,
  freezeOp,
  insertRowsOp,
  deleteRowsOp,
  insertColumnsOp,
  deleteColumnsOp,
  sortRangeOp,
  addSheetOp,
  renameSheetOp,
  deleteSheetOp,
]);
export type WorkbookOp = z.infer<typeof workbookOpSchema>;
export type StyleChange = z.infer<typeof styleChangeSchema>;
export type CellChange = z.infer<typeof cellChangeSchema>;
