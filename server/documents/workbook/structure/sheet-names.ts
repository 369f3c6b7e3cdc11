/** Excel's rules for sheet names, and how a sheet name is written in a formula. */
import type { Workbook } from '../schema';

const FORBIDDEN = /[\\/?*[\]:]/;

/**
 * Throws an Error with a clear message when `name` is not a valid Excel sheet name, or when another
 * sheet of the workbook already has it (case-insensitively). `except` is a sheet allowed to hold
 * the name already (the sheet being renamed).
 */
export function assertValidSheetName(wb: Workbook, name: string, except?: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new Error('A sheet name cannot be empty.');
  if (name.trim().length === 0) throw new Error('A sheet name cannot be blank.');
  if (name.length > 31) throw new Error(`The sheet name "${name}" is longer than 31 characters.`);
  const bad = FORBIDDEN.exec(name);
  if (bad) throw new Error(`The sheet name "${name}" contains "${bad[0]}"; sheet names cannot contain \\ / ? * [ ] or :.`);
  if (name.startsWith("'") || name.endsWith("'")) throw new Error(`The sheet name "${name}" cannot begin or end with an apostrophe.`);
  if (name.toLowerCase() === 'history') throw new Error('"History" is reserved by Excel and cannot be used as a sheet name.');
  const key = name.toLowerCase();
  const exceptKey = except?.toLowerCase();
  for (const s of wb.sheets) {
    const k = s.name.toLowerCase();
    if (k === key && k !== exceptKey) throw new Error(`A sheet named "${s.name}" already exists (sheet names are compared case-insensitively).`);
  }
}

/** Index of the sheet named `name` (case-insensitive), or -1. */
export function findSheetIndex(wb: Workbook, name: string): number {
  const key = name.toLowerCase();
  return wb.sheets.findIndex((s) => s.name.toLowerCase() === key);
}

/** Index of the sheet named `name`; throws when there is none. */
export function requireSheetIndex(wb: Workbook, name: string): number {
  const i = findSheetIndex(wb, name);
  if (i < 0) throw new Error(`There is no sheet named "${name}".`);
  return i;
}

/** True when a sheet name must be quoted in a formula ('My sheet'!A1). */
export function sheetNameNeedsQuotes(name: string): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) return true;
  if (/^[A-Za-z]{1,3}\d+$/.test(name)) return true; // looks like a cell (AB12)
  if (/^(R\d*C\d*|R\d*|C\d*)$/i.test(name)) return true; // looks like an R1C1 reference
  if (/^(TRUE|FALSE)$/i.test(name)) return true;
  return false;
}

/** "Sheet1!", "'My sheet'!", "Jan:Mar!" or "'Q 1:Q 4'!". */
export function formatSheetPrefix(sheet: string, lastSheet?: string): string {
  if (lastSheet === undefined) return sheetNameNeedsQuotes(sheet) ? `'${sheet.replace(/'/g, "''")}'!` : `${sheet}!`;
  if (sheetNameNeedsQuotes(sheet) || sheetNameNeedsQuotes(lastSheet)) return `'${sheet.replace(/'/g, "''")}:${lastSheet.replace(/'/g, "''")}'!`;
  return `${sheet}:${lastSheet}!`;
}

/** The text a formula may use for a sheet name, lower-cased, for a quick "could it refer to this sheet" test. */
export function sheetNeedle(name: string): string {
  return name.replace(/'/g, "''").toLowerCase();
}
