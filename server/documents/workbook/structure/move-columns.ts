/**
 * moveColumn: Excel's "cut the column and insert the cut cells" — built from insertColumns and
 * deleteColumns. An empty column is inserted where the column goes; the column's cells (values,
 * formulas, styles), width, comments, links and the rules and validations that cover only it are
 * copied there; every reference that points only into the column (formulas on any sheet, names,
 * rule and validation formulas, chart series) is pointed at its new place; then the old column is
 * deleted, which shifts everything else as Excel does.
 */
import { parseRange } from '../../../../lib/workbook/cell-ref';
import type { Cell, Sheet, Workbook } from '../schema';
import { areaText, colLetters, mapFormulaTokens } from './formula-refs';
import { deleteColumns, insertColumns } from './insert-delete';
import { mapWorkbookFormulas, type FormulaMapper } from './map-workbook-formulas';
import { requireSheetIndex } from './sheet-names';
import type { StructureResult } from './types';

/** A range list ("C4:C15 C20") lying wholly in column `from`, moved to column `to`; else unchanged. */
function moveSqref(sqref: string, from: number, to: number): string {
  const parts = sqref.trim().split(/\s+/);
  const inCol = parts.every((p) => {
    try {
      const r = parseRange(p);
      return r.from.col === from && r.to.col === from;
    } catch {
      return false;
    }
  });
  if (!inCol) return sqref;
  return parts.map((p) => p.replace(/\$?[A-Z]{1,3}(?=\$?\d)/g, (m) => (m.startsWith('$') ? '$' : '') + colLetters(to))).join(' ');
}

/**
 * Moves column `from` of the sheet so that it stands before column `before` (numbers as they are
 * now; `before` = last column + 1 moves it to the end). Throws on a bad argument.
 */
export function moveColumn(wb: Workbook, sheetName: string, from: number, before: number): StructureResult {
  if (!Number.isInteger(from) || from < 1 || !Number.isInteger(before) || before < 1) throw new Error('Invalid column number: expected 1 or more.');
  if (before === from || before === from + 1) return { workbook: wb, warnings: [] };
  const index = requireSheetIndex(wb, sheetName);
  const name = wb.sheets[index]!.name;
  const inserted = insertColumns(wb, name, before, 1);
  const src = from >= before ? from + 1 : from;
  const dest = before;
  // copy the column into the new one
  const sheet = inserted.workbook.sheets[index]!;
  const srcLetters = colLetters(src);
  const cells: Record<string, Cell> = { ...sheet.cells };
  for (const [addr, cell] of Object.entries(sheet.cells)) {
    const m = /^([A-Z]+)(\d+)$/.exec(addr);
    if (m && m[1] === srcLetters) cells[`${colLetters(dest)}${m[2]}`] = structuredClone(cell);
  }
  const next: Sheet = { ...sheet, cells };
  if (sheet.columns[srcLetters]) next.columns = { ...sheet.columns, [colLetters(dest)]: { ...sheet.columns[srcLetters] } };
  next.conditionalFormats = sheet.conditionalFormats.map((cf) => ({ ...cf, range: moveSqref(cf.range, src, dest) }));
  if (sheet.dataValidations) next.dataValidations = sheet.dataValidations.map((dv) => ({ ...dv, range: moveSqref(dv.range, src, dest) }));
  const moveAddr = (a: string) => a.replace(new RegExp(`^(\\$?)${srcLetters}(?=\\$?\\d+$)`), `$1${colLetters(dest)}`);
  if (sheet.comments) next.comments = sheet.comments.map((c) => ({ ...c, cell: moveAddr(c.cell) }));
  if (sheet.hyperlinks) next.hyperlinks = sheet.hyperlinks.map((h) => ({ ...h, ref: moveAddr(h.ref) }));
  const sheets = inserted.workbook.sheets.slice();
  sheets[index] = next;
  // references that point only into the old column now point into the new one
  const key = name.toLowerCase();
  const mapper: FormulaMapper = (formula, site) => {
    let changed = false;
    const out = mapFormulaTokens(formula, (t) => {
      if (t.kind !== 'ref' || !t.area || t.prefix?.external) return undefined;
      const onSheet = t.prefix ? t.prefix.sheet.toLowerCase() === key && t.prefix.lastSheet === undefined : site.sheet?.toLowerCase() === key;
      if (!onSheet || t.area.kind === 'rows' || t.area.c1 !== src || t.area.c2 !== src) return undefined;
      changed = true;
      return (t.prefix?.text ?? '') + areaText({ ...t.area, c1: dest, c2: dest });
    });
    return changed ? { formula: out, refErrors: 0, skipped3d: 0 } : undefined;
  };
  const redirected = mapWorkbookFormulas({ ...inserted.workbook, sheets }, mapper, { action: `moving column ${colLetters(from)} in ${name}` });
  const deleted = deleteColumns(redirected.workbook, name, src, 1);
  return { workbook: keepTables(wb, deleted.workbook, index, from, before), warnings: [...inserted.warnings, ...redirected.warnings, ...deleted.warnings] };
}

/**
 * A move inside a table (its end included) keeps the table over the same columns, its column list
 * in the new order: inserting at the table's edge would otherwise leave the column outside it.
 */
function keepTables(before: Workbook, after: Workbook, index: number, from: number, to: number): Workbook {
  const moved = before.sheets[index]!.tables.filter((t) => {
    const r = parseRange(t.range);
    return from >= r.from.col && from <= r.to.col && to >= r.from.col && to <= r.to.col + 1;
  });
  if (!moved.length) return after;
  const sheet = after.sheets[index]!;
  const tables = sheet.tables.filter((t) => !moved.some((m) => m.name === t.name));
  for (const t of moved) {
    const r = parseRange(t.range);
    const now = sheet.tables.find((x) => x.name === t.name);
    const cols = t.columns ? [...t.columns] : undefined;
    if (cols) {
      const [c] = cols.splice(from - r.from.col, 1);
      cols.splice(to - r.from.col - (to > from ? 1 : 0), 0, c!);
    }
    const columns = cols?.map((c) => now?.columns?.find((x) => x.name === c.name) ?? c);
    tables.push({ ...(now ?? t), range: t.range, ...(columns ? { columns } : {}) });
  }
  const sheets = after.sheets.slice();
  sheets[index] = { ...sheet, tables: sheet.tables.map((t) => tables.find((x) => x.name === t.name) ?? t).concat(tables.filter((x) => !sheet.tables.some((t) => t.name === x.name))) };
  return { ...after, sheets };
}
