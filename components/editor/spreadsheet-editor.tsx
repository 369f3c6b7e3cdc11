'use client';
// Spreadsheet editing surface: fortune-sheet (canvas grid with sheet tabs, zoom, formula bar and a
// formula engine) behind our own component, so the grid can be swapped without touching the rest.
// The grid shows the file as it is (workbook-to-fortune.ts); conditional formats are painted in its
// cell render hook and charts drawn over it. Edits are sent as small workbook ops (grid-diff.ts):
// values, styles, number formats, borders, widths, heights, hidden rows/columns, frozen panes —
// never the whole workbook. The toolbar and menus offer only what is saved. A newer version (another
// viewer's or the agent's) is applied to the open grid in place (live-sheet-update.ts): selection,
// scroll position and undo history stay; what cannot be applied in place remounts (onRemount).
import '@fortune-sheet/react/dist/index.css';
import { Workbook as FortuneWorkbook, type WorkbookInstance } from '@fortune-sheet/react';
import { locale, type Cell as FsCell, type Op, type Sheet as FsSheet } from '@fortune-sheet/core';
import { setAutoFreeze } from 'immer';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { parseRange, parseSheetRange } from '@/lib/workbook/cell-ref';
import type { Sheet } from '@/server/documents/workbook/schema';
import type { WorkbookOp } from '@/server/documents/workbook/edit-ops';
import { numberToColumn, toAddress } from '@/lib/workbook/cell-ref';
import { ChartOverlay, type PlacedChart, type ReadRange } from './chart-overlay';
import { drawCfIcon } from './cf-icons';
import { computeConditionalFormats, type CfPaint } from './conditional-formats';
import { selectionStats, type SelectionStats } from './selection-stats';
import { validSheetName } from './sheet-names';
import { collectOps, frozenOf, type ConfigLike, type Dirty } from './grid-diff';
import { planLiveUpdate } from './live-sheet-update';
import { DEFAULT_COL_PX, DEFAULT_ROW_PX, displayText, fontFamily, setGridFunctions, workbookToFortune } from './workbook-to-fortune';
import type { EditorDocument, EditorEdit } from './editor-types';
import { GridMirror, activeCellLabel, useGridFocusLabel, useGridTabExit, type GridMirrorData } from './grid-a11y';
import { useToolbarRoving } from './toolbar-roving';
import styles from './editor.module.css';
import gridStyles from './grid.module.css';

type ExcelDoc = Extract<EditorDocument, { format: 'excel' }>;

// fortune-sheet keeps its state with immer, which by default deep-freezes every new state: on a
// 100k-cell sheet that freeze alone costs most of the first render. Nothing here relies on it.
setAutoFreeze(false);

/** The sheet tab menu: only what is saved (copy, move, colour and hide are not offered). */
const SHEET_TAB_MENU = ['delete', 'rename'];


/** Toolbar buttons whose every change is saved (merge, rotation, filters, links, images… are not offered). */
const TOOLBAR = [
  'undo',
  'redo',
  'format-painter',
  'clear-format',
  '|',
  'currency-format',
  'percentage-format',
  'number-decrease',
  'number-increase',
  'format',
  '|',
  'font',
  '|',
  'font-size',
  '|',
  'bold',
  'italic',
  'strike-through',
  'underline',
  '|',
  'font-color',
  'background',
  'border',
  '|',
  'horizontal-align',
  'vertical-align',
  'text-wrap',
  '|',
  'freeze',
  '|',
  'search',
];
const CELL_MENU = ['copy', 'paste', '|', 'insert-row', 'insert-column', 'delete-row', 'delete-column', 'hide-row', 'hide-column', 'set-row-height', 'set-column-width', '|', 'clear'];
const HEADER_MENU = ['copy', 'paste', '|', 'insert-row', 'insert-column', 'delete-row', 'delete-column', 'hide-row', 'hide-column', 'set-row-height', 'set-column-width', '|', 'clear'];

type SortValue = [number, number | string | boolean];
/** Excel's sort order: numbers, text (case-insensitive), logical values; blanks last either way. */
function sortValue(c: FsCell | null | undefined): SortValue | null {
  const v = c?.v;
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number') return [0, v];
  if (typeof v === 'boolean') return [2, v];
  if (c?.ct?.t === 'n' && !Number.isNaN(Number(v))) return [0, Number(v)];
  return [1, String(v).toLowerCase()];
}

interface View {
  sheetId: string;
  scrollLeft: number;
  scrollTop: number;
  box: { left: number; top: number; width: number; height: number } | null;
  tick: number;
}

