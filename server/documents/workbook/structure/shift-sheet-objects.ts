/**
 * The objects of the edited sheet that are placed on cells: tables, conditional formats, data
 * validations, comments, hyperlinks, the autofilter, print setup, images and chart anchors.
 */
import { columnToNumber, parseRange, type RangePos } from '../../../../lib/workbook/cell-ref';
import type { Cell, Chart, Comment, ConditionalFormat, DataValidation, Hyperlink, PrintSetup, Sheet, Table } from '../schema';
import { colLetters } from './formula-refs';
import { mapConditionalFormat, mapDataValidation, mapPrintArea, type FormulaMapper } from './map-workbook-formulas';
import { axisMax, shiftIndex, shiftSpan, type AxisEdit } from './shift-area';
import { shiftFormula, type ShiftContext } from './shift-formula';
import { rangeText, shiftRange, shiftRangeList } from './shift-range-list';
import { translateFormula } from './translate-formula';
import type { StructureWarning } from './types';

export interface ObjectShiftContext {
  edit: AxisEdit;
  shiftCtx: ShiftContext;
  action: string;
  warnings: StructureWarning[];
}

function tryRange(text: string): RangePos | undefined {
  try {
    return parseRange(text);
  } catch {
    return undefined;
  }
}

/** A formula rewriter for rules anchored at a range: re-anchor (when the first cell was deleted), then shift. */
function anchoredMapper(c: ObjectShiftContext, dRow: number, dCol: number, location: string): (f: string) => string | undefined {
  return (f) => {
    const t = translateFormula(f, dRow, dCol);
    const s = shiftFormula(t.formula, c.edit, c.shiftCtx);
    if (t.refErrors + s.refErrors > 0) {
      c.warnings.push({ code: 'ref-error', message: `A rule at ${location} now contains #REF! after ${c.action}`, location });
    }
    if (s.skipped3d > 0) {
      c.warnings.push({ code: '3d-ref-not-adjusted', message: `A rule at ${location} has a 3-D reference spanning ${c.edit.sheet}; like Excel, it was not adjusted`, location });
    }
    return s.formula === f ? undefined : s.formula;
  };
}

export function shiftConditionalFormats(sheet: Sheet, c: ObjectShiftContext): ConditionalFormat[] {
  let changed = false;
  const out: ConditionalFormat[] = [];
  for (const cf of sheet.conditionalFormats) {
    const s = shiftRangeList(cf.range, c.edit);
    if (s.text === undefined) {
      changed = true;
      continue;
    }
    const dRow = s.newAnchorOrig && s.oldAnchor ? s.newAnchorOrig.row - s.oldAnchor.row : 0;
    const dCol = s.newAnchorOrig && s.oldAnchor ? s.newAnchorOrig.col - s.oldAnchor.col : 0;
    let next = mapConditionalFormat(cf, anchoredMapper(c, dRow, dCol, `${sheet.name}!${s.text}`));
    if (s.changed) next = { ...next, range: s.text };
    if (next !== cf) changed = true;
    out.push(next);
  }
  return changed ? out : sheet.conditionalFormats;
}

export function shiftDataValidations(sheet: Sheet, c: ObjectShiftContext): DataValidation[] | undefined {
  const dvs = sheet.dataValidations;
  if (!dvs) return dvs;
  let changed = false;
  const out: DataValidation[] = [];
  for (const dv of dvs) {
    const s = shiftRangeList(dv.range, c.edit);
    if (s.text === undefined) {
      changed = true;
      continue;
    }
    const dRow = s.newAnchorOrig && s.oldAnchor ? s.newAnchorOrig.row - s.oldAnchor.row : 0;
    const dCol = s.newAnchorOrig && s.oldAnchor ? s.newAnchorOrig.col - s.oldAnchor.col : 0;
    let next = mapDataValidation(dv, anchoredMapper(c, dRow, dCol, `${sheet.name}!${s.text}`));
    if (s.changed) next = { ...next, range: s.text };
    if (next !== dv) changed = true;
    out.push(next);
  }
  return changed ? out : dvs;
}

