// Three-way check of a workbook edit against what was stored since its base. The edit (cell
// changes or workbook ops) is replayed onto the current workbook — so it is stored as a patch, as
// every workbook autosave — after checking on the models that the two sides changed different
// things: cells (sheet + address, field by field: one side's value and the other's style both
// land), sheet settings (widths, merges, frozen panes…), sheets added/deleted, the sheet order.
// The same cell set to different values on both sides is a conflict; choosing "theirs" drops that
// part of the edit. An edit that no longer applies (its sheet renamed or deleted) is a conflict too.
import type { Cell, Sheet, Workbook } from '../documents/workbook/schema';
import type { CellChange, WorkbookOp } from '../documents/workbook/edit-ops';
import { json, preview, sameValue, type Chooser, type MergeConflict } from './three-way-merge';

type Change = { value: unknown; fields?: Set<string>; cell?: Cell };

/** What changed from `base` to `next`, by target (copy-on-write models share what is unchanged). */
export function workbookChanges(base: Workbook, next: Workbook): Map<string, Change> {
  const out = new Map<string, Change>();
  if (base === next) return out;
  const bs = new Map(base.sheets.map((s) => [s.name, s] as const));
  const ns = new Map(next.sheets.map((s) => [s.name, s] as const));
  for (const [name, s] of ns) if (!bs.has(name)) out.set(`sheet:${name}`, { value: s });
  for (const [name, b] of bs) {
    const n = ns.get(name);
    if (!n) {
      out.set(`sheet:${name}`, { value: undefined });
      continue;
    }
    if (n === b) continue;
    for (const key of new Set([...Object.keys(b), ...Object.keys(n)])) {
      if (key === 'cells') continue;
      const bv = (b as Record<string, unknown>)[key];
      const nv = (n as Record<string, unknown>)[key];
      if (bv !== nv && !sameValue(bv, nv)) out.set(`sheet:${name}:${key}`, { value: nv });
    }
    if (b.cells === n.cells) continue;
    const bc = b.cells as Record<string, Cell | undefined>;
    const nc = n.cells as Record<string, Cell | undefined>;
    const cellChange = (addr: string) => {
      const x = bc[addr];
      const y = nc[addr];
      if (x === y) return;
      const fields = new Set<string>();
      for (const f of new Set([...Object.keys(x ?? {}), ...Object.keys(y ?? {})])) {
        const a = (x as Record<string, unknown> | undefined)?.[f];
        const c = (y as Record<string, unknown> | undefined)?.[f];
        if (a !== c && !sameValue(a, c)) fields.add(f);
      }
      if (fields.size) out.set(`cell:${name}!${addr}`, { value: y, fields, cell: y });
    };
    for (const addr of Object.keys(nc)) cellChange(addr);
    for (const addr of Object.keys(bc)) if (!(addr in nc)) cellChange(addr);
  }
  const order = (wb: Workbook, keep: Map<string, Sheet>) => wb.sheets.map((s) => s.name).filter((n) => keep.has(n));
  if (json(order(base, ns)) !== json(order(next, bs))) out.set('order', { value: next.sheets.map((s) => s.name) });
  for (const key of new Set([...Object.keys(base), ...Object.keys(next)])) {
    if (key === 'sheets' || key === 'activeSheet') continue;
    const bv = (base as Record<string, unknown>)[key];
    const nv = (next as Record<string, unknown>)[key];
    if (bv !== nv && !sameValue(bv, nv)) out.set(`workbook:${key}`, { value: nv });
  }
  return out;
}

const cellText = (c: Cell | undefined) => (!c ? '(empty)' : c.formula ? `=${c.formula}` : c.value === undefined || c.value === null ? '(empty)' : String(c.value));

function labelOf(target: string): string {
  if (target.startsWith('cell:')) return target.slice(5);
  if (target === 'order') return 'Sheet order';
  if (target.startsWith('workbook:')) return `Workbook ${target.slice(9)}`;
  const [, sheet, key] = target.split(':');
  return key ? `${sheet}: ${key}` : `Sheet ${sheet}`;
}