export function SpreadsheetEditor({
  doc,
  readOnly,
  onEdit,
  version,
  peek,
  onRemount,
}: {
  /** the document to show: the first one opens the grid, newer ones are applied to it in place */
  doc: ExcelDoc;
  readOnly: boolean;
  onEdit: (e: EditorEdit) => void;
  /** the stored version (moves when a save lands) */
  version?: number;
  /** the stored document now, to take the server's formula values after a structural change */
  peek?: () => Promise<EditorDocument | null>;
  /** a newer document could not be applied in place: mount the editor again on it */
  onRemount?: () => void;
}) {
  const ref = useRef<WorkbookInstance>(null);
  // the document the grid opened with; newer ones are applied to the grid (below)
  const [initial] = useState(doc);
  const host = useRef<HTMLDivElement>(null);
  const fw = useMemo(() => {
    const loc = locale({ lang: 'en' } as Parameters<typeof locale>[0]);
    // A cell without a font (one the person types into) is drawn in the locale's first font, Times
    // New Roman; make that the workbook's default font, as Excel would.
    loc.fontarray[0] = fontFamily(initial.model.defaultFont.name);
    setGridFunctions((loc.functionlist as Array<{ n: string }>).map((f) => f.n));
    return workbookToFortune(initial.model, initial.formula_values);
  }, [initial]);
  // the model sheet each grid sheet shows (conditional formats and charts are drawn from it); moves
  // on with the newer versions applied in place
  const modelSheets = useRef(new Map<string, Sheet>(initial.model.sheets.map((s, i) => [`s${i}`, s] as const)));
  const dirty = useRef<Dirty>({ cells: new Map(), config: new Set() });
  /** sheets a newer version adds or deletes in the grid (its sheet hooks let them through) */
  const remoteSheets = useRef(new Set<string>());
  const scheduled = useRef(false);
  const initialSheet = fw.sheets.find((s) => s.status === 1)?.id ?? 's0';
  const current = useRef(initialSheet);
  const cf = useRef(new Map<string, Map<string, CfPaint>>());
  const [view, setView] = useState<View>({ sheetId: initialSheet, scrollLeft: 0, scrollTop: 0, box: null, tick: 0 });
  const [charts, setCharts] = useState<{ charts: PlacedChart[]; read: ReadRange }>({ charts: [], read: () => [] });

  const sheetData = useCallback((id: string): FsSheet | undefined => ref.current?.getAllSheets().find((s) => s.id === id), []);

  // The status bar's figures for the selection, from the grid's values (shown in the grid's own
  // status area, whose figures are hidden: it parses the displayed text).
  const [stats, setStats] = useState<SelectionStats | null>(null);
  const [statHost, setStatHost] = useState<Element | null>(null);
  const statsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [mirrorTick, setMirrorTick] = useState(0);
  const refreshStats = useCallback(() => {
    clearTimeout(statsTimer.current);
    statsTimer.current = setTimeout(() => {
      const api = ref.current;
      if (!api) return;
      setStats(selectionStats(sheetData(current.current)?.data, api.getSelection(), fw.date1904));
      setMirrorTick((t) => t + 1);
    }, 0);
  }, [sheetData, fw]);
  useEffect(() => () => clearTimeout(statsTimer.current), []);

  // Structural ops (inserted/deleted rows and columns, sorts) go first, in the order they happened.
  const structural = useRef<WorkbookOp[]>([]);
  const valuesStale = useRef(false);

  // After a structural change is saved, formula cells show the values the server computed for
  // the stored workbook (the same engine as the file and the exports).
  useEffect(() => {
    if (!valuesStale.current || !peek || version === undefined) return;
    valuesStale.current = false;
    let cancelled = false;
    void peek().then((d) => {
      const api = ref.current;
      if (cancelled || !api || !d || d.format !== 'excel' || !d.formula_values) return;
      const ops: Op[] = [];
      for (const sheet of api.getAllSheets()) {
        const name = sheet.id ? fw.names.get(sheet.id) : undefined;
        const values = name ? d.formula_values[name] : undefined;
        if (!values || !sheet.id || !sheet.data) continue;
        sheet.data.forEach((row, r) =>
          row.forEach((cell, c) => {
            if (!cell?.f) return;
            const v = values[toAddress({ row: r + 1, col: c + 1 })];
            if (v === undefined || v === cell.v) return;
            const fa = typeof cell.ct?.fa === 'string' ? cell.ct.fa : undefined;
            ops.push({ op: 'replace', id: sheet.id, path: ['data', r, c], value: { ...cell, v: v ?? undefined, m: displayText(v, fa && !/^general$/i.test(fa) ? fa : undefined, fw.date1904) } });
          }),
        );
      }
      if (ops.length) api.applyOp(ops);
      // conditional formats and charts: their ranges moved with the rows and columns
      for (const [id, name] of fw.names) {
        const m = d.model.sheets.find((x) => x.name === name);
        if (m) modelSheets.current.set(id, m);
      }
      cf.current.clear();
      setView((v) => ({ ...v, tick: v.tick + 1 }));
      refreshStats();
    });
    return () => {
      cancelled = true;
    };
  }, [version, peek, fw, refreshStats]);

  const collect = useCallback(() => {
    scheduled.current = false;
    const api = ref.current;
    if (!api) return;
    const ops = [...structural.current, ...collectOps(fw, api.getAllSheets(), dirty.current, initial.model.defaultFont.name)];
    // rows or columns moved: the grid does not recalculate what depends on them; once saved, the
    // server's values are taken (below)
    if (structural.current.some((o) => o.op !== 'addSheet' && o.op !== 'renameSheet')) valuesStale.current = true;
    structural.current = [];
    if (ops.length) onEdit({ kind: 'workbook', ops });
  }, [fw, onEdit, initial]);

  /** After a structural change the grid's cells and settings are the new baseline of the sheet. */
  const rebase = useCallback(
    (id: string) => {
      const sheet = ref.current?.getAllSheets().find((s) => s.id === id);
      const base = fw.baseline(id);
      if (!sheet?.data || !base) return;
      base.clear();
      sheet.data.forEach((row, r) => row.forEach((cell, c) => cell && base.set(`${r},${c}`, cell)));
      const cfg = (sheet.config ?? {}) as ConfigLike;
      const b = fw.baseConfig.get(id);
      if (b) {
        b.columnlen = { ...(cfg.columnlen ?? {}) };
        b.rowlen = { ...(cfg.rowlen ?? {}) };
        b.colhidden = { ...(cfg.colhidden ?? {}) };
        b.rowhidden = { ...(cfg.rowhidden ?? {}) };
        b.frozen = frozenOf(sheet.frozen);
        b.borderCount = cfg.borderInfo?.length ?? 0;
      }
      dirty.current.cells.delete(id);
      dirty.current.config.delete(id);
    },
    [fw],
  );

  const schedule = useCallback(() => {
    if (!readOnly && !scheduled.current && (structural.current.length || dirty.current.cells.size || dirty.current.config.size)) {
      scheduled.current = true;
      setTimeout(collect, 0);
    }
  }, [collect, readOnly]);

  /** Sorts the selected rows by the selection's first column, in the grid and in the saved workbook. */
  const sortSelection = useCallback(
    (descending: boolean) => {
      const api = ref.current;
      const sel = api?.getSelection()?.[0];
      const id = current.current;
      const name = fw.names.get(id);
      const data = api?.getAllSheets().find((s) => s.id === id)?.data;
      if (!api || !sel || !name || !data || readOnly) return;
      const [r1, r2] = sel.row as [number, number];
      const [c1, c2] = sel.column as [number, number];
      if (r2 <= r1) return;
      const rows: Array<{ r: number; key: SortValue | null; cells: Array<FsCell | null> }> = [];
      for (let r = r1; r <= r2; r++) rows.push({ r, key: sortValue(data[r]?.[c1]), cells: Array.from({ length: c2 - c1 + 1 }, (_, k) => data[r]?.[c1 + k] ?? null) });
      const sorted = [...rows].sort((a, b) => {
        if (!a.key || !b.key) return a.key ? -1 : b.key ? 1 : 0;
        const d = a.key[0] - b.key[0] || (a.key[1] < b.key[1] ? -1 : a.key[1] > b.key[1] ? 1 : 0);
        return descending ? -d : d;
      });
      if (sorted.every((x, k) => x.r === rows[k]!.r)) return;
      const ops: Op[] = [];
      sorted.forEach((x, k) => x.cells.forEach((cell, j) => ops.push({ op: 'replace', id, path: ['data', r1 + k, c1 + j], value: cell })));
      api.applyOp(ops);
      const range = `${toAddress({ row: r1 + 1, col: c1 + 1 })}:${toAddress({ row: r2 + 1, col: c2 + 1 })}`;
      structural.current.push({ op: 'sortRange', sheet: name, range, by: numberToColumn(c1 + 1), ...(descending ? { descending: true } : {}) });
      cf.current.delete(id);
      setTimeout(() => {
        rebase(id);
        setView((v) => ({ ...v, tick: v.tick + 1 }));
        schedule();
      }, 0);
    },
    [fw, readOnly, rebase, schedule],
  );

  const activate = useCallback(
    (id: string) => {
      if (current.current === id) return;
      current.current = id;
      setView((v) => ({ ...v, sheetId: id, tick: v.tick + 1 }));
      refreshStats();
    },
    [refreshStats],
  );

  const onOp = useCallback(
    (ops: Op[]) => {
      let layout = false;
      const rebased = new Set<string>();
      for (const op of ops) {
        if (!op.id) continue;
        // sheets added, deleted or renamed (also by undo): structural ops, saved before the cell edits that follow
        if (op.op === 'addSheet') {
          const name = (op.value as { name?: unknown } | undefined)?.name;
          if (typeof name === 'string' && !fw.names.has(op.id)) {
            fw.addSheet(op.id, name);
            structural.current.push({ op: 'addSheet', name });
            // a sheet brought back by undo comes with its cells: all of them are new to the file
            dirty.current.cells.set(op.id, 'all');
          }
          continue;
        }
        if (op.op === 'deleteSheet') {
          const name = fw.names.get(op.id);
          if (name) {
            fw.names.delete(op.id);
            dirty.current.cells.delete(op.id);
            dirty.current.config.delete(op.id);
            structural.current.push({ op: 'deleteSheet', sheet: name });
            // the grid shows another sheet now (without telling its hooks)
            setTimeout(() => {
              const shown = ref.current?.getSheet()?.id;
              if (shown) activate(shown);
            }, 0);
          }
          continue;
        }
        if (op.op === 'replace' && op.path.length === 1 && op.path[0] === 'name' && typeof op.value === 'string') {
          const was = fw.names.get(op.id);
          if (was && was !== op.value) {
            fw.names.set(op.id, op.value);
            structural.current.push({ op: 'renameSheet', sheet: was, name: op.value });
          }
          continue;
        }
        if (op.op === 'insertRowCol' || op.op === 'deleteRowCol') {
          const name = fw.names.get(op.id);
          const v = op.value as { type: 'row' | 'column'; index?: number; count?: number; direction?: string; start?: number; end?: number };
          if (name && op.op === 'insertRowCol' && v.index !== undefined && v.count) {
            const at = v.index + (v.direction === 'rightbottom' ? 2 : 1);
            structural.current.push(v.type === 'row' ? { op: 'insertRows', sheet: name, at, count: v.count } : { op: 'insertColumns', sheet: name, at, count: v.count });
          } else if (name && op.op === 'deleteRowCol' && v.start !== undefined && v.end !== undefined) {
            const count = v.end - v.start + 1;
            structural.current.push(v.type === 'row' ? { op: 'deleteRows', sheet: name, from: v.start + 1, count } : { op: 'deleteColumns', sheet: name, from: v.start + 1, count });
          }
          rebased.add(op.id);
          cf.current.delete(op.id);
          layout = true;
          continue;
        }
        const head = op.path[0];
        if (head === 'data') {
          cf.current.delete(op.id);
          const r = op.path[1];
          const c = op.path[2];
          const prev = dirty.current.cells.get(op.id);
          if (typeof r === 'number' && typeof c === 'number') {
            if (prev === 'all') continue;
            const set = prev ?? new Set<string>();
            set.add(`${r},${c}`);
            dirty.current.cells.set(op.id, set);
          } else dirty.current.cells.set(op.id, 'all');
        } else if (head === 'config' || head === 'frozen') {
          dirty.current.config.add(op.id);
          layout = true;
        } else if (head === 'zoomRatio') layout = true;
      }
      // The grid has shifted its cells (and rewritten the formulas that follow): that is the new baseline.
      for (const id of rebased) rebase(id);
      if (layout || ops.some((o) => o.path[0] === 'data')) {
        setView((v) => ({ ...v, tick: v.tick + 1 }));
        refreshStats();
      }
      schedule();
    },
    [fw, rebase, schedule, refreshStats, activate],
  );

  // A newer version: applied to the grid in place, without an undo step and without being reported
  // as an edit (applyOp); the baselines move on to it, so the person's next edit sends only theirs.
  const shownDoc = useRef(doc);
  const liveSeq = useRef(0);
  useEffect(() => {
    if (doc === shownDoc.current) return;
    const was = shownDoc.current;
    shownDoc.current = doc;
    const api = ref.current;
    const started = performance.now();
    const remount = (why: string) => {
      console.info(`[editor] newer version ${doc.version}: remounting (${why})`);
      onRemount?.();
    };
    if (!api) return remount('the grid is not ready');
    if (doc.model.defaultFont.name !== was.model.defaultFont.name || (doc.model.date1904 === true) !== fw.date1904) return remount('the default font or date system changed');
    const next = workbookToFortune(doc.model, doc.formula_values);
    const plan = planLiveUpdate({
      grid: api.getAllSheets(),
      names: fw.names,
      next,
      baseRowlen: (id) => fw.baseConfig.get(id)?.rowlen,
      currentId: current.current,
      dirty: dirty.current,
      readOnly,
      newId: () => `live${++liveSeq.current}-${Date.now().toString(36)}`,
    });
    if (plan.fallback) return remount(plan.fallback);
    for (const a of plan.added) remoteSheets.current.add(a.gridId);
    for (const id of plan.deleted) remoteSheets.current.add(id);
    if (plan.tabs) {
      // A sheet tab mounting puts back the shown sheet's recorded scroll position and selection (or
      // clears them); the grid then takes the selection the sheet keeps. Record the scroll position,
      // and have the sheet keep the selection (setSelection: measured, and never an undo step).
      const sel = api.getSelection() ?? [];
      const x = host.current?.querySelector('.luckysheet-scrollbar-x');
      const y = host.current?.querySelector('.luckysheet-scrollbar-y');
      if (sel.length) api.setSelection(sel.map((r) => ({ row: r.row, column: r.column, row_focus: r.row[0], column_focus: r.column[0] })));
      api.applyOp([
        {
          op: 'replace',
          path: ['sheetScrollRecord', current.current],
          value: { scrollLeft: x?.scrollLeft ?? 0, scrollTop: y?.scrollTop ?? 0, luckysheet_select_status: false, luckysheet_selection_range: [] },
        },
      ]);
    }
    for (const batch of plan.batches) api.applyOp(batch);
    // our bookkeeping: names, baselines (what is saved), the model sheets charts and conditional formats come from
    const nextConfig = (nextId: string) => (next.sheets.find((x) => x.id === nextId)?.config ?? {}) as ConfigLike;
    const modelOf = (nextId: string) => doc.model.sheets[Number(nextId.slice(1))];
    for (const id of plan.deleted) {
      fw.names.delete(id);
      dirty.current.cells.delete(id);
      dirty.current.config.delete(id);
      modelSheets.current.delete(id);
    }
    for (const a of plan.added) {
      fw.addSheet(a.gridId, a.name);
      const base = fw.baseline(a.gridId);
      for (const d of next.sheets.find((x) => x.id === a.nextId)?.celldata ?? []) if (d.v) base?.set(`${d.r},${d.c}`, d.v);
    }
    for (const m of [...plan.matched, ...plan.added]) {
      fw.names.set(m.gridId, m.name);
      const model = modelOf(m.nextId);
      if (model) modelSheets.current.set(m.gridId, model);
      const base = fw.baseline(m.gridId);
      for (const [r, c, cell] of plan.cells.get(m.gridId) ?? []) {
        if (cell) base?.set(`${r},${c}`, cell);
        else base?.delete(`${r},${c}`);
      }
      const b = fw.baseConfig.get(m.gridId);
      if (b && (plan.config.has(m.gridId) || plan.added.includes(m))) {
        const cfg = nextConfig(m.nextId);
        b.columnlen = { ...(cfg.columnlen ?? {}) };
        b.rowlen = { ...(cfg.rowlen ?? {}) };
        b.colhidden = { ...(cfg.colhidden ?? {}) };
        b.rowhidden = { ...(cfg.rowhidden ?? {}) };
        b.borderCount = cfg.borderInfo?.length ?? 0;
      }
    }
    cf.current.clear();
    setTimeout(() => {
      for (const id of [...plan.added.map((a) => a.gridId), ...plan.deleted]) remoteSheets.current.delete(id);
      // the shown sheet was deleted: the grid shows another one
      const shown = plan.deleted.length ? ref.current?.getSheet()?.id : undefined;
      if (shown && shown !== current.current) activate(shown);
    }, 0);
    setView((v) => ({ ...v, tick: v.tick + 1 }));
    refreshStats();
    const ms = Math.round(performance.now() - started);
    if (host.current) {
      host.current.dataset.liveVersion = String(doc.version);
      host.current.dataset.liveOps = String(plan.size);
      host.current.dataset.liveMs = String(ms);
    }
    console.info(`[editor] newer version ${doc.version} applied in place: ${plan.size} ops in ${ms} ms`);
  }, [doc, fw, readOnly, onRemount, activate, refreshStats]);

  // Conditional formats: painted as each cell is drawn (fills, data bars), computed per sheet from
  // the grid's current values and recomputed after the sheet's cells change.
  const paintOf = useCallback(
    (r: number, c: number): CfPaint | undefined => {
      const id = current.current;
      const model = modelSheets.current.get(id);
      if (!model?.conditionalFormats.length) return undefined;
      let map = cf.current.get(id);
      if (!map) {
        map = computeConditionalFormats(model, sheetData(id)?.data);
        cf.current.set(id, map);
      }
      return map.get(`${r}_${c}`);
    },
    [sheetData],
  );

  const hooks = useMemo(
    () => ({
      // Sheets: added with the tabs' + button, renamed and deleted from a tab's menu (saved from
      // the grid's ops in onOp: its after-hooks read a finished immer draft and never run).
      beforeAddSheet: (sheet: { id?: string }) => !readOnly || remoteSheets.current.has(sheet.id ?? ''),
      beforeDeleteSheet: (id: string) => {
        if (remoteSheets.current.has(id)) return true;
        if (readOnly) return false;
        const visible = (ref.current?.getAllSheets() ?? []).filter((s) => !s.hide && s.id !== id);
        return visible.length > 0;
      },
      beforeUpdateSheetName: (id: string, old: string, name: string) => {
        const taken = [...fw.names].some(([other, n]) => other !== id && n.toLowerCase() === name.toLowerCase());
        if (!readOnly && validSheetName(name) && !taken) return true;
        // refused: the grid leaves the typed text in the tab; put the sheet's name back
        setTimeout(() => {
          const tab = host.current?.querySelector('.luckysheet-sheets-item-active .luckysheet-sheets-item-name');
          if (tab) tab.textContent = fw.names.get(id) ?? old;
        }, 0);
        return false;
      },
      // the sheet shown: fortune-sheet calls its after-hook from a finished immer draft (it never
      // runs), so the switch is taken from the before-hook, once the grid has switched
      beforeActivateSheet: (id: string) => {
        setTimeout(() => activate(id), 0);
        return true;
      },
      afterActivateSheet: (id: string) => activate(id),
      // also how a sheet tab's click is seen: the tab switches the sheet without the activate hooks,
      // the grid then reports the selection with the sheet shown
      afterSelectionChange: (sheetId: string) => {
        if (sheetId && sheetId !== current.current && fw.names.has(sheetId)) activate(sheetId);
        refreshStats();
      },
      beforeRenderCell: (cell: FsCell | null, info: { row: number; column: number; startX: number; startY: number; endX: number; endY: number }, ctx: CanvasRenderingContext2D) => {
        const p = paintOf(info.row, info.column);
        if (!p || (!p.fill && !p.bar && !p.icon)) return true;
        const w = info.endX - info.startX;
        const h = info.endY - info.startY;
        ctx.save();
        ctx.fillStyle = p.fill ?? (typeof cell?.bg === 'string' && cell.bg ? cell.bg : '#FFFFFF');
        ctx.fillRect(info.startX, info.startY, w, h);
        if (p.bar) {
          const grad = ctx.createLinearGradient(info.startX, 0, info.startX + w * p.bar.len, 0);
          grad.addColorStop(0, p.bar.color);
          grad.addColorStop(1, '#FFFFFF');
          ctx.fillStyle = grad;
          ctx.fillRect(info.startX + 1, info.startY + 2, Math.max(1, (w - 3) * p.bar.len), Math.max(1, h - 4));
          ctx.strokeStyle = p.bar.color;
          ctx.lineWidth = 1;
          ctx.strokeRect(info.startX + 1.5, info.startY + 2.5, Math.max(1, (w - 3) * p.bar.len) - 1, Math.max(1, h - 5));
        }
        if (p.icon) {
          const side = Math.max(6, Math.min(16, h - 4, w - 4));
          drawCfIcon(ctx, p.icon.set, p.icon.index, info.startX + 2, info.startY + (h - side) / 2, side);
        }
        if (p.hideValue) {
          // the rule shows no value: the cell is drawn here, without its text (and its grid lines, which fortune-sheet would draw after the text)
          if (modelSheets.current.get(current.current)?.showGridLines !== false) {
            ctx.strokeStyle = '#dfdfdf';
            ctx.lineWidth = 1;
            ctx.beginPath();
            ctx.moveTo(info.endX - 1.5, info.startY);
            ctx.lineTo(info.endX - 1.5, info.endY);
            ctx.moveTo(info.startX - 1, info.endY - 1.5);
            ctx.lineTo(info.endX - 1, info.endY - 1.5);
            ctx.stroke();
          }
          ctx.restore();
          return false;
        }
        ctx.restore();
        // fortune-sheet fills the cell next with this style: keep what was painted
        ctx.fillStyle = 'rgba(0,0,0,0)';
        return true;
      },
    }),
    [paintOf, fw, readOnly, refreshStats, activate],
  );

  // The grid's own recalculation: its calc chains are handed over after the first frame (see
  // FortuneWorkbook.calcChains), before anyone can type; the grid builds its dependency map from
  // them on the first edit.
  useEffect(() => {
    if (!fw.calcChains.size) return;
    let handed = false;
    const hand = () => {
      if (handed || !ref.current) return;
      handed = true;
      ref.current.applyOp([...fw.calcChains].map(([id, chain]) => ({ op: 'replace', id, path: ['calcChain'], value: chain })));
    };
    const raf = requestAnimationFrame(() => setTimeout(hand, 0));
    return () => cancelAnimationFrame(raf);
  }, [fw]);

  // Charts: follow the grid's scroll position and the sheet's layout.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let raf = 0;
    const measure = () => {
      raf = 0;
      const area = el.querySelector('.fortune-cell-area');
      const x = el.querySelector('.luckysheet-scrollbar-x');
      const y = el.querySelector('.luckysheet-scrollbar-y');
      if (!area) return;
      const a = area.getBoundingClientRect();
      const b = el.getBoundingClientRect();
      setView((v) => ({
        ...v,
        scrollLeft: x?.scrollLeft ?? 0,
        scrollTop: y?.scrollTop ?? 0,
        box: { left: a.left - b.left, top: a.top - b.top, width: a.width, height: a.height },
      }));
    };
    const schedule = () => {
      if (!raf) raf = requestAnimationFrame(measure);
    };
    const timer = setInterval(() => {
      setStatHost((h) => h ?? el.querySelector('.fortune-stat-area'));
      // the grid mounts its scroll bars after the first render: attach once they exist
      const x = el.querySelector('.luckysheet-scrollbar-x');
      const y = el.querySelector('.luckysheet-scrollbar-y');
      if (!x || !y) return;
      clearInterval(timer);
      x.addEventListener('scroll', schedule, { passive: true });
      y.addEventListener('scroll', schedule, { passive: true });
      // the cell area takes its size after the scroll bars exist: measured again when it does
      const area = el.querySelector('.fortune-cell-area');
      if (area && typeof ResizeObserver !== 'undefined') {
        resized = new ResizeObserver(schedule);
        resized.observe(area);
      }
      schedule();
    }, 100);
    let resized: ResizeObserver | null = null;
    window.addEventListener('resize', schedule);
    return () => {
      clearInterval(timer);
      resized?.disconnect();
      window.removeEventListener('resize', schedule);
      el.querySelector('.luckysheet-scrollbar-x')?.removeEventListener('scroll', schedule);
      el.querySelector('.luckysheet-scrollbar-y')?.removeEventListener('scroll', schedule);
      if (raf) cancelAnimationFrame(raf);
    };
  }, []);

  // Where each chart of the shown sheet goes, from the grid's widths, heights, zoom and scroll.
  useEffect(() => {
    const model: Sheet | undefined = modelSheets.current.get(view.sheetId);
    const all = ref.current?.getAllSheets() ?? [];
    const sheet = all.find((s) => s.id === view.sheetId);
    if (!model?.charts.length || !view.box || !sheet) {
      setCharts((c) => (c.charts.length ? { charts: [], read: c.read } : c));
      return;
    }
    const idByName = new Map([...fw.names].map(([id, name]) => [name, id] as const));
    const read: ReadRange = (refText, shown) => {
      try {
        const r = parseSheetRange(refText);
        const id = r.sheet ? idByName.get(r.sheet) : view.sheetId;
        const data = all.find((s) => s.id === id)?.data;
        const out: Array<number | string | boolean | null> = [];
        for (let row = r.from.row; row <= r.to.row && out.length < 5000; row++) {
          for (let col = r.from.col; col <= r.to.col; col++) {
            const cell = data?.[row - 1]?.[col - 1];
            const v = cell?.v;
            if (shown) {
              out.push(typeof cell?.m === 'string' || typeof cell?.m === 'number' ? cell.m : v === undefined || v === null ? null : v);
              continue;
            }
            out.push(v === undefined || v === null ? null : typeof v === 'string' && cell?.ct?.t === 'n' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);
          }
        }
        return out;
      } catch {
        return [];
      }
    };
    const cfg = sheet.config ?? {};
    const zoom = sheet.zoomRatio ?? 1;
    const colW = (c: number) => (cfg.colhidden?.[c] !== undefined ? 0 : (cfg.columnlen?.[c] ?? sheet.defaultColWidth ?? DEFAULT_COL_PX));
    const rowH = (r: number) => (cfg.rowhidden?.[r] !== undefined ? 0 : (cfg.rowlen?.[r] ?? sheet.defaultRowHeight ?? DEFAULT_ROW_PX));
    const sum = (f: (i: number) => number, n: number) => {
      let t = 0;
      for (let i = 0; i < n; i++) t += f(i);
      return t;
    };
    const placed = model.charts.flatMap((chart): PlacedChart[] => {
      try {
        const a = parseRange(chart.anchor);
        const left = sum(colW, a.from.col - 1) * zoom - view.scrollLeft;
        const top = sum(rowH, a.from.row - 1) * zoom - view.scrollTop;
        const width = Math.max(120, sum((i) => colW(i + a.from.col - 1), a.to.col - a.from.col + 1) * zoom);
        const height = Math.max(90, sum((i) => rowH(i + a.from.row - 1), a.to.row - a.from.row + 1) * zoom);
        return [{ chart, left, top, width, height }];
      } catch {
        return [];
      }
    });
    setCharts({ charts: placed, read });
  }, [fw, view]);

  const sortButtons = useMemo(
    () => [
      { key: 'sort-asc', tooltip: 'Sort the selected rows A → Z', children: <span className={styles.sortButton}>A→Z</span>, onClick: () => sortSelection(false) },
      { key: 'sort-desc', tooltip: 'Sort the selected rows Z → A', children: <span className={styles.sortButton}>Z→A</span>, onClick: () => sortSelection(true) },
    ],
    [sortSelection],
  );

  // The accessible mirror of the visible range (grid-a11y.tsx), from the grid's scroll position,
  // sizes and values; it follows the selection (refreshStats ticks it) and the scrolling (view).
  const [mirror, setMirror] = useState<GridMirrorData | null>(null);
  useEffect(() => {
    void mirrorTick;
    const sheet = sheetData(view.sheetId);
    if (!sheet) return;
    const cfg = sheet.config ?? {};
    const zoom = sheet.zoomRatio ?? 1;
    const data = sheet.data ?? [];
    const rowCount = Math.max(data.length, sheet.row ?? 0);
    const colCount = Math.max(data[0]?.length ?? 0, sheet.column ?? 0);
    const colW = (c: number) => (cfg.colhidden?.[c] !== undefined ? 0 : (cfg.columnlen?.[c] ?? sheet.defaultColWidth ?? DEFAULT_COL_PX)) * zoom;
    const rowH = (r: number) => (cfg.rowhidden?.[r] !== undefined ? 0 : (cfg.rowlen?.[r] ?? sheet.defaultRowHeight ?? DEFAULT_ROW_PX)) * zoom;
    const visible = (size: (i: number) => number, count: number, scroll: number, extent: number, max: number) => {
      const out: number[] = [];
      let pos = 0;
      for (let i = 0; i < count && out.length < max; i++) {
        const w = size(i);
        if (w > 0 && pos + w > scroll && pos < scroll + extent) out.push(i);
        pos += w;
        if (pos >= scroll + extent) break;
      }
      return out;
    };
    const rows = visible(rowH, rowCount, view.scrollTop, view.box?.height ?? 600, 60);
    const cols = visible(colW, colCount, view.scrollLeft, view.box?.width ?? 1000, 30);
    const sel = ref.current?.getSelection()?.at(-1);
    const active = sel ? { row: sel.row[0]!, col: sel.column[0]! } : null;
    if (active && !rows.includes(active.row)) rows.push(active.row);
    if (active && !cols.includes(active.col)) cols.push(active.col);
    rows.sort((a, b) => a - b);
    cols.sort((a, b) => a - b);
    const text = (r: number, c: number) => {
      const cell = data[r]?.[c];
      const m = cell?.m ?? cell?.v;
      return m === undefined || m === null ? '' : String(m);
    };
    setMirror({ sheetName: fw.names.get(view.sheetId) ?? view.sheetId, rowCount, colCount, rows, cols, text, active });
  }, [mirrorTick, view, sheetData, fw]);
  useGridTabExit(host);
  useToolbarRoving(host);
  useGridFocusLabel(host, `Spreadsheet grid, ${activeCellLabel(mirror)}. Arrow keys move, Enter or F2 edits, Escape or Enter ends an edit, Tab leaves the grid.`);
  const pickCell = useCallback((row: number, column: number) => {
    ref.current?.setSelection([{ row: [row, row], column: [column, column] }]);
    refreshStats();
  }, [refreshStats]);

  return (
    <div ref={host} className={`${styles.sheetHost} ${gridStyles.gridFocus}`} data-testid="spreadsheet-editor" style={{ position: 'relative' }}>
      <FortuneWorkbook
        ref={ref}
        data={fw.sheets}
        onOp={onOp}
        allowEdit={!readOnly}
        showToolbar={!readOnly}
        toolbarItems={TOOLBAR}
        cellContextMenu={readOnly ? [] : CELL_MENU}
        headerContextMenu={readOnly ? [] : HEADER_MENU}
        sheetTabContextMenu={readOnly ? [] : SHEET_TAB_MENU}
        showFormulaBar
        showSheetTabs
        lang="en"
        currency="$"
        defaultFontSize={11}
        hooks={hooks}
        customToolbarItems={readOnly ? [] : sortButtons}
      />
      <ChartOverlay charts={charts.charts} read={charts.read} box={view.box} />
      <GridMirror data={mirror} onPick={pickCell} />
      {statHost && stats
        ? createPortal(
            <div className={styles.selectionStats} data-testid="selection-stats">
              {stats.numbers > 0 && <span>Average: {stats.average}</span>}
              <span>Count: {stats.count}</span>
              {stats.numbers > 0 && <span>Sum: {stats.sum}</span>}
              {stats.numbers > 1 && <span>Min: {stats.min}</span>}
              {stats.numbers > 1 && <span>Max: {stats.max}</span>}
            </div>,
            statHost,
          )
        : null}
    </div>
  );
}

