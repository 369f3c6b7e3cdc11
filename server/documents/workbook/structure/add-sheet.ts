/** addSheet: a new, empty worksheet. */
import { emptySheet, type Sheet, type Workbook } from '../schema';
import { assertValidSheetName } from './sheet-names';
import type { StructureResult } from './types';

/**
 * Adds an empty worksheet named `name` at position `at` (0-based, like `activeSheet`; default:
 * after the last sheet). The active sheet stays the same sheet. Throws on an invalid or taken name.
 */
export function addSheet(wb: Workbook, name: string, at?: number): StructureResult {
  assertValidSheetName(wb, name);
  if (wb.sheets.length >= 255) throw new Error('A workbook holds at most 255 sheets here.');
  const index = at ?? wb.sheets.length;
  if (!Number.isInteger(index) || index < 0 || index > wb.sheets.length) {
    throw new Error(`Invalid sheet position ${String(at)}: expected 0 to ${wb.sheets.length}.`);
  }
  const sheet: Sheet = emptySheet(name);
  const sheets = wb.sheets.slice();
  sheets.splice(index, 0, sheet);
  const workbook: Workbook = { ...wb, sheets };
  if (wb.activeSheet !== undefined && wb.activeSheet >= index) workbook.activeSheet = wb.activeSheet + 1;
  return { workbook, warnings: [] };
}