export function shiftComments(comments: Comment[] | undefined, edit: AxisEdit): Comment[] | undefined {
  if (!comments) return comments;
  let changed = false;
  const out: Comment[] = [];
  for (const cm of comments) {
    const r = tryRange(cm.cell);
    if (!r) {
      out.push(cm);
      continue;
    }
    const n = shiftRange(r, edit);
    if (n === r) {
      out.push(cm);
      continue;
    }
    changed = true;
    if (n) out.push({ ...cm, cell: rangeText(n) });
  }
  return changed ? out : comments;
}

export function shiftHyperlinkRefs(links: Hyperlink[] | undefined, edit: AxisEdit): Hyperlink[] | undefined {
  if (!links) return links;
  let changed = false;
  const out: Hyperlink[] = [];
  for (const h of links) {
    const s = shiftRangeList(h.ref, edit);
    if (!s.changed) {
      out.push(h);
      continue;
    }
    changed = true;
    if (s.text !== undefined) out.push({ ...h, ref: s.text });
  }
  return changed ? out : links;
}

/** A range for an anchor; when every cell it covered is deleted it collapses to the edit point. */
function shiftAnchor(text: string, c: ObjectShiftContext, what: string): string {
  const r = tryRange(text);
  if (!r) return text;
  const n = shiftRange(r, c.edit);
  if (n === r) return text;
  if (n) return rangeText(n);
  const at = Math.min(c.edit.at, axisMax(c.edit));
  const collapsed: RangePos =
    c.edit.axis === 'row' ? { from: { row: at, col: r.from.col }, to: { row: at, col: r.to.col } } : { from: { row: r.from.row, col: at }, to: { row: r.to.row, col: at } };
  const out = rangeText(collapsed);
  c.warnings.push({ code: 'anchor-collapsed', message: `Every cell under ${what} (${text}) was deleted; it now sits at ${out} (${c.action})`, location: out });
  return out;
}

export function shiftImages(sheet: Sheet, c: ObjectShiftContext): Sheet['images'] {
  const images = sheet.images;
  if (!images) return images;
  let changed = false;
  const out = images.map((img, i) => {
    const a = shiftAnchor(img.anchor, c, `image ${img.name ?? i + 1} on ${sheet.name}`);
    if (a === img.anchor) return img;
    changed = true;
    return { ...img, anchor: a };
  });
  return changed ? out : images;
}

export function shiftChartAnchors(sheet: Sheet, c: ObjectShiftContext): Chart[] {
  let changed = false;
  const out = sheet.charts.map((ch) => {
    const a = shiftAnchor(ch.anchor, c, `chart "${ch.id}" on ${sheet.name}`);
    if (a === ch.anchor) return ch;
    changed = true;
    return { ...ch, anchor: a };
  });
  return changed ? out : sheet.charts;
}

export function shiftAutoFilter(sheet: Sheet, c: ObjectShiftContext): Sheet['autoFilter'] {
  const af = sheet.autoFilter;
  if (!af) return af;
  const r = tryRange(af.range);
  if (!r) return af;
  const n = shiftRange(r, c.edit);
  if (n === r) return af;
  if (!n) {
    c.warnings.push({ code: 'autofilter-removed', message: `The autofilter range ${af.range} of ${sheet.name} was deleted (${c.action})`, location: `${sheet.name}!${af.range}` });
    return undefined;
  }
  const out = { ...af, range: rangeText(n) };
  if (af.filters && c.edit.axis === 'col') {
    const filters = [];
    for (const f of af.filters) {
      const col = shiftIndex(r.from.col + f.column, c.edit);
      if (col === undefined) continue;
      filters.push(col - n.from.col === f.column ? f : { ...f, column: col - n.from.col });
    }
    out.filters = filters;
  }
  return out;
}

