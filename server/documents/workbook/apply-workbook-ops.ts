// Applies editor workbook ops (edit-ops.ts workbookOpSchema) onto a workbook model:
// values and formulas, styles, borders, number formats, column widths, row heights, hidden rows and
// columns, frozen panes. Copy-on-write like applyWorkbookCellEdits: only the sheets, cell maps and
// row/column maps an op touches are copied, once each; everything else is shared with `wb`.
// A bad op (an unknown sheet, …) throws a 400 naming it and nothing is applied.
import { badRequest } from '../../http/api-error';
import { columnToNumber, numberToColumn, parseRange, toAddress } from '../../../lib/workbook/cell-ref';
import { cellSchema, type Cell, type CellStyle, type Sheet, type Workbook } from './schema';
import { addSheet, deleteColumns, deleteRows, deleteSheet, insertColumns, insertRows, renameSheet, sortRange, type StructureResult } from './structure';
import { applyChange } from './apply-workbook-cell-edits';
import { STRUCTURE_OPS, type StyleChange, type WorkbookOp } from './edit-ops';

type BorderSide = { style: 'thin' | 'medium' | 'thick' | 'dashed' | 'dotted' | 'double' | 'hair'; color?: string };
type Sides = { top?: BorderSide; bottom?: BorderSide; left?: BorderSide; right?: BorderSide };
const SIDES = ['top', 'bottom', 'left', 'right'] as const;

class Draft {
  readonly sheets: Sheet[];
  private readonly byName: Map<string, number>;
  private readonly copied = new Map<number, Set<string>>();

  constructor(private readonly wb: Workbook) {
    this.sheets = [...wb.sheets];
    this.byName = new Map(wb.sheets.map((s, i) => [s.name, i] as const));
  }

  index(name: string, i: number): number {
    const si = this.byName.get(name);
    if (si === undefined) throw badRequest(`ops[${i}]: there is no sheet named "${name}"`, { path: `edit.ops.${i}.sheet` });
    return si;
  }

  /** The sheet, with the named parts copied once so they can be changed. */
  sheet(si: number, parts: Array<'cells' | 'columns' | 'rows'>): Sheet {
    let done = this.copied.get(si);
    if (!done) {
      done = new Set();
      this.copied.set(si, done);
      this.sheets[si] = { ...this.sheets[si]! };
    }
    const s = this.sheets[si]!;
    for (const p of parts) {
      if (done.has(p)) continue;
      done.add(p);
      (s as Record<string, unknown>)[p] = { ...s[p] };
    }
    return s;
  }

  result(): Workbook {
    return { ...this.wb, sheets: this.sheets };
  }
}

function* cellsOf(range: string): Generator<string> {
  const r = parseRange(range);
  for (let row = r.from.row; row <= r.to.row; row++) for (let col = r.from.col; col <= r.to.col; col++) yield toAddress({ row, col });
}

function setCell(cells: Record<string, Cell>, addr: string, next: Cell): void {
  if (Object.keys(next).length === 0) delete cells[addr];
  else cells[addr] = next;
}

function expandBorder(b: CellStyle['border']): Sides {
  if (!b) return {};
  if (typeof b === 'string') return { top: { style: b }, bottom: { style: b }, left: { style: b }, right: { style: b } };
  return { ...b };
}

function withBorder(style: CellStyle, sides: Sides): CellStyle {
  const next = { ...style };
  const kept = Object.fromEntries(SIDES.filter((k) => sides[k]).map((k) => [k, sides[k]]));
  if (Object.keys(kept).length) next.border = kept;
  else delete next.border;
  return next;
}

/** The cell with its style changed (its imported style index stays: the renderer reuses it only while the style still matches). */
function restyle(prev: Cell, style: CellStyle): Cell {
  const next: Cell = { ...prev };
  if (Object.keys(style).length) next.style = style;
  else delete next.style;
  return next;
}

function applyStyleChange(prev: CellStyle | undefined, change: StyleChange): CellStyle {
  const next: Record<string, unknown> = { ...prev };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined || k === 'border') continue;
    if (v === null || v === false) delete next[k];
    else next[k] = v;
  }
  let style = next as CellStyle;
  if (change.border === null) style = withBorder(style, {});
  else if (change.border) {
    const sides = expandBorder(style.border);
    for (const k of SIDES) {
      const v = change.border[k];
      if (v === null) delete sides[k];
      else if (v) sides[k] = v;
    }
    style = withBorder(style, sides);
  }
  return style;
}

