// Applies editor cell changes onto a workbook model. Only values and formulas change: styles,
// number formats, merges, tables, charts, widths — everything the grid does not understand — stay
// as they were. A stored patch may also be a list of workbook ops (an edit of kind "workbook"):
// those go through applyWorkbookOps, so a version's patch chain replays either kind in order.
import { badRequest } from '../../http/api-error';
import { cellSchema, type Cell, type Workbook } from './schema';
import { applyWorkbookOps } from './apply-workbook-ops';
import type { CellChange, WorkbookOp } from './edit-ops';

/**
 * Returns a new workbook with the edits applied in order (one list per save); `wb` is not touched.
 * Copy-on-write: only the cell maps of the sheets an edit touches are copied (once each), every
 * other part is shared with `wb`, so a one-cell edit of a 100k-cell sheet neither clones nor
 * re-validates the workbook — only the touched cells are validated.
 */
export function applyWorkbookCellEdits(wb: Workbook, edits: ReadonlyArray<ReadonlyArray<CellChange | WorkbookOp>>): Workbook {
  let byName = new Map(wb.sheets.map((s, i) => [s.name, i] as const));
  let sheets = [...wb.sheets];
  let copied = new Set<number>();
  for (const patch of edits) {
    if (patch.length && 'op' in patch[0]!) {
      // A list of workbook ops: applied on what the earlier patches made.
      const next = applyWorkbookOps({ ...wb, sheets }, patch as WorkbookOp[]);
      sheets = [...next.sheets];
      byName = new Map(sheets.map((s, i) => [s.name, i] as const));
      copied = new Set(); // its cell maps may be shared with earlier versions: copy before changing
      continue;
    }
    const changes = patch as CellChange[];
    changes.forEach((ch, i) => {
      const si = byName.get(ch.sheet);
      if (si === undefined) throw badRequest(`changes[${i}]: there is no sheet named "${ch.sheet}"`, { path: `edit.changes.${i}.sheet` });
      if (!copied.has(si)) {
        sheets[si] = { ...sheets[si]!, cells: { ...sheets[si]!.cells } };
        copied.add(si);
      }
      const cells = sheets[si]!.cells;
      const next = applyChange(cells[ch.cell] ?? {}, ch);
      const checked = cellSchema.safeParse(next);
      if (!checked.success) throw badRequest(`changes[${i}]: ${checked.error.issues[0]?.message ?? 'invalid cell'}`, { path: `edit.changes.${i}` });
      if (Object.keys(next).length === 0) delete cells[ch.cell];
      else cells[ch.cell] = next;
    });
  }
  return { ...wb, sheets };
}

export function applyChange(prev: Cell, ch: CellChange): Cell {
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
  return next;
}
