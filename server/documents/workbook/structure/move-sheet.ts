/** moveSheet: a new position in the sheet order. */
import type { Workbook } from '../schema';
import { scanFormula } from './formula-tokens';
import { mapWorkbookFormulas } from './map-workbook-formulas';
import { requireSheetIndex } from './sheet-names';
import type { StructureResult, StructureWarning } from './types';

/**
 * Moves sheet `name` to position `to` (0-based, like `activeSheet`: the index it has afterwards).
 * The active sheet stays the same sheet. References name sheets, so formulas do not change; a
 * 3-D reference (Sheet1:Sheet3!A1) whose set of sheets changes gets a warning.
 */
export function moveSheet(wb: Workbook, name: string, to: number): StructureResult {
  const from = requireSheetIndex(wb, name);
  if (!Number.isInteger(to) || to < 0 || to >= wb.sheets.length) {
    throw new Error(`Invalid sheet position ${to}: expected 0 to ${wb.sheets.length - 1}.`);
  }
  if (to === from) return { workbook: wb, warnings: [] };
  const sheets = wb.sheets.slice();
  const [moved] = sheets.splice(from, 1);
  sheets.splice(to, 0, moved!);
  const workbook: Workbook = { ...wb, sheets };
  if (wb.activeSheet !== undefined) {
    const active = wb.sheets[wb.activeSheet];
    const i = active ? sheets.indexOf(active) : -1;
    if (i >= 0) workbook.activeSheet = i;
  }
  const warnings: StructureWarning[] = [];
  const before = wb.sheets.map((s) => s.name.toLowerCase());
  const after = sheets.map((s) => s.name.toLowerCase());
  const members = (order: string[], a: string, b: string): string => {
    const i = order.indexOf(a.toLowerCase());
    const j = order.indexOf(b.toLowerCase());
    if (i < 0 || j < 0) return '';
    return order.slice(Math.min(i, j), Math.max(i, j) + 1).sort().join('\u0000');
  };
  mapWorkbookFormulas(
    workbook,
    (formula, site) => {
      if (!formula.includes(':') || !formula.includes('!')) return undefined;
      let changed = false;
      scanFormula(formula, (kind, _s, _e, prefix) => {
        if (prefix?.lastSheet === undefined || prefix.external) return;
        if (members(before, prefix.sheet, prefix.lastSheet) !== members(after, prefix.sheet, prefix.lastSheet)) changed = true;
      });
      if (changed) {
        warnings.push({
          code: '3d-ref-span-changed',
          message: `${site.location} has a 3-D reference whose sheets changed when ${moved!.name} moved`,
          location: site.location,
        });
      }
      return undefined;
    },
    { action: `moving sheet ${moved!.name}` },
  );
  return { workbook, warnings };
}
