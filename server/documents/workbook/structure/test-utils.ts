/** Helpers for the structure tests (not used by the library code). */
import { expect } from 'vitest';
import { evaluateWorkbook } from '../evaluate-formulas';
import { parseWorkbook, type Workbook, type WorkbookInput } from '../schema';

export function workbook(input: WorkbookInput): Workbook {
  return parseWorkbook(input);
}

/** A deep copy, to check that an operation did not modify its input. */
export function snapshot<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * Evaluates both workbooks and checks that every formula cell of `before` computes the same value
 * at its new address in `after` (`move` maps "Sheet!A1" to the new "Sheet!A1", or undefined when
 * the cell was deleted). Returns how many formula values were compared.
 */
export function expectSameValues(before: Workbook, after: Workbook, move: (sheet: string, addr: string) => [string, string] | undefined): number {
  const a = evaluateWorkbook(before);
  const b = evaluateWorkbook(after);
  let compared = 0;
  for (const [sheet, values] of a.formulaValues) {
    for (const [addr, v] of values) {
      const to = move(sheet, addr);
      if (!to) continue;
      expect({ at: `${to[0]}!${to[1]}`, v: b.get(to[0], to[1]) }).toEqual({ at: `${to[0]}!${to[1]}`, v });
      compared++;
    }
  }
  return compared;
}

/** A 10,000-row sheet "Big" (8 numbers and 2 formulas a row) and a sheet "Other" summing part of it. */
export function largeShiftWorkbook(): { sheets: Array<{ name: string; cells: Record<string, { value?: number; formula?: string }> }> } {
  const cells: Record<string, { value?: number; formula?: string }> = {};
  const letters = 'ABCDEFGHIJ';
  for (let r = 1; r <= 10_000; r++) {
    for (let c = 1; c <= 10; c++) cells[`${letters[c - 1]}${r}`] = c <= 8 ? { value: r * c } : { formula: `${letters[c - 9]}${r}*2+SUM($A$1:A${r})` };
  }
  return { sheets: [{ name: 'Big', cells }, { name: 'Other', cells: { A1: { formula: 'SUM(Big!A1:A100)' } } }] };
}