/** Per cell, the sides a toolbar border action sets (or, for "none", clears) over a range. */
function borderSides(range: string, type: string): Map<string, Array<(typeof SIDES)[number]>> {
  const r = parseRange(range);
  const out = new Map<string, Array<(typeof SIDES)[number]>>();
  for (let row = r.from.row; row <= r.to.row; row++) {
    for (let col = r.from.col; col <= r.to.col; col++) {
      const top = row === r.from.row;
      const bottom = row === r.to.row;
      const left = col === r.from.col;
      const right = col === r.to.col;
      const sides: Array<(typeof SIDES)[number]> = [];
      if (type === 'all' || type === 'none') sides.push(...SIDES);
      if (type === 'outside') {
        if (top) sides.push('top');
        if (bottom) sides.push('bottom');
        if (left) sides.push('left');
        if (right) sides.push('right');
      }
      if ((type === 'inside' || type === 'horizontal') && !bottom) sides.push('bottom');
      if ((type === 'inside' || type === 'vertical') && !right) sides.push('right');
      if (type === 'top' && top) sides.push('top');
      if (type === 'bottom' && bottom) sides.push('bottom');
      if (type === 'left' && left) sides.push('left');
      if (type === 'right' && right) sides.push('right');
      if (sides.length) out.set(toAddress({ row, col }), sides);
    }
  }
  return out;
}

function spanBounds(span: string, parse: (s: string) => number): [number, number] {
  const [a, b = a] = span.split(':');
  const x = parse(a!);
  const y = parse(b!);
  return [Math.min(x, y), Math.max(x, y)];
}

/** Sets (or with `value` undefined, removes) a field of each row/column spec of a span; empty specs go away. */
function setSpecs<T extends Record<string, unknown>>(map: Record<string, T>, keys: string[], field: string, value: unknown): void {
  for (const key of keys) {
    const next: Record<string, unknown> = { ...map[key] };
    if (value === undefined) delete next[field];
    else next[field] = value;
    if (Object.keys(next).length) map[key] = next as T;
    else delete map[key];
  }
}

/** Column keys of a span: a column spec keyed by a span ("B:D") is split into single columns first. */
function columnKeys(columns: Record<string, unknown>, from: number, to: number): string[] {
  for (const key of Object.keys(columns)) {
    if (!key.includes(':')) continue;
    const [a, b] = spanBounds(key, columnToNumber);
    if (b < from || a > to) continue;
    const spec = columns[key];
    delete columns[key];
    // Only the part of a wide span ("E:XFD") that the op touches becomes single columns.
    if (a < from) columns[a === from - 1 ? numberToColumn(a) : `${numberToColumn(a)}:${numberToColumn(from - 1)}`] = spec;
    if (b > to) columns[b === to + 1 ? numberToColumn(b) : `${numberToColumn(to + 1)}:${numberToColumn(b)}`] = spec;
    for (let c = Math.max(a, from); c <= Math.min(b, to); c++) columns[numberToColumn(c)] = spec;
  }
  const keys: string[] = [];
  for (let c = from; c <= to; c++) keys.push(numberToColumn(c));
  return keys;
}

function rowKeys(from: number, to: number): string[] {
  const keys: string[] = [];
  for (let r = from; r <= to; r++) keys.push(String(r));
  return keys;
}

const MAX_SPEC_SPAN = 16_384;

type StructureOp = Extract<WorkbookOp, { op: (typeof STRUCTURE_OPS)[number] }>;

/** A structural op through the workbook structure engine (everything shifts as in Excel). */
function applyStructure(wb: Workbook, op: StructureOp): StructureResult {
  switch (op.op) {
    case 'insertRows':
      return insertRows(wb, op.sheet, op.at, op.count);
    case 'deleteRows':
      return deleteRows(wb, op.sheet, op.from, op.count);
    case 'insertColumns':
      return insertColumns(wb, op.sheet, op.at, op.count);
    case 'deleteColumns':
      return deleteColumns(wb, op.sheet, op.from, op.count);
    case 'sortRange':
      return sortRange(wb, op.sheet, op.range, [{ column: columnToNumber(op.by), ...(op.descending ? { descending: true } : {}) }], op.header === true);
    case 'addSheet':
      return addSheet(wb, op.name, op.index);
    case 'renameSheet':
      return renameSheet(wb, op.sheet, op.name);
    case 'deleteSheet':
      return deleteSheet(wb, op.sheet);
  }
}

