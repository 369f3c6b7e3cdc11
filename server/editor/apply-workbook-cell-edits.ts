// Applies editor cell changes onto the stored workbook model. Only values and formulas change:
// styles, number formats, merges, tables, charts, widths — everything the grid does not
// understand — stay as they were.
import { badRequest } from '../http/api-error';
import type { Cell, Workbook } from '../documents/workbook/schema';
import type { CellChange } from './schemas';

export function applyWorkbookCellEdits(wb: Workbook, changes: CellChange[]): Workbook {
  const byName = new Map(wb.sheets.map((s, i) => [s.name, i] as const));
  const sheets = wb.sheets.map((s) => ({ ...s, cells: s.cells }));
  const copied = new Set<number>();
  changes.forEach((ch, i) => {
    const si = byName.get(ch.sheet);
    if (si === undefined) throw badRequest(`changes[${i}]: there is no sheet named "${ch.sheet}"`, { path: `edit.changes.${i}.sheet` });
    const sheet = sheets[si]!;
    if (!copied.has(si)) {
      sheet.cells = { ...sheet.cells };
      copied.add(si);
    }
    const prev: Cell = sheet.cells[ch.cell] ?? {};
    const next: Cell = { ...prev };
    const formula = typeof ch.formula === 'string' ? ch.formula.trim().replace(/^=/, '').trim() : ch.formula;
    if (formula) {
      next.formula = formula;
      if (ch.value !== undefined) next.value = ch.value;
      else delete next.value;
    } else {
      if (formula === null || formula === '') delete next.formula;
      if (ch.value !== undefined) {
        if (ch.value === null || ch.value === '') delete next.value;
        else next.value = ch.value;
        delete next.formula;
      }
    }
    if (next.formula === undefined) delete next.allowError;
    if (Object.keys(next).length === 0) delete sheet.cells[ch.cell];
    else sheet.cells[ch.cell] = next;
  });
  return { ...wb, sheets };
}
