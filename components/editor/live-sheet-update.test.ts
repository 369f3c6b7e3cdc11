// A newer version applied to the open grid in place: only what differs becomes ops, the person's
// typed cells are not rewritten when the new version holds the same, sheets are matched by name
// (renames by place), what the grid cannot take in place falls back, and the ops — applied the way
// the grid applies them (opToPatch + immer patches) — leave the grid showing the new version.
import type { Cell as FsCell, Op, Sheet as FsSheet } from '@fortune-sheet/core';
import { applyPatches, enablePatches, type Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { parseWorkbook, type Workbook } from '@/server/documents/workbook/schema';
import { liveCellKey, planLiveUpdate, type PlanInput } from './live-sheet-update';
import { workbookToFortune } from './workbook-to-fortune';
import type { Dirty } from './grid-diff';

enablePatches();

/** The sheets as the grid holds them once opened: cells in a row × column matrix. */
function open(wb: Workbook): FsSheet[] {
  return workbookToFortune(wb).sheets.map((s) => {
    const data: Array<Array<FsCell | null>> = Array.from({ length: s.row! }, () => Array.from({ length: s.column! }, () => null));
    for (const d of s.celldata ?? []) data[d.r]![d.c] = d.v;
    const { celldata: _c, ...rest } = s;
    void _c;
    return { ...rest, data };
  });
}

/** The grid's applyOp for plain ops (sheets added or deleted are the grid's own code: recorded here). */
function apply(sheets: FsSheet[], batches: Op[][]): { sheets: FsSheet[]; special: Op[]; root: Patch[] } {
  let ctx = { luckysheetfile: sheets };
  const special: Op[] = [];
  const root: Patch[] = [];
  for (const batch of batches) {
    const patches: Patch[] = [];
    for (const op of batch) {
      if (op.op !== 'replace' && op.op !== 'add' && op.op !== 'remove') {
        special.push(op);
        continue;
      }
      if (!op.id) {
        root.push({ op: op.op, path: op.path, value: op.value });
        continue;
      }
      const i = ctx.luckysheetfile.findIndex((s) => s.id === op.id);
      patches.push({ op: op.op, path: ['luckysheetfile', i, ...op.path], value: op.value });
    }
    ctx = applyPatches(ctx, patches);
  }
  return { sheets: ctx.luckysheetfile, special, root };
}

const clean = (): Dirty => ({ cells: new Map(), config: new Set() });

function plan(grid: FsSheet[], next: Workbook, over: Partial<PlanInput> = {}) {
  const names = new Map(grid.map((s) => [s.id!, s.name] as const));
  let n = 0;
  return planLiveUpdate({ grid, names, next: workbookToFortune(next), baseRowlen: () => ({}), currentId: 's0', dirty: clean(), readOnly: false, newId: () => `new${++n}`, ...over });
}

const base = parseWorkbook({
  defaultFont: { name: 'Calibri', size: 11 },
  sheets: [
    {
      name: 'Budget',
      columns: { B: { width: 20 } },
      rows: { '4': { height: 30 } },
      merges: ['A1:B1'],
      cells: {
        A1: { value: 'Title', style: { bold: true } },
        A2: { value: 'Rent' },
        B2: { value: 1200, numFmt: '#,##0' },
        B3: { formula: 'B2*2' },
      },
    },
    { name: 'Notes', cells: { A1: { value: 'note' } } },
  ],
});
const withChange = (f: (w: Workbook) => void): Workbook => {
  const w = structuredClone(base);
  f(w);
  return parseWorkbook(w);
};

describe('planLiveUpdate', () => {
  it('the same version: nothing to do', () => {
    const p = plan(open(base), base);
    expect(p.fallback).toBeNull();
    expect(p.size).toBe(0);
    expect(p.batches).toEqual([]);
  });

  it('one cell changed elsewhere: one op for that cell, and the grid then shows it', () => {
    const grid = open(base);
    const next = withChange((w) => (w.sheets[0]!.cells.B2 = { value: 999, numFmt: '#,##0' }));
    const p = plan(grid, next);
    expect(p.fallback).toBeNull();
    expect(p.cells.get('s0')?.map(([r, c, cell]) => [r, c, cell?.v])).toEqual([[1, 1, 999]]);
    expect(p.size).toBe(1);
    const after = apply(grid, p.batches).sheets;
    expect(after[0]!.data![1]![1]).toMatchObject({ v: 999, m: '999' });
    // the rest of the sheet is untouched (the same objects)
    expect(after[0]!.data![1]![0]).toBe(grid[0]!.data![1]![0]);
    expect(plan(after, next).size).toBe(0);
  });

  it('cells the person typed (the grid’s own shape) are not rewritten when the new version holds the same', () => {
    const grid = open(base);
    grid[0]!.data![4]![3] = { v: 42, m: '42', ct: { fa: 'General', t: 'n' } };
    grid[0]!.data![5]![3] = { v: 'typed', m: 'typed', ct: { fa: 'General', t: 'g' } };
    const next = withChange((w) => {
      w.sheets[0]!.cells.D5 = { value: 42 };
      w.sheets[0]!.cells.D6 = { value: 'typed' };
    });
    expect(plan(grid, next).size).toBe(0);
    expect(liveCellKey({ v: '42', m: '42', ct: { fa: 'General', t: 'n' } })).toBe(liveCellKey(grid[0]!.data![4]![3]));
  });

  it('a formula’s new value from the server, a style, a cleared cell', () => {
    const grid = open(base);
    const next = withChange((w) => {
      delete w.sheets[0]!.cells.A2;
      w.sheets[0]!.cells.A1 = { value: 'Title', style: { bold: true, italic: true } };
    });
    const nf = workbookToFortune(next, { Budget: { B3: 2400 } });
    const p = planLiveUpdate({ grid, names: new Map([['s0', 'Budget'], ['s1', 'Notes']]), next: nf, baseRowlen: () => ({}), currentId: 's0', dirty: clean(), readOnly: false, newId: () => 'x' });
    const byCell = new Map(p.cells.get('s0')!.map(([r, c, cell]) => [`${r},${c}`, cell]));
    expect([...byCell.keys()].sort()).toEqual(['0,0', '1,0', '2,1']);
    expect(byCell.get('1,0')).toBeNull();
    expect(byCell.get('0,0')).toMatchObject({ bl: 1, it: 1 });
    expect(byCell.get('2,1')).toMatchObject({ f: '=B2*2', v: 2400 });
    // the formula changed: the grid gets the new calc chain and rebuilds its dependencies
    const { root } = apply(grid, p.batches);
    expect(root).toContainEqual({ op: 'replace', path: ['formulaCache', 'formulaCellInfoMap'], value: null });
  });

  it('the person’s uncollected edits keep what they typed', () => {
    const grid = open(base);
    const next = withChange((w) => {
      w.sheets[0]!.cells.B2 = { value: 1 };
      w.sheets[0]!.cells.A2 = { value: 'Food' };
    });
    const dirty = clean();
    dirty.cells.set('s0', new Set(['1,1']));
    const p = plan(grid, next, { dirty });
    expect(p.cells.get('s0')?.map(([r, c]) => `${r},${c}`)).toEqual(['1,0']);
  });

  it('sheets: renamed in place, added with their cells, deleted, reordered', () => {
    const grid = open(base);
    const renamed = withChange((w) => (w.sheets[1]!.name = 'Comments'));
    const r = plan(grid, renamed);
    expect(r.batches).toEqual([[{ op: 'replace', id: 's1', path: ['name'], value: 'Comments' }]]);
    expect(r.matched.map((m) => m.name)).toEqual(['Budget', 'Comments']);
    expect(r.tabs).toBe(false);

    const added = withChange((w) => w.sheets.splice(1, 0, { ...structuredClone(w.sheets[1]!), name: 'Forecast', cells: { A1: { value: 7 } } }));
    const a = plan(grid, added);
    expect(a.added).toEqual([{ gridId: 'new1', nextId: 's1', name: 'Forecast' }]);
    // a tab mounts: the editor records the scroll position and selection first
    expect(a.tabs).toBe(true);
    const addOp = a.batches[0]![0]!;
    expect(addOp).toMatchObject({ op: 'addSheet', id: 'new1', value: { id: 'new1', name: 'Forecast', order: 1, status: 0 } });
    expect((addOp.value as FsSheet).celldata).toEqual([{ r: 0, c: 0, v: expect.objectContaining({ v: 7 }) }]);
    // the kept sheets get their places
    expect(a.batches.at(-1)).toContainEqual({ op: 'replace', id: 's1', path: ['order'], value: 2 });

    const deleted = withChange((w) => w.sheets.splice(0, 1));
    const d = plan(grid, deleted);
    expect(d.deleted).toEqual(['s0']);
    expect(d.batches[0]).toEqual([{ op: 'deleteSheet', id: 's0', path: [], value: { id: 's0' } }]);

    const swapped = withChange((w) => w.sheets.reverse());
    const s = plan(grid, swapped);
    expect(s.fallback).toBeNull();
    expect(s.batches).toEqual([[{ op: 'replace', id: 's1', path: ['order'], value: 0 }, { op: 'replace', id: 's0', path: ['order'], value: 1 }]]);
  });

  it('settings: widths, heights, hidden rows, merges — also on the context when the sheet is shown', () => {
    const grid = open(base);
    const next = withChange((w) => {
      w.sheets[0]!.columns = { B: { width: 30 } };
      w.sheets[0]!.rows = { '4': { height: 30 }, '7': { hidden: true } };
      w.sheets[0]!.merges = [];
    });
    const p = plan(grid, next);
    const { sheets, root } = apply(grid, p.batches);
    expect(sheets[0]!.config!.columnlen).toEqual({ 1: 215 });
    expect(sheets[0]!.config!.rowhidden).toEqual({ 6: 0 });
    expect(sheets[0]!.config!.merge).toEqual({});
    expect(root.map((x) => x.path.join('.')).sort()).toEqual(['config.colhidden', 'config.columnlen', 'config.merge', 'config.rowhidden'].filter((k) => k !== 'config.colhidden').sort());
    expect(p.config).toEqual(new Set(['s0']));
    // the merged cells lose their merge marks too
    expect(p.cells.get('s0')?.map(([r, c]) => `${r},${c}`).sort()).toEqual(['0,0', '0,1']);
  });

  it('what the grid cannot take in place falls back to a remount', () => {
    const grid = open(base);
    expect(plan(grid, withChange((w) => (w.sheets[0]!.frozen = { rows: 1, cols: 0 }))).fallback).toMatch(/frozen/);
    expect(plan(grid, withChange((w) => (w.sheets[0]!.cells.A500 = { value: 1 }))).fallback).toMatch(/grow/);
    expect(plan(grid, withChange((w) => w.sheets.push({ ...structuredClone(w.sheets[1]!), name: 'More' })), { readOnly: true }).fallback).toMatch(/read-only/);
    expect(plan(grid, withChange((w) => (w.sheets[0]!.state = 'hidden'))).fallback).toMatch(/hidden/);
    const hiddenNotes = open(withChange((w) => (w.sheets[1]!.state = 'hidden')));
    expect(plan(hiddenNotes, base).fallback).toMatch(/shown/);
    // another sheet hidden: in place
    expect(plan(grid, withChange((w) => (w.sheets[1]!.state = 'hidden'))).batches).toEqual([[{ op: 'replace', id: 's1', path: ['hide'], value: 1 }]]);
    // the same in a read-only grid, cells only: in place
    expect(plan(grid, withChange((w) => (w.sheets[0]!.cells.A2 = { value: 'x' })), { readOnly: true }).fallback).toBeNull();
  });

  it('a 100,000-cell sheet with one change: one op, planned quickly', () => {
    const cells: Record<string, { value: number }> = {};
    for (let r = 1; r <= 10_000; r++) for (const col of 'ABCDEFGHIJ') cells[`${col}${r}`] = { value: r };
    const big = parseWorkbook({ sheets: [{ name: 'Big', cells }] });
    const grid = open(big);
    const next = structuredClone(big);
    next.sheets[0]!.cells.E5000 = { value: -1 };
    const parsed = parseWorkbook(next);
    const t = performance.now();
    workbookToFortune(parsed);
    const convert = performance.now() - t;
    const t0 = performance.now();
    const p = plan(grid, parsed);
    const first = performance.now() - t0;
    expect(p.size).toBe(1);
    // the grid's cells keep their keys: the next update compares only the new version's
    const t1 = performance.now();
    plan(grid, parsed);
    const second = performance.now() - t1;
    console.log(`[live-sheet-update] 100k cells: the new version converted in ${Math.round(convert)} ms; converted and planned in ${Math.round(first)} ms, again in ${Math.round(second)} ms`);
    expect(first).toBeLessThan(5_000);
  });
});