function shiftTitles(text: string, edit: AxisEdit, rows: boolean): string | undefined {
  const m = /^(\$?)([A-Z]{1,3}|\d+):(\$?)([A-Z]{1,3}|\d+)$/.exec(text);
  if (!m) return text;
  const num = (s: string) => (rows ? Number(s) : columnToNumber(s));
  const fmt = (n: number) => (rows ? String(n) : colLetters(n));
  const lo = num(m[2]!);
  const hi = num(m[4]!);
  const s = shiftSpan(Math.min(lo, hi), Math.max(lo, hi), edit);
  if (!s) return undefined;
  if (s[0] === Math.min(lo, hi) && s[1] === Math.max(lo, hi)) return text;
  return `${m[1]}${fmt(s[0])}:${m[3]}${fmt(s[1])}`;
}

/** A page break after row/column b belongs to the row/column below it and moves with it. */
function shiftBreaks(breaks: number[], edit: AxisEdit): number[] {
  const out: number[] = [];
  for (const b of breaks) {
    const n = shiftIndex(b + 1, edit);
    if (n === undefined || n - 1 < 1) continue;
    if (!out.includes(n - 1)) out.push(n - 1);
  }
  return out;
}

export function shiftPrintSetup(sheet: Sheet, c: ObjectShiftContext, map: FormulaMapper): PrintSetup | undefined {
  const print = sheet.print;
  if (!print) return print;
  const out: PrintSetup = { ...print };
  let changed = false;
  const where = `${sheet.name} print setup`;
  if (print.area !== undefined) {
    const r = mapPrintArea(print.area, sheet.name, map);
    if (r.changed) {
      changed = true;
      if (r.area === null) {
        delete out.area;
        c.warnings.push({ code: 'print-setup-changed', message: `The print area of ${sheet.name} was deleted (${c.action})`, location: where });
      } else {
        out.area = r.area;
        if (r.dropped > 0) c.warnings.push({ code: 'print-setup-changed', message: `Part of the print area of ${sheet.name} was deleted (${c.action})`, location: where });
      }
    }
  }
  const rowsEdit = c.edit.axis === 'row';
  const titleKey = rowsEdit ? 'titleRows' : 'titleCols';
  const titles = print[titleKey];
  if (titles !== undefined) {
    const t = shiftTitles(titles, c.edit, rowsEdit);
    if (t !== titles) {
      changed = true;
      if (t === undefined) {
        delete out[titleKey];
        c.warnings.push({ code: 'print-setup-changed', message: `The print title ${rowsEdit ? 'rows' : 'columns'} of ${sheet.name} were deleted (${c.action})`, location: where });
      } else out[titleKey] = t;
    }
  }
  const breakKey = rowsEdit ? 'rowBreaks' : 'colBreaks';
  const breaks = print[breakKey];
  if (breaks) {
    const b = shiftBreaks(breaks, c.edit);
    if (b.length !== breaks.length || b.some((x, i) => x !== breaks[i])) {
      changed = true;
      out[breakKey] = b;
    }
  }
  return changed ? out : print;
}

// ---------------------------------------------------------------------------------------------
// tables

/** A table column dropped by a column deletion (structured references to it become #REF!). */
export interface DeletedTableColumn {
  table: string;
  column: string;
}

function headerNames(t: Table, r: RangePos, cells: Record<string, Cell>): string[] {
  const names: string[] = [];
  for (let col = r.from.col; col <= r.to.col; col++) {
    const i = col - r.from.col;
    const fromSpec = t.columns?.[i]?.name;
    const v = t.headerRow ? cells[colLetters(col) + r.from.row]?.value : undefined;
    names.push(v !== undefined && v !== null && v !== '' ? String(v) : (fromSpec ?? `Column${i + 1}`));
  }
  return names;
}

function freshColumnName(taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const n = `Column${i}`;
    if (!taken.has(n.toLowerCase())) {
      taken.add(n.toLowerCase());
      return n;
    }
  }
}

/**
 * Shifts the tables of the sheet. `newCells` is the already shifted cells map; header cells of
 * columns inserted inside a table are written into it (copy-on-write: a new map is returned when
 * anything is written).
 */
