// A newer version of the workbook, applied to the open grid in place (no remount): what differs
// between the grid as it is now and the new version's grid (workbook-to-fortune.ts) becomes
// fortune-sheet ops — cells (values, formulas and their values, styles, number formats, merges,
// comments, links), sheets added / deleted / renamed / reordered / hidden, widths, heights, hidden
// rows and columns, merges, borders, links and grid lines. The grid applies them with `applyOp`,
// which keeps no undo step and reports no op: the person's selection, scroll position and undo
// history stay, and the remote change is neither undoable by them nor sent back as their edit.
// What the grid cannot take in place (frozen panes, a grid that would have to grow, a read-only
// grid gaining or losing sheets, the shown sheet hidden or a hidden one shown…) is reported as `fallback`:
// the editor then remounts for that update.
import type { Cell as FsCell, Op, Sheet as FsSheet } from '@fortune-sheet/core';
import { cellSignature, typedValue, type FortuneWorkbook } from './workbook-to-fortune';
import { frozenOf, normFormat, styleOf, type ConfigLike, type Dirty } from './grid-diff';

/** A grid sheet's place in the new version. */
export interface SheetMatch {
  /** the grid's sheet id (for an added sheet: the id it is given) */
  gridId: string;
  /** the new version's sheet id (its index: "s3") */
  nextId: string;
  name: string;
}

export interface LivePlan {
  /** why the update cannot be applied in place (remount instead), or null */
  fallback: string | null;
  /** applyOp calls, in order (fortune-sheet takes one sheet added or deleted per call) */
  batches: Op[][];
  /** sheets kept (renamed or not) and added, with their new names */
  matched: SheetMatch[];
  added: SheetMatch[];
  /** grid sheet ids removed */
  deleted: string[];
  /** cells changed, by grid sheet id: [row, col, the new cell or null] */
  cells: Map<string, Array<[number, number, FsCell | null]>>;
  /** grid sheets whose settings (widths, heights, hidden, merges, borders) changed */
  config: Set<string>;
  /** the number of ops */
  size: number;
  /**
   * sheet tabs appear or go (added or deleted): fortune-sheet's tab component, as
   * it mounts, puts the shown sheet's recorded scroll position and selection back (or resets
   * them) — the editor records them first
   */
  tabs: boolean;
}

const DEFAULT_ALIGN: Record<string, string> = { number: 'right', boolean: 'center' };

function valueKey(v: unknown): string {
  if (typeof v === 'number') return `n:${Number(v.toPrecision(12))}`;
  if (v === undefined || v === null || v === '') return '';
  return `${typeof v}:${JSON.stringify(v)}`;
}

function runsKey(c: FsCell): unknown {
  const ct = c.ct;
  const runs: FsCell[] | undefined = ct?.t === 'inlineStr' && Array.isArray(ct.s) ? (ct.s as FsCell[]) : undefined;
  return runs ? runs.map((r) => [r.v, styleOf(r)]) : null;
}

/**
 * What a cell shows and holds, for comparing the grid's cell with the new version's: content
 * (value or formula, and a formula's value), style, number format, merge, link and comment. Cells
 * the person typed and cells loaded from the file differ in shape, not in this.
 */
export function liveCellKey(c: FsCell | null | undefined): string {
  if (!c) return '';
  let key = keys.get(c);
  if (key === undefined) keys.set(c, (key = computeKey(c)));
  return key;
}
/** The grid never changes a cell object in place (edits replace it): keys are kept per object. */
const keys = new WeakMap<FsCell, string>();

function computeKey(c: FsCell): string {
  const content = cellSignature(c);
  const style = styleOf(c);
  const v = typedValue(c);
  if ((style.hAlign ?? null) === null && v !== null) style.hAlign = DEFAULT_ALIGN[typeof v] ?? null;
  const mc = c.mc ? [c.mc.r, c.mc.c, c.mc.rs ?? null, c.mc.cs ?? null] : null;
  const key = JSON.stringify([content, c.f ? valueKey(c.v) : '', style, normFormat(c.ct?.fa), mc, c.hl ? 1 : 0, c.ps?.value ?? null, runsKey(c)]);
  return key === EMPTY ? '' : key;
}
const EMPTY = JSON.stringify(['', '', styleOf({}), null, null, 0, null, null]);

/** The same fields with the same values (a cell's type is one shared object per format and type). */
function shallowSame(a: FsCell, b: FsCell): boolean {
  let n = 0;
  for (const k in a) {
    const x = (a as Record<string, unknown>)[k];
    if (x === undefined) continue;
    if (x !== (b as Record<string, unknown>)[k]) return false;
    n++;
  }
  for (const k in b) if ((b as Record<string, unknown>)[k] !== undefined) n--;
  return n === 0;
}

