// Workbook → CSV, in-process: one sheet (a CSV file has no sheets), every formula cell with its
// computed value (the workbook evaluator; exceljs files carry no cached results of their own).
// The grid starts at A1 and spans the sheet's used range, so cell positions are kept.
import Papa from 'papaparse';
import { parseAddress } from '../../lib/workbook/cell-ref';
import { evaluateWorkbook, type EvalValue, type WorkbookEvaluation } from '../documents/workbook/evaluate-formulas';
import type { Cell, Workbook } from '../documents/workbook/schema';
import { csvText } from '../../lib/workbook/cell-text';

/** Rows × columns of the sheet's used range (cells with a value or a formula). */
export function usedExtent(cells: Workbook['sheets'][number]['cells']): { rows: number; cols: number } {
  let rows = 0;
  let cols = 0;
  for (const [addr, cell] of Object.entries(cells)) {
    if (cell.formula === undefined && (cell.value === undefined || cell.value === null || cell.value === '')) continue;
    const p = parseAddress(addr);
    if (p.row > rows) rows = p.row;
    if (p.col > cols) cols = p.col;
  }
  return { rows, cols };
}

/** A cell's value: computed for formula cells (the model's last value when the evaluator has none). */
export function cellValue(cell: Cell, sheet: string, addr: string, evaluation: WorkbookEvaluation): EvalValue {
  if (cell.formula === undefined) return cell.value ?? null;
  const computed = evaluation.formulaValues.get(sheet)?.get(addr);
  return computed !== undefined ? computed : (cell.value ?? null);
}

/**
 * The sheet at sheetIndex (0-based) as RFC 4180 CSV (CRLF line ends, UTF-8, no BOM). Text that
 * would run as a formula where the file is opened is neutralised unless `neutralizeFormulas` is false.
 */
export function workbookToCsv(
  wb: Workbook,
  sheetIndex: number,
  opts: { neutralizeFormulas?: boolean; evaluation?: WorkbookEvaluation } = {},
): string {
  const evaluation = opts.evaluation ?? evaluateWorkbook(wb);
  const neutralize = opts.neutralizeFormulas ?? true;
  const sheet = wb.sheets[sheetIndex];
  if (!sheet) throw new Error(`no sheet at index ${sheetIndex}`);
  const { rows, cols } = usedExtent(sheet.cells);
  const grid: string[][] = [];
  for (let r = 1; r <= rows; r++) {
    const line: string[] = new Array<string>(cols).fill('');
    grid.push(line);
  }
  for (const [addr, cell] of Object.entries(sheet.cells)) {
    const p = parseAddress(addr);
    if (p.row > rows || p.col > cols) continue;
    const value = cellValue(cell, sheet.name, addr, evaluation);
    grid[p.row - 1]![p.col - 1] = csvText(value, cell.numFmt, neutralize);
  }
  if (!grid.length) return '';
  return Papa.unparse(grid, { newline: '\r\n', quotes: false }) + '\r\n';
}