export function shiftTables(
  sheet: Sheet,
  newCells: Record<string, Cell>,
  c: ObjectShiftContext,
): { tables: Table[]; cells: Record<string, Cell>; deletedColumns: DeletedTableColumn[] } {
  let cells = newCells;
  let changed = false;
  const deletedColumns: DeletedTableColumn[] = [];
  const out: Table[] = [];
  const { edit } = c;
  for (const t of sheet.tables) {
    const r = tryRange(t.range);
    if (!r) {
      out.push(t);
      continue;
    }
    const where = `${sheet.name}!${t.range}`;
    if (edit.axis === 'row') {
      const data = shiftSpan(r.from.row, r.to.row, edit);
      const totals = t.totalsRow ? shiftIndex(r.to.row + 1, edit) : undefined;
      if (!data) {
        changed = true;
        c.warnings.push({ code: 'table-removed', message: `Table "${t.name}" (${t.range}) on ${sheet.name} was deleted (${c.action})`, location: where });
        continue;
      }
      const lo = data[0];
      let hi = data[1];
      if (totals !== undefined) hi = totals - 1;
      if (t.headerRow && r.from.row >= edit.at && r.from.row < edit.at + edit.count && edit.op === 'delete') {
        c.warnings.push({ code: 'table-header-deleted', message: `The header row of table "${t.name}" on ${sheet.name} was deleted; the next row is its header now (${c.action})`, location: where });
      }
      if (t.headerRow && hi <= lo) hi = lo + 1; // a table keeps one (empty) data row
      const next: Table = { ...t, range: rangeText({ from: { row: lo, col: r.from.col }, to: { row: hi, col: r.to.col } }) };
      if (t.totalsRow && totals === undefined) delete next.totalsRow;
      if (next.range === t.range && next.totalsRow === t.totalsRow) out.push(t);
      else {
        changed = true;
        out.push(next);
      }
      continue;
    }
    // columns
    const span = shiftSpan(r.from.col, r.to.col, edit);
    if (!span) {
      changed = true;
      c.warnings.push({ code: 'table-removed', message: `Table "${t.name}" (${t.range}) on ${sheet.name} was deleted (${c.action})`, location: where });
      continue;
    }
    if (span[0] === r.from.col && span[1] === r.to.col) {
      out.push(t);
      continue;
    }
    changed = true;
    const next: Table = { ...t, range: rangeText({ from: { row: r.from.row, col: span[0] }, to: { row: r.to.row, col: span[1] } }) };
    const names = headerNames(t, r, sheet.cells);
    const width = span[1] - span[0] + 1;
    const oldWidth = r.to.col - r.from.col + 1;
    if (edit.op === 'insert' && width > oldWidth) {
      // columns inserted inside the table: new columns named Column1, Column2, … (as Excel does)
      const taken = new Set(names.map((n) => n.toLowerCase()));
      const idx = edit.at - r.from.col;
      const added = Array.from({ length: width - oldWidth }, () => freshColumnName(taken));
      if (t.columns) {
        const cols = [...t.columns];
        cols.splice(idx, 0, ...added.map((name) => ({ name })));
        next.columns = cols;
      }
      if (t.headerRow) {
        if (cells === newCells) cells = { ...newCells };
        added.forEach((name, i) => {
          cells[colLetters(edit.at + i) + r.from.row] = { value: name };
        });
      }
    } else if (edit.op === 'delete') {
      const d2 = edit.at + edit.count - 1;
      const gone = new Set<number>();
      for (let col = Math.max(edit.at, r.from.col); col <= Math.min(d2, r.to.col); col++) gone.add(col - r.from.col);
      for (const i of gone) deletedColumns.push({ table: t.name, column: names[i]! });
      if (t.columns) next.columns = t.columns.filter((_, i) => !gone.has(i));
      if (t.totalsRow) {
        const goneNames = new Set([...gone].map((i) => names[i]!.toLowerCase()));
        next.totalsRow = t.totalsRow.filter((tr) => !goneNames.has(tr.column.toLowerCase()));
      }
    }
    out.push(next);
  }
  return { tables: changed ? out : sheet.tables, cells, deletedColumns };
}
