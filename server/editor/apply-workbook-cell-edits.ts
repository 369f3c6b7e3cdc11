// Applies editor cell changes onto the stored workbook model. Only values and formulas change:
// styles, number formats, merges, tables, charts, widths — everything the grid does not
// understand — stay as they were.
import { badRequest } from '../http/api-error';
import { cellSchema, type Cell, type Workbook } from '../documents/workbook/schema';
import type { CellChange } from './schemas';

/**
 * Applies the changes to `wb` in place (the caller passes a freshly parsed copy) and validates the
 * cells it touched, so a large workbook is not re-validated as a whole for a one-cell edit.
 */
export function applyWorkbookCellEdits(wb: Workbook, changes: CellChange[]): Workbook {
  const byName = new Map(wb.sheets.map((s, i) => [s.name, i] as const));
  changes.forEach((ch, i) => {
    const si = byName.get(ch.sheet);
    if (si === undefined) throw badRequest(`changes[${i}]: there is no sheet named "${ch.sheet}"`, { path: `edit.changes.${i}.sheet` });
    const cells = wb.sheets[si]!.cells;
    const prev: Cell = cells[ch.cell] ?? {};
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
    const checked = cellSchema.safeParse(next);
    if (!checked.success) throw badRequest(`changes[${i}]: ${checked.error.issues[0]?.message ?? 'invalid cell'}`, { path: `edit.changes.${i}` });
    if (Object.keys(next).length === 0) delete cells[ch.cell];
    else cells[ch.cell] = next;
  });
  return wb;
}
