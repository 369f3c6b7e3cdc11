/**
 * moveColumn: Excel's "cut the column and insert the cut cells" — built from insertColumns and
 * deleteColumns. An empty column is inserted where the column goes; the column's cells (values,
 * formulas, styles), width, comments, links and the rules and validations that cover only it are
 * copied there; every reference that points only into the column (formulas on any sheet, names,
 * rule and validation formulas, chart series) is pointed at its new place; then the old column is
 * deleted, which shifts everything else as Excel does.
 */
import { parseRange, type CellPos, type RangePos } from '../../../../lib/workbook/cell-ref';
import type { Cell, Sheet, Workbook } from '../schema';
import { areaText, colLetters, mapFormulaTokens } from './formula-refs';
import { deleteColumns, insertColumns } from './insert-delete';
import { mapConditionalFormat, mapDataValidation, mapWorkbookFormulas, type FormulaMapper } from './map-workbook-formulas';
import { requireSheetIndex } from './sheet-names';
import { translateFormula } from './translate-formula';
import type { StructureResult } from './types';

type Part = { r: RangePos; text?: string };

function partText(r: RangePos): string {
  const a = `${colLetters(r.from.col)}${r.from.row}`;
  return r.from.row === r.to.row && r.from.col === r.to.col ? a : `${a}:${colLetters(r.to.col)}${r.to.row}`;
}

/**
 * A range list ("B4:D15 F20") after column `src` moves to column `dest` (both numbered as after
 * the insert): a range lying wholly in the column moves; a range that spans the column and others
 * is split, as Excel splits "Applies to" when a column inside it is cut and inserted elsewhere —
 * its parts left and right of the column stay, the column's part moves (after the others, so that
 * the first range keeps its top-left cell where it can). Returns the list and how far its first
 * cell (the anchor of relative rule formulas) moved.
 */
function moveSqref(sqref: string, src: number, dest: number): { text: string; dRow: number; dCol: number } {
  const parts = sqref.trim().split(/\s+/);
  const kept: Part[] = [];
  const moved: Part[] = [];
  let first: CellPos | undefined;
  for (const p of parts) {
    let r: RangePos;
    try {
      r = parseRange(p.replaceAll('$', ''));
    } catch {
      kept.push({ r: { from: { row: 0, col: 0 }, to: { row: 0, col: 0 } }, text: p });
      continue;
    }
    first ??= r.from;
    if (r.to.col < src || r.from.col > src) kept.push({ r, text: p });
    else if (r.from.col === src && r.to.col === src) kept.push({ r: { from: { ...r.from, col: dest }, to: { ...r.to, col: dest } } });
    else {
      if (r.from.col < src) kept.push({ r: { from: r.from, to: { ...r.to, col: src - 1 } } });
      if (r.to.col > src) kept.push({ r: { from: { ...r.from, col: src + 1 }, to: r.to } });
      moved.push({ r: { from: { ...r.from, col: dest }, to: { ...r.to, col: dest } } });
    }
  }
  const all = [...kept, ...moved];
  const anchor = all.find((x) => !x.text || x.r.from.col > 0)?.r.from;
  const dRow = first && anchor ? anchor.row - first.row : 0;
  const dCol = first && anchor ? anchor.col - first.col : 0;
  // a range wholly in the column moves with its cells: its own references are redirected with them
  const wholly = parts.length === 1 && kept.length === 1 && !moved.length && !kept[0]!.text;
  return { text: all.map((x) => x.text ?? partText(x.r)).join(' '), dRow: wholly ? 0 : dRow, dCol: wholly ? 0 : dCol };
}

/**
 * Parts of a list that touch side by side (same rows, adjacent columns) merged into one range
 * ("B2:B20 C2:C20" → "B2:C20"): how a split list reads once the column is deleted. Returns the list
 * and how far its first cell moved.
 */
