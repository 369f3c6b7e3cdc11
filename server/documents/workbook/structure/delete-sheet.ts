/** deleteSheet: the sheet goes; references to it become #REF!. */
import type { Workbook } from '../schema';
import { mapFormulaTokens } from './formula-refs';
import { mapWorkbookFormulas } from './map-workbook-formulas';
import { formatSheetPrefix, requireSheetIndex, sheetNeedle } from './sheet-names';
import type { StructureResult, StructureWarning } from './types';

/**
 * Deletes sheet `name`. References to it anywhere become #REF! (a warning for each formula, name,
 * rule or validation; chart series and hyperlink locations that pointed at it are removed, with a
 * warning); names scoped to it are removed; a 3-D reference whose first or last sheet it was now
 * ends at the neighbouring sheet, as in Excel. Throws when it is the only (visible) sheet.
 */
export function deleteSheet(wb: Workbook, name: string): StructureResult {
  const index = requireSheetIndex(wb, name);
  const sheet = wb.sheets[index]!;
  if (wb.sheets.length === 1) throw new Error(`Cannot delete "${sheet.name}": a workbook must keep at least one sheet.`);
  const visible = (s: Workbook['sheets'][number]) => (s.state ?? 'visible') === 'visible';
  if (visible(sheet) && !wb.sheets.some((s, i) => i !== index && visible(s))) {
    throw new Error(`Cannot delete "${sheet.name}": a workbook must keep at least one visible sheet.`);
  }
  const key = sheet.name.toLowerCase();
  const needle = sheetNeedle(sheet.name);
  const action = `deleting sheet ${sheet.name}`;
  const warnings: StructureWarning[] = [];
  const order = wb.sheets.map((s) => s.name);
  const pos = (n: string) => order.findIndex((s) => s.toLowerCase() === n.toLowerCase());

  // names scoped to the deleted sheet go with it
  let definedNames = wb.definedNames;
  if (definedNames?.some((d) => d.sheet?.toLowerCase() === key)) {
    definedNames = definedNames.filter((d) => {
      if (d.sheet?.toLowerCase() !== key) return true;
      warnings.push({ code: 'defined-name-removed', message: `The name "${d.name}" was scoped to ${sheet.name} and was removed (${action})`, location: `name ${d.name} (${sheet.name})` });
      return false;
    });
  }
  const sheets = wb.sheets.filter((_, i) => i !== index);
  const rest: Workbook = { ...wb, sheets };
  if (definedNames !== undefined) rest.definedNames = definedNames;
  else delete rest.definedNames;
  if (wb.activeSheet !== undefined) {
    if (wb.activeSheet > index) rest.activeSheet = wb.activeSheet - 1;
    else if (wb.activeSheet === index) {
      // the next visible sheet (or the previous one) becomes active
      let next = sheets.findIndex((s, i) => i >= index && visible(s));
      if (next < 0) next = sheets.map(visible).lastIndexOf(true);
      rest.activeSheet = Math.max(0, next);
    }
  }

  const mapped = mapWorkbookFormulas(
    rest,
    (formula) => {
      if (!formula.toLowerCase().includes(needle)) return undefined;
      let refErrors = 0;
      const out = mapFormulaTokens(formula, (t) => {
        const p = t.prefix;
        if (!p || p.external) return undefined;
        const body = t.text.slice(p.text.length);
        if (p.lastSheet === undefined) {
          if (p.sheet.toLowerCase() !== key) return undefined;
          refErrors++;
          return '#REF!';
        }
        const a = pos(p.sheet);
        const b = pos(p.lastSheet);
        if (a < 0 || b < 0 || (a !== index && b !== index)) return undefined;
        if (a === index && b === index) {
          refErrors++;
          return '#REF!';
        }
        // move the deleted end one sheet towards the other end
        const step = a < b ? 1 : -1;
        const first = a === index ? order[a + step]! : p.sheet;
        const last = b === index ? order[b - step]! : p.lastSheet;
        return (first.toLowerCase() === last.toLowerCase() ? formatSheetPrefix(first) : formatSheetPrefix(first, last)) + body;
      });
      return { formula: out, refErrors, skipped3d: 0 };
    },
    { action },
  );
  warnings.push(...mapped.warnings);
  return { workbook: mapped.workbook, warnings };
}