const sorted = (o: unknown): string => {
  if (!o || typeof o !== 'object') return JSON.stringify(o ?? null);
  if (Array.isArray(o)) return `[${o.map(sorted).join(',')}]`;
  const entries = Object.entries(o as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${JSON.stringify(k)}:${sorted(v)}`)
    .join(',')}}`;
};
const same = (a: unknown, b: unknown) => sorted(a) === sorted(b);
const isEmptyMap = (o: unknown) => !o || (typeof o === 'object' && Object.keys(o).length === 0);
const sameMap = (a: unknown, b: unknown) => (isEmptyMap(a) && isEmptyMap(b)) || same(a, b);

export interface PlanInput {
  /** the grid's sheets now (WorkbookInstance.getAllSheets()) */
  grid: FsSheet[];
  /** grid sheet id → the sheet's name in the workbook */
  names: Map<string, string>;
  /** the new version as the grid would open it */
  next: FortuneWorkbook;
  /** the settings each grid sheet was loaded with (the model's heights, to tell them from fitted ones) */
  baseRowlen: (gridId: string) => Record<string, number> | undefined;
  /** the sheet the grid shows */
  currentId: string | undefined;
  /** the person's edits not yet collected: their cells keep what the person typed */
  dirty: Dirty;
  readOnly: boolean;
  /** an id for a sheet added here */
  newId: (name: string) => string;
}

const byOrder = (a: { order?: number }, b: { order?: number }) => (a.order ?? 0) - (b.order ?? 0);

export function planLiveUpdate(input: PlanInput): LivePlan {
  const { grid, names, next } = input;
  const plan: LivePlan = { fallback: null, batches: [], matched: [], added: [], deleted: [], cells: new Map(), config: new Set(), size: 0, tabs: false };
  const fail = (why: string): LivePlan => ({ ...plan, fallback: why, batches: [] });
  const gridSheets = [...grid].sort(byOrder);
  const nextSheets = next.sheets;
  const gridName = (s: FsSheet) => names.get(s.id ?? '') ?? s.name;

  // Sheets: the same name is the same sheet; of the rest, those at the same place were renamed.
  const pairs = new Map<string, FsSheet>(); // next id → grid sheet
  const taken = new Set<string>();
  for (const n of nextSheets) {
    const g = gridSheets.find((s) => !taken.has(s.id!) && gridName(s) === n.name);
    if (g) {
      pairs.set(n.id!, g);
      taken.add(g.id!);
    }
  }
  const restGrid = gridSheets.filter((s) => !taken.has(s.id!));
  const restNext = nextSheets.filter((s) => !pairs.has(s.id!));
  while (restGrid.length && restNext.length) pairs.set(restNext.shift()!.id!, restGrid.shift()!);
  if ((restGrid.length || restNext.length) && input.readOnly) return fail('sheets added or deleted in a read-only grid');
  if (restGrid.length === gridSheets.length && gridSheets.length) return fail('no sheet in common');

  const tail: Op[] = [];
  const ctxOps: Op[] = [];
  let formulasChanged = false;
  for (const g of restGrid) {
    if (g.id === input.currentId && !nextSheets.length) return fail('the shown sheet was deleted and none is left');
    plan.deleted.push(g.id!);
  }
  for (const n of restNext) {
    const id = input.newId(n.name);
    plan.added.push({ gridId: id, nextId: n.id!, name: n.name });
    const celldata = (n.celldata ?? []).map((d) => ({ r: d.r, c: d.c, v: d.v ? { ...d.v } : d.v }));
    const { calcChain: _chain, ...rest } = n as FsSheet & { calcChain?: unknown };
    void _chain;
    const chain = next.calcChains.get(n.id!) ?? [];
    plan.batches.push([
      {
        op: 'addSheet',
        id,
        path: [],
        value: { ...rest, id, status: 0, celldata, ...(chain.length ? { calcChain: chain.map((x) => ({ ...x, id })) } : {}) },
      },
    ]);
  }

  // added first: a deleted sheet is never the last one
  for (const id of plan.deleted) plan.batches.push([{ op: 'deleteSheet', id, path: [], value: { id } }]);

  nextSheets.forEach((n, index) => {
    const g = pairs.get(n.id!);
    if (!g) return;
    const id = g.id!;
    plan.matched.push({ gridId: id, nextId: n.id!, name: n.name });
    if (gridName(g) !== n.name) tail.push({ op: 'replace', id, path: ['name'], value: n.name });
    if ((g.order ?? 0) !== index || plan.added.length || plan.deleted.length) tail.push({ op: 'replace', id, path: ['order'], value: index });
    const hide = n.hide === 1;
    if ((g.hide === 1) !== hide) {
      if (hide && id === input.currentId) return void (plan.fallback = 'the shown sheet was hidden');
      // a tab shown again mounts and clears the selection, with nothing to put it back
      if (!hide) return void (plan.fallback = 'a hidden sheet was shown');
      tail.push({ op: 'replace', id, path: ['hide'], value: 1 });
    }
    if ((g.color ?? null) !== (n.color ?? null)) tail.push({ op: 'replace', id, path: ['color'], value: n.color ?? '' });
    if (Boolean(g.showGridLines ?? 1) !== Boolean(n.showGridLines ?? 1)) {
      tail.push({ op: 'replace', id, path: ['showGridLines'], value: n.showGridLines });
      if (id === input.currentId) ctxOps.push({ op: 'replace', path: ['showGridLines'], value: Boolean(n.showGridLines) });
    }
    if (!same(frozenOf(g.frozen), frozenOf(n.frozen))) return void (plan.fallback = 'frozen panes changed');

    // Cells.
    const data = g.data ?? [];
    const rows = data.length;
    const cols = data[0]?.length ?? 0;
    const want = new Map<number, FsCell>();
    for (const d of n.celldata ?? []) if (d.v) want.set(d.r * 16_384 + d.c, d.v);
    const skip = input.dirty.cells.get(id);
    const changes: Array<[number, number, FsCell | null]> = [];
    let formulas = false;
    const visit = (r: number, c: number, cur: FsCell | null | undefined, nw: FsCell | undefined) => {
      if (skip === 'all' || skip?.has(`${r},${c}`)) return;
      if ((cur && nw && shallowSame(cur, nw)) || liveCellKey(cur) === liveCellKey(nw)) return;
      if (cur?.f || nw?.f) formulas = true;
      changes.push([r, c, nw ? { ...nw } : null]);
    };
    for (let r = 0; r < rows; r++) {
      const row = data[r];
      if (!row) continue;
      for (let c = 0; c < row.length; c++) {
        const cur = row[c];
        const k = r * 16_384 + c;
        const nw = want.get(k);
        if (nw) want.delete(k);
        if (cur || nw) visit(r, c, cur, nw);
      }
    }
    for (const [k, nw] of want) {
      const r = Math.floor(k / 16_384);
      const c = k % 16_384;
      if (r >= rows || c >= cols) return void (plan.fallback = `the grid would have to grow (${n.name})`);
      visit(r, c, null, nw);
    }
    if (changes.length) {
      plan.cells.set(id, changes);
      for (const [r, c, cell] of changes) tail.push({ op: 'replace', id, path: ['data', r, c], value: cell });
    }
    if (formulas) {
      // the grid recalculates the new version's formulas it can compute (and no longer the removed ones)
      const chain = next.calcChains.get(n.id!) ?? [];
      tail.push({ op: 'replace', id, path: ['calcChain'], value: chain.map((x) => ({ ...x, id })) });
      formulasChanged = true;
    }

    // Settings.
    if (input.dirty.config.has(id)) return;
    const gc = (g.config ?? {}) as ConfigLike & { merge?: unknown };
    const nc = (n.config ?? {}) as ConfigLike & { merge?: unknown };
    const setCfg = (key: string, value: unknown) => {
      plan.config.add(id);
      tail.push({ op: 'replace', id, path: ['config', key], value });
      if (id === input.currentId) ctxOps.push({ op: 'replace', path: ['config', key], value });
    };
    for (const key of ['columnlen', 'colhidden', 'rowhidden', 'merge'] as const) if (!sameMap(gc[key], nc[key])) setCfg(key, { ...(nc[key] ?? {}) });
    // heights: the model's; the heights the grid fitted to wrapped text stay
    const rowlen: Record<string, number> = { ...(gc.rowlen ?? {}) };
    for (const k of Object.keys(input.baseRowlen(id) ?? {})) if (nc.rowlen?.[k] === undefined) delete rowlen[k];
    Object.assign(rowlen, nc.rowlen ?? {});
    if (!sameMap(gc.rowlen, rowlen)) setCfg('rowlen', rowlen);
    if (!sameMap(gc.borderInfo, nc.borderInfo)) setCfg('borderInfo', [...(nc.borderInfo ?? [])]);
    const gh = (g as { hyperlink?: unknown }).hyperlink;
    const nh = (n as { hyperlink?: unknown }).hyperlink;
    if (!sameMap(gh, nh)) tail.push({ op: 'replace', id, path: ['hyperlink'], value: { ...((nh as object) ?? {}) } });
  });
  if (plan.fallback) return fail(plan.fallback);
  if (formulasChanged || plan.added.some((a) => next.calcChains.has(a.nextId))) {
    // the grid rebuilds its formula dependencies from the calc chains on the next edit
    ctxOps.push({ op: 'replace', path: ['formulaCache', 'formulaCellInfoMap'], value: null });
  }
  const last = [...tail, ...ctxOps];
  if (last.length) plan.batches.push(last);
  plan.size = plan.batches.reduce((n, b) => n + b.length, 0);
  if (plan.added.length || plan.deleted.length) plan.tabs = true;
  return plan;
}