function mergeSqref(sqref: string): { text: string; dRow: number; dCol: number } {
  const parts = sqref.trim().split(/\s+/);
  const rs: RangePos[] = [];
  for (const p of parts) {
    try {
      rs.push(parseRange(p.replaceAll('$', '')));
    } catch {
      return { text: sqref, dRow: 0, dCol: 0 };
    }
  }
  const out: RangePos[] = [];
  for (const r of rs) {
    const k = out.findIndex((o) => o.from.row === r.from.row && o.to.row === r.to.row && (o.to.col + 1 === r.from.col || r.to.col + 1 === o.from.col));
    if (k >= 0) out[k] = { from: { row: r.from.row, col: Math.min(out[k]!.from.col, r.from.col) }, to: { row: r.to.row, col: Math.max(out[k]!.to.col, r.to.col) } };
    else out.push(r);
  }
  if (out.length === rs.length) return { text: sqref, dRow: 0, dCol: 0 };
  return { text: out.map(partText).join(' '), dRow: out[0]!.from.row - rs[0]!.from.row, dCol: out[0]!.from.col - rs[0]!.from.col };
}

/** A rule or validation re-anchored: its relative formulas translated by how far its first cell moved. */
const reanchor = (dRow: number, dCol: number) => (f: string) => (dRow || dCol ? translateFormula(f, dRow, dCol).formula : undefined);

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
  // rules and validations: a range in the column moves; a range spanning it is split (the column's part moves)
  const split = { cf: new Set<number>(), dv: new Set<number>() };
  next.conditionalFormats = sheet.conditionalFormats.map((cf, i) => {
    const m = moveSqref(cf.range, src, dest);
    if (m.text === cf.range) return cf;
    if (m.text.split(' ').length > cf.range.trim().split(/\s+/).length) split.cf.add(i);
    return { ...mapConditionalFormat(cf, reanchor(m.dRow, m.dCol)), range: m.text };
  });
  if (sheet.dataValidations) {
    next.dataValidations = sheet.dataValidations.map((dv, i) => {
      const m = moveSqref(dv.range, src, dest);
      if (m.text === dv.range) return dv;
      if (m.text.split(' ').length > dv.range.trim().split(/\s+/).length) split.dv.add(i);
      return { ...mapDataValidation(dv, reanchor(m.dRow, m.dCol)), range: m.text };
    });
  }
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
  const merged = mergeSplit(deleted.workbook, index, split, sheet.conditionalFormats.length, sheet.dataValidations?.length ?? 0);
  return { workbook: keepTables(wb, merged, index, from, before), warnings: [...inserted.warnings, ...redirected.warnings, ...deleted.warnings] };
}

/** The split rules and validations, their parts that now touch merged ("B2:B20 C2:C20" → "B2:C20"). */
function mergeSplit(wb: Workbook, index: number, split: { cf: Set<number>; dv: Set<number> }, cfCount: number, dvCount: number): Workbook {
  if (!split.cf.size && !split.dv.size) return wb;
  const sheet = wb.sheets[index]!;
  // the delete removes no rule here (nothing is left in the deleted column): the lists still align
  if (sheet.conditionalFormats.length !== cfCount || (sheet.dataValidations?.length ?? 0) !== dvCount) return wb;
  const next: Sheet = {
    ...sheet,
    conditionalFormats: sheet.conditionalFormats.map((cf, i) => {
      if (!split.cf.has(i)) return cf;
      const m = mergeSqref(cf.range);
      return m.text === cf.range ? cf : { ...mapConditionalFormat(cf, reanchor(m.dRow, m.dCol)), range: m.text };
    }),
  };
  if (sheet.dataValidations) {
    next.dataValidations = sheet.dataValidations.map((dv, i) => {
      if (!split.dv.has(i)) return dv;
      const m = mergeSqref(dv.range);
      return m.text === dv.range ? dv : { ...mapDataValidation(dv, reanchor(m.dRow, m.dCol)), range: m.text };
    });
  }
  const sheets = wb.sheets.slice();
  sheets[index] = next;
  return { ...wb, sheets };
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
