/** Row and column specs (heights, widths, hidden, outline) and merges of the edited sheet. */
import { columnToNumber } from '../../../../lib/workbook/cell-ref';
import type { ColumnSpec, RowSpec, Sheet } from '../schema';
import { colLetters } from './formula-refs';
import { shiftIndex, shiftSpan, type AxisEdit } from './shift-area';
import { shiftRangeText } from './shift-range-list';

/**
 * The outline level inserted rows/columns take: inserting inside a group (the row before and the
 * row at the insertion point are both grouped) extends the group, as in Excel.
 */
function inheritedOutline(before: { outlineLevel?: number } | undefined, after: { outlineLevel?: number } | undefined): number | undefined {
  const a = before?.outlineLevel;
  const b = after?.outlineLevel;
  if (!a || !b) return undefined;
  return Math.min(a, b);
}

export function shiftRowSpecs(rows: Sheet['rows'], edit: AxisEdit): Sheet['rows'] {
  if (edit.axis !== 'row') return rows;
  const out: Record<string, RowSpec> = {};
  let moved = false;
  for (const key in rows) {
    const r = Number(key);
    const n = shiftIndex(r, edit);
    if (n !== r) moved = true;
    if (n === undefined) continue;
    out[String(n)] = rows[key]!;
  }
  if (edit.op === 'insert') {
    const level = inheritedOutline(rows[String(edit.at - 1)], rows[String(edit.at)]);
    if (level) {
      moved = true;
      for (let i = 0; i < edit.count; i++) out[String(edit.at + i)] = { outlineLevel: level };
    }
  }
  return moved ? out : rows;
}

function parseColumnKey(key: string): [number, number] | undefined {
  const m = /^([A-Z]{1,3})(?::([A-Z]{1,3}))?$/.exec(key);
  if (!m) return undefined;
  const a = columnToNumber(m[1]!);
  const b = m[2] ? columnToNumber(m[2]) : a;
  return a <= b ? [a, b] : [b, a];
}

function columnKey(lo: number, hi: number): string {
  return lo === hi ? colLetters(lo) : `${colLetters(lo)}:${colLetters(hi)}`;
}

export function shiftColumnSpecs(columns: Sheet['columns'], edit: AxisEdit): Sheet['columns'] {
  if (edit.axis !== 'col') return columns;
  const out: Record<string, ColumnSpec> = {};
  let moved = false;
  const single = new Map<number, ColumnSpec>();
  for (const key in columns) {
    const span = parseColumnKey(key);
    if (!span) {
      out[key] = columns[key]!;
      continue;
    }
    if (span[0] === span[1]) single.set(span[0], columns[key]!);
    const n = shiftSpan(span[0], span[1], edit);
    if (!n) {
      moved = true;
      continue;
    }
    const k = n[0] === span[0] && n[1] === span[1] ? key : columnKey(n[0], n[1]);
    if (k !== key) moved = true;
    out[k] = columns[key]!;
  }
  if (edit.op === 'insert') {
    const before = single.get(edit.at - 1);
    const after = single.get(edit.at);
    const level = inheritedOutline(before, after);
    if (level) {
      moved = true;
      out[columnKey(edit.at, edit.at + edit.count - 1)] = { outlineLevel: level, ...(before?.width !== undefined ? { width: before.width } : {}) };
    }
  }
  return moved ? out : columns;
}

export function shiftMerges(merges: string[], edit: AxisEdit): string[] {
  let changed = false;
  const out: string[] = [];
  for (const m of merges) {
    const n = shiftRangeText(m, edit);
    if (n !== m) changed = true;
    if (n === undefined) continue;
    // a merge cut down to one cell is no merge
    if (!n.includes(':')) {
      changed = true;
      continue;
    }
    out.push(n);
  }
  return changed ? out : merges;
}