/** The conflicts between your changes and theirs that have not been chosen yet; `chosen` gets the choices that apply. */
export function workbookConflicts(mine: Map<string, Change>, theirs: Map<string, Change>, choose: Chooser, chosen: Map<string, 'yours' | 'theirs'>): MergeConflict[] {
  const conflicts: MergeConflict[] = [];
  for (const [target, y] of mine) {
    const t = theirs.get(target);
    if (!t) continue;
    let clash: boolean;
    if (y.fields && t.fields) {
      const yc = (y.cell ?? {}) as Record<string, unknown>;
      const tc = (t.cell ?? {}) as Record<string, unknown>;
      // a formula cell's value is computed: only its formula can clash
      clash = [...y.fields].some((f) => t.fields!.has(f) && !sameValue(yc[f], tc[f]) && !(f === 'value' && yc.formula && tc.formula));
    } else clash = !sameValue(y.value, t.value);
    if (!clash) continue;
    const c = choose(target);
    if (c) {
      chosen.set(target, c);
      continue;
    }
    const show = (ch: Change) => (target.startsWith('cell:') ? cellText(ch.cell) : target.startsWith('sheet:') && !target.slice(6).includes(':') ? (ch.value ? 'sheet present' : '(sheet deleted)') : preview(ch.value));
    conflicts.push({ target, label: labelOf(target), yours: show(y), theirs: show(t) });
  }
  return conflicts;
}

const colNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
function inRange(range: string, addr: string): boolean {
  const p = (x: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(x)!;
    return { c: colNumber(m[1]!), r: Number(m[2]) };
  };
  const [a, b = a] = range.split(':');
  const x = p(a!);
  const y = p(b!);
  const z = p(addr);
  return z.r >= Math.min(x.r, y.r) && z.r <= Math.max(x.r, y.r) && z.c >= Math.min(x.c, y.c) && z.c <= Math.max(x.c, y.c);
}

/**
 * The edit without the parts whose conflicts were resolved for "theirs": the cell changes of those
 * cells, the ops that touch them, every non-value op on a sheet whose setting was resolved so.
 */
export function dropTheirs<E extends { kind: 'cells'; changes: CellChange[] } | { kind: 'workbook'; ops: WorkbookOp[] }>(edit: E, chosen: Map<string, 'yours' | 'theirs'>): E | null {
  const cells = new Map<string, string[]>();
  const sheets = new Set<string>(); // a sheet-level setting resolved for theirs: your non-value ops on it go
  const wholeSheets = new Set<string>(); // a sheet both added or one deleted: everything of yours on it goes
  for (const [target, side] of chosen) {
    if (side !== 'theirs') continue;
    if (target.startsWith('cell:')) {
      const [sheet, addr] = target.slice(5).split('!') as [string, string];
      cells.set(sheet, [...(cells.get(sheet) ?? []), addr]);
    } else if (target.startsWith('sheet:')) {
      const [sheet, key] = target.slice(6).split(':') as [string, string | undefined];
      (key ? sheets : wholeSheets).add(sheet);
    }
    else return null; // the sheet order or workbook settings: your edit is not applied
  }
  if (!cells.size && !sheets.size && !wholeSheets.size) return edit;
  const hit = (sheet: string, addrOrRange: string) => (cells.get(sheet) ?? []).some((a) => (addrOrRange.includes(':') ? inRange(addrOrRange, a) : a === addrOrRange));
  if (edit.kind === 'cells') {
    const changes = edit.changes.filter((c) => !wholeSheets.has(c.sheet) && !hit(c.sheet, c.cell));
    return changes.length ? { ...edit, changes } : null;
  }
  const ops = edit.ops.filter((op) => {
    const sheet = 'sheet' in op ? op.sheet : op.op === 'addSheet' ? op.name : null;
    if (!sheet) return true;
    if (wholeSheets.has(sheet)) return false;
    if (op.op === 'set') return !hit(sheet, op.cell);
    if (sheets.has(sheet)) return false;
    return !('range' in op && hit(sheet, op.range));
  });
  return ops.length ? { ...edit, ops } : null;
}