const isStructure = (op: WorkbookOp): op is StructureOp => (STRUCTURE_OPS as readonly string[]).includes(op.op);

export function applyWorkbookOps(wb: Workbook, ops: WorkbookOp[]): Workbook {
  let d = new Draft(wb);
  ops.forEach((op, i) => {
    if (isStructure(op)) {
      if (op.op !== 'addSheet') d.index(op.sheet, i);
      let res: StructureResult;
      try {
        res = applyStructure(d.result(), op);
      } catch (err) {
        throw badRequest(`ops[${i}]: ${err instanceof Error ? err.message : String(err)}`, { path: `edit.ops.${i}` });
      }
      d = new Draft(res.workbook);
      return;
    }
    const si = d.index(op.sheet, i);
    switch (op.op) {
      case 'set': {
        const cells = d.sheet(si, ['cells']).cells;
        const next = applyChange(cells[op.cell] ?? {}, { sheet: op.sheet, cell: op.cell, value: op.value, formula: op.formula });
        const checked = cellSchema.safeParse(next);
        if (!checked.success) throw badRequest(`ops[${i}]: ${checked.error.issues[0]?.message ?? 'invalid cell'}`, { path: `edit.ops.${i}` });
        setCell(cells, op.cell, next);
        return;
      }
      case 'style': {
        const cells = d.sheet(si, ['cells']).cells;
        for (const addr of cellsOf(op.range)) {
          const prev = cells[addr] ?? {};
          setCell(cells, addr, restyle(prev, applyStyleChange(prev.style, op.style)));
        }
        return;
      }
      case 'border': {
        if (op.type !== 'none' && !op.style) throw badRequest(`ops[${i}]: a border needs a style`, { path: `edit.ops.${i}.style` });
        const cells = d.sheet(si, ['cells']).cells;
        const side: BorderSide | undefined = op.style ? { style: op.style, ...(op.color ? { color: op.color.toUpperCase() } : {}) } : undefined;
        for (const [addr, sides] of borderSides(op.range, op.type)) {
          const prev = cells[addr] ?? {};
          const b = expandBorder(prev.style?.border);
          for (const k of sides) {
            if (op.type === 'none') delete b[k];
            else b[k] = side!;
          }
          setCell(cells, addr, restyle(prev, withBorder(prev.style ?? {}, b)));
        }
        return;
      }
      case 'numFmt': {
        const cells = d.sheet(si, ['cells']).cells;
        for (const addr of cellsOf(op.range)) {
          const next: Cell = { ...cells[addr] };
          if (op.numFmt === null || /^general$/i.test(op.numFmt)) delete next.numFmt;
          else next.numFmt = op.numFmt;
          setCell(cells, addr, next);
        }
        return;
      }
      case 'columnWidth':
      case 'hideColumns': {
        const [from, to] = spanBounds(op.columns, columnToNumber);
        const columns = d.sheet(si, ['columns']).columns;
        const keys = to - from < MAX_SPEC_SPAN ? columnKeys(columns, from, to) : [];
        if (op.op === 'columnWidth') setSpecs(columns, keys, 'width', op.width ?? undefined);
        else setSpecs(columns, keys, 'hidden', op.hidden || undefined);
        return;
      }
      case 'rowHeight':
      case 'hideRows': {
        const [from, to] = spanBounds(op.rows, Number);
        if (to - from >= MAX_SPEC_SPAN) throw badRequest(`ops[${i}]: at most ${MAX_SPEC_SPAN} rows at once`, { path: `edit.ops.${i}.rows` });
        const rows = d.sheet(si, ['rows']).rows;
        if (op.op === 'rowHeight') setSpecs(rows, rowKeys(from, to), 'height', op.height ?? undefined);
        else setSpecs(rows, rowKeys(from, to), 'hidden', op.hidden || undefined);
        return;
      }
      case 'freeze': {
        const s = d.sheet(si, []);
        if (op.rows || op.cols) s.frozen = { rows: op.rows, cols: op.cols };
        else delete s.frozen;
        return;
      }
    }
  });
  return d.result();
}
