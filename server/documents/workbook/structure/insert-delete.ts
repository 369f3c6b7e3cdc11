/**
 * insertRows / deleteRows / insertColumns / deleteColumns: the edited sheet's cells, specs,
 * merges and placed objects move, and every reference to the edited sheet anywhere in the
 * workbook (formulas, names, rules, validations, charts, hyperlinks, print areas) follows, the way
 * Excel does it. The input is not modified; unchanged sheets and cells are shared.
 */
import { MAX_COLS, MAX_ROWS, parseRange } from '../../../../lib/workbook/cell-ref';
import type { Cell, Sheet, Workbook } from '../schema';
import { mapWorkbookFormulas, type FormulaMapper } from './map-workbook-formulas';
import type { AxisEdit } from './shift-area';
import { shiftCells } from './shift-cells';
import type { ShiftContext } from './shift-formula';
import { shiftFormula } from './shift-formula';
import {
  shiftAutoFilter,
  shiftChartAnchors,
  shiftComments,
  shiftConditionalFormats,
  shiftDataValidations,
  shiftHyperlinkRefs,
  shiftImages,
  shiftPrintSetup,
  shiftTables,
  type DeletedTableColumn,
  type ObjectShiftContext,
} from './shift-sheet-objects';
import { shiftColumnSpecs, shiftMerges, shiftRowSpecs } from './shift-sheet-layout';
import { requireSheetIndex, sheetNeedle } from './sheet-names';
import { dropDeletedColumnRefs } from './table-column-refs';
import type { StructureResult, StructureWarning } from './types';
import { colLetters } from './formula-refs';

function checkArgs(edit: AxisEdit): void {
  const max = edit.axis === 'row' ? MAX_ROWS : MAX_COLS;
  const what = edit.axis === 'row' ? 'row' : 'column';
  if (!Number.isInteger(edit.at) || edit.at < 1 || edit.at > max) throw new Error(`Invalid ${what} number ${edit.at}: expected 1 to ${max}.`);
  if (!Number.isInteger(edit.count) || edit.count < 0) throw new Error(`Invalid count ${edit.count}: expected a whole number of ${what}s.`);
  if (edit.op === 'delete' && edit.at + edit.count - 1 > max) throw new Error(`Cannot delete ${what}s past the end of the sheet (${what} ${max}).`);
  if (edit.op === 'insert' && edit.count > max - edit.at + 1) throw new Error(`Cannot insert ${edit.count} ${what}s at ${what} ${edit.at}: the sheet has only ${max}.`);
}

function describe(edit: AxisEdit): string {
  const what = edit.axis === 'row' ? (edit.count === 1 ? 'row' : 'rows') : edit.count === 1 ? 'column' : 'columns';
  const first = edit.axis === 'row' ? String(edit.at) : colLetters(edit.at);
  const last = edit.axis === 'row' ? String(edit.at + edit.count - 1) : colLetters(edit.at + edit.count - 1);
  const span = edit.count === 1 ? first : `${first}:${last}`;
  return `${edit.op === 'insert' ? 'inserting' : 'deleting'} ${edit.count} ${what} (${span}) in ${edit.sheet}`;
}

/** Sets or removes an optional key, keeping the object free of `key: undefined`. */
function setOptional<K extends keyof Sheet>(sheet: Sheet, key: K, value: Sheet[K] | undefined): void {
  if (value === undefined) delete sheet[key];
  else sheet[key] = value;
}

function applyEdit(wb: Workbook, sheetName: string, axis: AxisEdit['axis'], op: AxisEdit['op'], at: number, count: number): StructureResult {
  const index = requireSheetIndex(wb, sheetName);
  const sheet = wb.sheets[index]!;
  const edit: AxisEdit = { sheet: sheet.name, axis, op, at, count };
  checkArgs(edit);
  if (count === 0) return { workbook: wb, warnings: [] };

  const warnings: StructureWarning[] = [];
  const action = describe(edit);
  const order = new Map(wb.sheets.map((s, i) => [s.name.toLowerCase(), i]));
  const spanIncludesEdited = (first: string, last: string): boolean => {
    const a = order.get(first.toLowerCase());
    const b = order.get(last.toLowerCase());
    if (a === undefined || b === undefined) return false;
    return Math.min(a, b) <= index && index <= Math.max(a, b);
  };
  const shiftCtx: ShiftContext = { sheet: sheet.name, spanIncludesEdited };
  const editedKey = sheet.name.toLowerCase();
  const needle = sheetNeedle(sheet.name);
  const has3d = wb.sheets.length > 2;
  const mapper: FormulaMapper = (formula, site) => {
    const own = site.sheet?.toLowerCase() === editedKey;
    if (!own) {
      const lower = formula.toLowerCase();
      if (!lower.includes(needle) && !(has3d && formula.includes(':') && formula.includes('!'))) return undefined;
    }
    return shiftFormula(formula, edit, { sheet: site.sheet, spanIncludesEdited });
  };

  // the edited sheet
  const c: ObjectShiftContext = { edit, shiftCtx, action, warnings };
  const movedCells = shiftCells(sheet, edit, shiftCtx, warnings);
  const tables = shiftTables(sheet, movedCells, c);
  const next: Sheet = {
    ...sheet,
    cells: tables.cells,
    rows: shiftRowSpecs(sheet.rows, edit),
    columns: shiftColumnSpecs(sheet.columns, edit),
    merges: shiftMerges(sheet.merges, edit),
    tables: tables.tables,
    conditionalFormats: shiftConditionalFormats(sheet, c),
    charts: shiftChartAnchors(sheet, c),
  };
  setOptional(next, 'dataValidations', shiftDataValidations(sheet, c));
  setOptional(next, 'comments', shiftComments(sheet.comments, edit));
  setOptional(next, 'hyperlinks', shiftHyperlinkRefs(sheet.hyperlinks, edit));
  setOptional(next, 'autoFilter', shiftAutoFilter(sheet, c));
  setOptional(next, 'print', shiftPrintSetup(sheet, c, mapper));
  setOptional(next, 'images', shiftImages(sheet, c));

  const sheets = wb.sheets.slice();
  sheets[index] = next;
  const shifted = mapWorkbookFormulas({ ...wb, sheets }, mapper, { skipSheetContents: sheet.name, action });
  warnings.push(...shifted.warnings);
  let workbook = shifted.workbook;
  if (tables.deletedColumns.length) workbook = dropTableColumnRefs(workbook, index, tables.deletedColumns, action, warnings);
  // an imported sheet: the parts of its file that the model only carries are shifted the same way when written
  if (workbook.source && sheet.sourcePart) {
    workbook = { ...workbook, source: { ...workbook.source, edits: [...(workbook.source.edits ?? []), { part: sheet.sourcePart, axis, op, at, count }] } };
  }
  return { workbook, warnings };
}

