/** renameSheet: the sheet and every reference to it get the new name. */
import type { DefinedName, Workbook } from '../schema';
import { mapFormulaTokens } from './formula-refs';
import { mapWorkbookFormulas } from './map-workbook-formulas';
import { assertValidSheetName, formatSheetPrefix, requireSheetIndex, sheetNeedle } from './sheet-names';
import type { StructureResult } from './types';

/**
 * Renames sheet `from` to `to`, updating every formula, defined name (reference and scope), chart
 * series, hyperlink location, conditional-format and validation formula and print area that names
 * it (quoting the new name where a formula needs quotes). Throws on an invalid or taken name.
 */
export function renameSheet(wb: Workbook, from: string, to: string): StructureResult {
  const index = requireSheetIndex(wb, from);
  const old = wb.sheets[index]!.name;
  if (to === old) return { workbook: wb, warnings: [] };
  assertValidSheetName(wb, to, old);
  const oldKey = old.toLowerCase();
  const needle = sheetNeedle(old);
  const rename = (n: string) => (n.toLowerCase() === oldKey ? to : n);
  const mapped = mapWorkbookFormulas(
    wb,
    (formula) => {
      if (!formula.toLowerCase().includes(needle)) return undefined;
      const out = mapFormulaTokens(formula, (t) => {
        const p = t.prefix;
        if (!p || p.external) return undefined;
        const first = rename(p.sheet);
        const last = p.lastSheet === undefined ? undefined : rename(p.lastSheet);
        if (first === p.sheet && last === p.lastSheet) return undefined;
        return formatSheetPrefix(first, last) + t.text.slice(p.text.length);
      });
      return { formula: out, refErrors: 0, skipped3d: 0 };
    },
    { action: `renaming sheet ${old} to ${to}` },
  );
  const workbook: Workbook = { ...mapped.workbook };
  const sheets = workbook.sheets.slice();
  sheets[index] = { ...sheets[index]!, name: to };
  workbook.sheets = sheets;
  if (workbook.definedNames?.some((d) => d.sheet !== undefined && d.sheet.toLowerCase() === oldKey)) {
    workbook.definedNames = workbook.definedNames.map((d): DefinedName => (d.sheet !== undefined && d.sheet.toLowerCase() === oldKey ? { ...d, sheet: to } : d));
  }
  return { workbook, warnings: mapped.warnings };
}
