/**
 * Structural edits on the workbook model, shifting everything the way Excel does: rows/columns
 * inserted or deleted, ranges sorted, sheets added, renamed, deleted and moved. Every function is
 * pure (the input workbook is not modified; what does not change is shared) and returns the new
 * workbook with warnings for what could not be kept exactly.
 */
export { insertRows, deleteRows, insertColumns, deleteColumns } from './insert-delete';
export { moveColumn } from './move-columns';
export { sortRange, type SortKey } from './sort-range';
export { addSheet } from './add-sheet';
export { renameSheet } from './rename-sheet';
export { deleteSheet } from './delete-sheet';
export { moveSheet } from './move-sheet';
export { assertValidSheetName, formatSheetPrefix, sheetNameNeedsQuotes } from './sheet-names';
export { tokenizeFormula, type Token, type TokenKind, type RefArea, type SheetPrefix } from './formula-tokens';
export { shiftFormula } from './shift-formula';
export { translateFormula } from './translate-formula';
export type { StructureResult, StructureWarning, StructureWarningCode } from './types';