/** Structured references to deleted table columns become #REF! (qualified ones anywhere, [@Col] inside the table). */
function dropTableColumnRefs(wb: Workbook, index: number, deleted: DeletedTableColumn[], action: string, warnings: StructureWarning[]): Workbook {
  const mapped = mapWorkbookFormulas(wb, (f) => dropDeletedColumnRefs(f, deleted), { action });
  warnings.push(...mapped.warnings);
  const sheet = mapped.workbook.sheets[index]!;
  let cells: Record<string, Cell> | undefined;
  const tables = sheet.tables.map((t) => {
    if (!deleted.some((d) => d.table === t.name)) return t;
    let next = t;
    if (t.columns?.some((col) => col.calculatedColumnFormula)) {
      next = {
        ...t,
        columns: t.columns.map((col) => {
          if (!col.calculatedColumnFormula) return col;
          const r = dropDeletedColumnRefs(col.calculatedColumnFormula, deleted, t.name);
          return r && r.formula !== col.calculatedColumnFormula ? { ...col, calculatedColumnFormula: r.formula } : col;
        }),
      };
    }
    let range;
    try {
      range = parseRange(t.range);
    } catch {
      return next;
    }
    const lastRow = range.to.row + (t.totalsRow ? 1 : 0);
    for (let row = range.from.row; row <= lastRow; row++) {
      for (let col = range.from.col; col <= range.to.col; col++) {
        const addr = colLetters(col) + row;
        const cell = (cells ?? sheet.cells)[addr];
        if (!cell?.formula) continue;
        const r = dropDeletedColumnRefs(cell.formula, deleted, t.name);
        if (!r || r.formula === cell.formula) continue;
        cells ??= { ...sheet.cells };
        const n: Cell = { ...cell, formula: r.formula };
        delete n.value;
        cells[addr] = n;
        warnings.push({ code: 'ref-error', message: `The formula at ${sheet.name}!${addr} referred to a deleted table column and now contains #REF! (${action})`, location: `${sheet.name}!${addr}` });
      }
    }
    return next;
  });
  const changedTables = tables.some((t, i) => t !== sheet.tables[i]);
  if (!cells && !changedTables) return mapped.workbook;
  const sheets = mapped.workbook.sheets.slice();
  sheets[index] = { ...sheet, ...(cells ? { cells } : {}), tables };
  return { ...mapped.workbook, sheets };
}

/** Inserts `count` empty rows before row `at` (1-based) of the sheet. */
export function insertRows(wb: Workbook, sheetName: string, at: number, count: number): StructureResult {
  return applyEdit(wb, sheetName, 'row', 'insert', at, count);
}

/** Deletes rows `from` … `from + count - 1` (1-based) of the sheet. */
export function deleteRows(wb: Workbook, sheetName: string, from: number, count: number): StructureResult {
  return applyEdit(wb, sheetName, 'row', 'delete', from, count);
}

/** Inserts `count` empty columns before column number `at` (1-based: A = 1) of the sheet. */
export function insertColumns(wb: Workbook, sheetName: string, at: number, count: number): StructureResult {
  return applyEdit(wb, sheetName, 'col', 'insert', at, count);
}

/** Deletes columns `from` … `from + count - 1` (1-based: A = 1) of the sheet. */
export function deleteColumns(wb: Workbook, sheetName: string, from: number, count: number): StructureResult {
  return applyEdit(wb, sheetName, 'col', 'delete', from, count);
}
