/**
 * Structural edits of a sheet's table on resume, done with the tools every model has (read_range,
 * write_range, format_range): rows added to the data (the last row's formulas copied down, totals
 * and every range over the data extended, on this sheet and on the sheets that read it), a column
 * deleted or moved (every reference follows the cells; an edit that would break a formula is not
 * done). The sheets are read first; what is written is computed from what the reads returned, and
 * so is the sentence that says what was done or why not.
 */
import { numberToColumn, parseAddress, parseRange } from '@/lib/workbook/cell-ref';
import { areaText, mapFormulaTokens } from '@/server/documents/workbook/structure/formula-refs';
import type { RefArea } from '@/server/documents/workbook/structure/formula-tokens';
import { translateFormula } from '@/server/documents/workbook/structure/translate-formula';
import type { WorkbookIndex } from '../types';
import { seededRandom } from './parse-prompt';
import type { PlannedBatch, PlannedCall, PriorResults } from './plan-types';
import { specs } from './workbook-columns';

type IndexSheet = WorkbookIndex['sheets'][number];
type Value = string | number | boolean | null;
interface GridCell {
  value: Value;
  formula?: string;
}
/** Cells of one sheet as read: address → value (computed for formulas) and formula ("=…"). */
type Grid = Map<string, GridCell>;

/** What an edit did, or why it did not: the planner's summary is built from it after the reads. */
export interface EditOutcome {
  done?: string;
  refused?: string;
}

/** An edit: its batches (reads, then computed writes) and its outcome, computed from the same reads. */
export interface PlannedEdit {
  batches: PlannedBatch[];
  outcome: (byTurn: PriorResults[]) => EditOutcome;
}

const READ_CELLS = 400;
const WRITE_CELLS = 4000;
const L = numberToColumn;

/** read_range calls covering a sheet's used range, in chunks the tool answers whole. */
function readCalls(s: IndexSheet, extraRows = 0): PlannedCall[] {
  if (!s.usedRange) return [];
  const r = parseRange(s.usedRange);
  // rows added by an earlier edit of the same request are read too
  r.to.row += extraRows;
  const cols = r.to.col - r.from.col + 1;
  const per = Math.max(1, Math.floor(READ_CELLS / cols));
  const calls: PlannedCall[] = [];
  for (let row = r.from.row; row <= r.to.row; row += per) {
    calls.push({ toolName: 'read_range', input: { sheet: s.name, range: `${L(r.from.col)}${row}:${L(r.to.col)}${Math.min(row + per - 1, r.to.row)}` } });
  }
  return calls;
}

function gridOf(results: PriorResults): Grid {
  const grid: Grid = new Map();
  for (const res of results) {
    const r = res as { range?: string; rows?: Value[][]; formulas?: Record<string, string> } | undefined;
    if (!r?.range || !r.rows) continue;
    const from = parseRange(r.range).from;
    r.rows.forEach((line, i) =>
      line.forEach((v, j) => {
        const a = `${L(from.col + j)}${from.row + i}`;
        const f = r.formulas?.[a];
        if (v !== null || f) grid.set(a, { value: v, ...(f ? { formula: f.replace(/^=/, '') } : {}) });
      }),
    );
  }
  return grid;
}

/**
 * The grids of one read turn: the edited sheet's reads first, then each other sheet's, in the order
 * the read calls were made.
 */
function readGrids(results: PriorResults, ownReads: number, others: IndexSheet[], otherReads: PlannedCall[][]): { grid: Grid; others: Array<{ s: IndexSheet; grid: Grid }> } {
  const grid = gridOf(results.slice(0, ownReads));
  let at = ownReads;
  return {
    grid,
    others: others.map((o, k) => {
      const g = gridOf(results.slice(at, at + otherReads[k]!.length));
      at += otherReads[k]!.length;
      return { s: o, grid: g };
    }),
  };
}

/**
 * Rewrites the references of a formula that point into `sheet` (unqualified ones when the formula
 * is on that sheet). `map` returns the new area, the same area, or null when the edit would break
 * the reference. Returns null when any reference breaks.
 */
function mapRefs(formula: string, onSheet: boolean, sheet: string, map: (a: RefArea) => RefArea | null): string | null {
  let broken = false;
  const out = mapFormulaTokens(formula, (t) => {
    if (t.kind !== 'ref' || !t.area || t.prefix?.external) return undefined;
    if (t.prefix ? t.prefix.sheet.toLowerCase() !== sheet.toLowerCase() || t.prefix.lastSheet !== undefined : !onSheet) return undefined;
    const a = map(t.area);
    if (!a) {
      broken = true;
      return undefined;
    }
    return a === t.area ? undefined : (t.prefix?.text ?? '') + areaText(a);
  });
  return broken ? null : out;
}

/** Header row, first/last column and the data rows of a sheet's table, from the grid. */
function tableOf(s: IndexSheet, grid: Grid): { headerRow: number; c1: number; c2: number; firstData: number; lastData: number; lastRow: number } | undefined {
  if (!s.usedRange) return undefined;
  const r = parseRange(s.usedRange);
  const headerRow = s.headerRow ?? r.from.row;
  const c1 = r.from.col;
  // the table ends at its last header (cells a deleted column left behind keep only their format)
  let c2 = r.to.col;
  while (c2 > c1 && !grid.get(`${L(c2)}${headerRow}`)?.value) c2--;
  let lastRow = headerRow;
  for (const a of grid.keys()) lastRow = Math.max(lastRow, parseAddress(a).row);
  let lastData = headerRow;
  for (let row = headerRow + 1; row <= lastRow; row++) {
    const c = grid.get(`${L(c1)}${row}`);
    if (!c || c.value === null || c.value === '' || (typeof c.value === 'string' && /^(total|average|sum|mean)\b/i.test(c.value))) break;
    lastData = row;
  }
  return { headerRow, c1, c2, firstData: headerRow + 1, lastData, lastRow };
}

/** write_range calls for a block of cells (row-major), split to stay under the tool's limit. */
function writeBlock(sheet: string, top: number, left: number, rows: Value[][]): PlannedCall[] {
  if (!rows.length) return [];
  const width = Math.max(1, ...rows.map((r) => r.length));
  const per = Math.max(1, Math.floor(WRITE_CELLS / width));
  const calls: PlannedCall[] = [];
  for (let i = 0; i < rows.length; i += per) calls.push({ toolName: 'write_range', input: { sheet, start: `${L(left)}${top + i}`, rows: rows.slice(i, i + per) } });
  return calls;
}

const cellInput = (c: GridCell | undefined): Value => (c?.formula ? `=${c.formula}` : (c?.value ?? null));

/** Formulas on the other sheets that read `sheet`, rewritten by `map`; null when one would break. */
function otherSheetWrites(sheets: Array<{ s: IndexSheet; grid: Grid }>, sheet: string, map: (a: RefArea) => RefArea | null): { calls: PlannedCall[]; broken: string[] } {
  const calls: PlannedCall[] = [];
  const broken: string[] = [];
  for (const { s, grid } of sheets) {
    for (const [a, c] of grid) {
      if (!c.formula) continue;
      const f = mapRefs(c.formula, false, sheet, map);
      if (f === null) broken.push(`${s.name}!${a}`);
      else if (f !== c.formula) calls.push({ toolName: 'write_range', input: { sheet: s.name, start: a, rows: [[`=${f}`]] } });
    }
  }
  return { calls, broken };
}

interface ChartData {
  id: string;
  title?: string;
  categories?: string;
  series: Array<{ name?: string; values: string }>;
}

/** The charts and the ranges they plot, from describe_workbook's text ("chart_1 (line "…") at H3:O20 {"categories":…}"). */
function chartsOf(result: unknown): ChartData[] {
  const text = String((result as { text?: string } | undefined)?.text ?? '');
  const out: ChartData[] = [];
  const re = /(?:charts: |, )(\S+) \([a-z]+(?: "((?:[^"\\]|\\.)*)")?\) at [A-Z]+\d+:[A-Z]+\d+ \{/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // the JSON object: to its matching brace, strings skipped
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let i = m.index + m[0].length - 1; i < text.length; i++) {
      const ch = text[i]!;
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0) continue;
    try {
      const data = JSON.parse(text.slice(m.index + m[0].length - 1, end + 1)) as Omit<ChartData, 'id'>;
      out.push({ id: m[1]!, ...(m[2] ? { title: m[2] } : {}), ...data });
    } catch {
      // not a chart's data: skipped
    }
    re.lastIndex = end + 1;
  }
  return out;
}

/**
 * update_chart / delete_chart calls for the charts that plot `sheet` after an edit that maps its
 * references: a series that loses its column goes (the chart too when none is left); null when a
 * chart's categories would break.
 */
function chartCalls(charts: ChartData[], sheet: string, map: (a: RefArea) => RefArea | null): { calls: PlannedCall[]; changed: string[] } | null {
  const calls: PlannedCall[] = [];
  const changed: string[] = [];
  for (const c of charts) {
    const categories = c.categories ? mapRefs(c.categories, false, sheet, map) : c.categories;
    if (categories === null) return null;
    const series = c.series.flatMap((x) => {
      const values = mapRefs(x.values, false, sheet, map);
      if (values === null) return [];
      const name = x.name !== undefined ? mapRefs(x.name, false, sheet, map) : undefined;
      return [{ ...(x.name !== undefined ? { name: name ?? x.name } : {}), values }];
    });
    if (!series.length) {
      calls.push({ toolName: 'delete_chart', input: { id: c.id } });
      changed.push(`${c.id} (deleted: it plotted only that column)`);
    } else if (categories !== c.categories || JSON.stringify(series) !== JSON.stringify(c.series)) {
      calls.push({ toolName: 'update_chart', input: { id: c.id, ...(categories !== undefined ? { categories } : {}), series } });
      changed.push(c.id);
    }
  }
  return { calls, changed };
}

/** A chart series' name as shown: the header cell it points at on the edited sheet (read before the edit), else its literal name. */
function seriesLabel(name: string | undefined, sheet: string, grid: Grid): string | undefined {
  if (!name) return undefined;
  const m = /^(?:'((?:[^']|'')+)'|([^!'"]+))!\$?([A-Z]{1,3})\$?(\d+)$/.exec(name);
  if (!m) return /!/.test(name) ? undefined : name;
  if ((m[1]?.replaceAll("''", "'") ?? m[2]!).toLowerCase() !== sheet.toLowerCase()) return undefined;
  const v = grid.get(`${m[3]}${m[4]}`)?.value;
  return v === null || v === undefined || v === '' ? undefined : String(v);
}

/** Chart titles by id, from the run's index ("c1 (column "Revenue by customer") at I2:P18"). */
function chartTitles(sheets: IndexSheet[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const x of sheets) for (const c of x.charts) {
    const m = /^(\S+) \([a-z]+(?: "(.*)")?\) at /.exec(c);
    if (m?.[2]) out.set(m[1]!, m[2]);
  }
  return out;
}

/**
 * What a column edit did to the charts, in words: from the charts after the edit
 * (describe_workbook), the map from a column after the edit back to where it was (`back`), the
 * insert_delete warnings (series and charts that lost their cells) and the titles before the edit:
 * chart "Revenue by customer" now plots "Revenue" from Customers!$D$2:$D$4; chart "Sales" lost
 * series "Cost"; chart "Cost by month" was removed (it plotted only "Cost").
 */
function chartEffects(opts: { after: ChartData[]; warnings: string[]; titles: Map<string, string>; sheet: string; back: (a: RefArea) => RefArea | null; grid: Grid; column: string }): string[] {
  const { sheet, back, grid } = opts;
  const label = (id: string, title?: string) => ((title ?? opts.titles.get(id)) ? `chart "${title ?? opts.titles.get(id)}"` : `chart ${id}`);
  const out: string[] = [];
  const removed = new Set<string>();
  for (const w of opts.warnings) {
    const m = /^Chart "([^"]+)" on .* lost all its series and was removed/.exec(w);
    if (m) {
      removed.add(m[1]!);
      out.push(`${label(m[1]!)} was removed (it plotted only "${opts.column}")`);
    }
  }
  for (const c of opts.after) {
    if (removed.has(c.id)) continue;
    const parts: string[] = [];
    const moved: string[] = [];
    for (const x of c.series) {
      const before = mapRefs(x.values, false, sheet, back);
      if (before === null || before === x.values) continue;
      const nameBefore = x.name && /!/.test(x.name) ? mapRefs(x.name, false, sheet, back) : x.name;
      const name = seriesLabel(nameBefore ?? undefined, sheet, grid);
      moved.push(`${name ? `"${name}" from ` : ''}${x.values}`);
    }
    if (moved.length) parts.push(`now plots ${moved.join(', ')}`);
    const lost = opts.warnings.filter((w) => new RegExp(`^Series \\d+ of chart "${c.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(w)).length;
    if (lost) parts.push(`lost ${lost > 1 ? `${lost} series` : 'series'} "${opts.column}"`);
    if (opts.warnings.some((w) => w.startsWith(`The categories of chart "${c.id}"`))) parts.push(`lost its category labels ("${opts.column}")`);
    else if (c.categories) {
      const before = mapRefs(c.categories, false, sheet, back);
      if (before !== null && before !== c.categories) parts.push(`takes its labels from ${c.categories}`);
    }
    if (parts.length) out.push(`${label(c.id, c.title)} ${parts.join(' and ')}`);
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The value of a new row's cell in a column that holds a sequence (months, quarters, years, ids, dates), else undefined. */
function continueSequence(values: Value[], k: number, fallbackYear: number): Value | undefined {
  const last = values[values.length - 1];
  const prev = values[values.length - 2];
  if (typeof last === 'string') {
    const m = /^([A-Z][a-z]{2})(?: (\d{4}))?$/.exec(last);
    const mi = m ? MONTHS.indexOf(m[1]!) : -1;
    if (m && mi >= 0) {
      const year = m[2] ? Number(m[2]) : fallbackYear;
      const n = mi + k;
      const y = year + Math.floor(n / 12);
      return m[2] || y !== year ? `${MONTHS[n % 12]} ${y}` : MONTHS[n % 12]!;
    }
    const q = /^Q([1-4])(?: (\d{4}))?$/.exec(last);
    if (q) {
      const year = q[2] ? Number(q[2]) : fallbackYear;
      const n = Number(q[1]) - 1 + k;
      const y = year + Math.floor(n / 4);
      return q[2] || y !== year ? `Q${(n % 4) + 1} ${y}` : `Q${(n % 4) + 1}`;
    }
    const id = /^(.*?)(\d+)$/.exec(last);
    if (id && typeof prev === 'string' && /\d+$/.test(prev) && new Set(values).size === values.length) {
      return `${id[1]}${String(Number(id[2]) + k).padStart(id[2]!.length, '0')}`;
    }
    return undefined;
  }
  if (typeof last === 'number' && typeof prev === 'number') {
    if (Number.isInteger(last) && last >= 1900 && last <= 2100 && last - prev === 1) return last + k;
    // dates (Excel serials) or any evenly spaced sequence
    if (last > 20000 && last < 80000 && Number.isInteger(last) && last > prev) return last + (last - prev) * k;
  }
  return undefined;
}

/**
 * "add 3 rows": new data rows after the last one. The last row's formulas are copied down; ranges
 * that end at the last data row (totals, shares, ranks, and formulas on other sheets) grow to
 * include the new rows; rows under the data (totals, averages) move down. New values continue the
 * sequences (months, ids, dates); other new values are sample data near the column's recent
 * values — or, in rows of a document the user brought, left empty.
 */
export function planAddRows(opts: { s: IndexSheet; others: IndexSheet[]; n: number; realRows: boolean; seed: string; firstBatch: number; extraRows?: number }): PlannedEdit {
  const { s, n } = opts;
  const own = readCalls(s, opts.extraRows);
  const otherReads = opts.others.map(readCalls);
  const readTurn = opts.firstBatch;
  const plan = (byTurn: PriorResults[]): CellEdit => {
    const { grid, others } = readGrids(byTurn[readTurn] ?? [], own.length, opts.others, otherReads);
    const t = tableOf(s, grid);
    if (!t || t.lastData < t.firstData) return { refused: `it found no data rows under the headers of "${s.name}"` };
    const { headerRow, c1, c2, firstData, lastData, lastRow } = t;
    // references: rows under the data move down; ranges ending at the last data row grow
    const grow = (a: RefArea): RefArea => (a.kind !== 'cols' && a.r2 === lastData && a.r1 < a.r2 && a.r1 >= headerRow ? { ...a, r2: a.r2 + n } : a);
    const shift = (a: RefArea): RefArea => {
      if (a.kind === 'cols') return a;
      const r1 = a.r1 > lastData ? a.r1 + n : a.r1;
      const r2 = a.r2 > lastData ? a.r2 + n : a.r2;
      return r1 === a.r1 && r2 === a.r2 ? grow(a) : { ...a, r1, r2 };
    };
    const headers: string[] = [];
    for (let c = c1; c <= c2; c++) headers.push(String(grid.get(`${L(c)}${headerRow}`)?.value ?? ''));
    const colSpecs = specs(headers);
    const title = String(grid.get('A1')?.value ?? '');
    const year = Number(/\b(19|20)\d{2}\b/.exec(title)?.[0] ?? 2025);
    const rand = seededRandom(opts.seed);
    const calls: PlannedCall[] = [];
    // formulas of the data rows that read a range over the data: rewritten in place
    for (let row = firstData; row <= lastData; row++) {
      for (let c = c1; c <= c2; c++) {
        const cell = grid.get(`${L(c)}${row}`);
        if (!cell?.formula) continue;
        const f = mapRefs(cell.formula, true, s.name, shift);
        if (f && f !== cell.formula) calls.push({ toolName: 'write_range', input: { sheet: s.name, start: `${L(c)}${row}`, rows: [[`=${f}`]] } });
      }
    }
    // the new rows, then the rows that were under the data, moved down
    const block: Value[][] = [];
    for (let k = 1; k <= n; k++) {
      const line: Value[] = [];
      for (let c = c1; c <= c2; c++) {
        const src = grid.get(`${L(c)}${lastData}`);
        if (src?.formula) {
          const copied = translateFormula(src.formula, k, 0).formula;
          line.push(`=${mapRefs(copied, true, s.name, grow) ?? copied}`);
          continue;
        }
        const column: Value[] = [];
        for (let row = firstData; row <= lastData; row++) column.push(grid.get(`${L(c)}${row}`)?.value ?? null);
        const seq = continueSequence(column, k, year);
        if (seq !== undefined) {
          line.push(seq);
          continue;
        }
        const recent = column.slice(-3).filter((v): v is number => typeof v === 'number');
        if (opts.realRows || !recent.length || colSpecs[c - c1]?.kind === 'label' || colSpecs[c - c1]?.kind === 'id') {
          // a label or a value of the user's own data: not invented
          line.push(!opts.realRows && typeof src?.value === 'string' ? labelLike(column, k, headers[c - c1]!) : null);
          continue;
        }
        const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
        const v = mean * (1 + 0.02 * k) * (0.92 + 0.16 * rand());
        const ints = recent.every((x) => Number.isInteger(x));
        line.push(ints ? Math.round(v) : Math.abs(mean) < 1 ? Math.round(v * 1000) / 1000 : Math.round(v * 100) / 100);
      }
      block.push(line);
    }
    for (let row = lastData + 1; row <= lastRow; row++) {
      const line: Value[] = [];
      for (let c = c1; c <= c2; c++) {
        const cell = grid.get(`${L(c)}${row}`);
        if (cell?.formula) {
          const f = mapRefs(cell.formula, true, s.name, shift);
          line.push(`=${f ?? cell.formula}`);
        } else line.push(cell?.value ?? null);
      }
      block.push(line);
    }
    calls.push(...writeBlock(s.name, lastData + 1, c1, block));
    // number formats of the new rows and of the moved rows: as the column's last data row (its spec)
    colSpecs.forEach((spec, j) => {
      if (spec.numFmt && (!opts.realRows || grid.get(`${L(c1 + j)}${lastData}`)?.formula)) calls.push({ toolName: 'format_range', input: { sheet: s.name, range: `${L(c1 + j)}${lastData + 1}:${L(c1 + j)}${lastRow + n}`, numFmt: spec.numFmt } });
    });
    if (!opts.realRows && lastRow > lastData) {
      calls.push({ toolName: 'format_range', input: { sheet: s.name, range: `${L(c1)}${lastData + 1}:${L(c2)}${lastData + n}`, style: { bold: false, border: 'none' } } });
      calls.push({ toolName: 'format_range', input: { sheet: s.name, range: `${L(c1)}${lastData + n + 1}:${L(c2)}${lastRow + n}`, style: { bold: true, borderTop: 'thin' } } });
    }
    const cross = otherSheetWrites(others, s.name, shift);
    calls.push(...cross.calls);
    const moved = lastRow > lastData ? `; the ${lastRow - lastData === 1 ? 'row' : 'rows'} under the data (${String(grid.get(`${L(c1)}${lastData + 1}`)?.value ?? 'totals')}…) moved down and ${lastRow - lastData === 1 ? 'its' : 'their'} formulas now cover rows ${firstData}–${lastData + n}` : '';
    const crossNote = cross.calls.length ? `; ${cross.calls.length} formula${cross.calls.length > 1 ? 's' : ''} on other sheets follow` : '';
    const valuesNote = opts.realRows ? ' (values left empty: the rows hold your data, so the offline model does not invent values)' : ' (new values are sample data)';
    return {
      calls,
      map: shift,
      done: (charts: string) => `added ${n} row${n > 1 ? 's' : ''} to "${s.name}" (rows ${lastData + 1}–${lastData + n}, formulas copied down${moved}${crossNote}${charts ? `; ${charts} now plot${/^charts /.test(charts) ? '' : 's'} the new rows too` : ''})${valuesNote}`,
    };
  };
  // a defined table over the data grows with it (its ref is read from the workbook's description)
  const tables = (byTurn: PriorResults[]): PlannedCall[] => {
    if (!s.tables.length) return [];
    const r = plan(byTurn);
    if ('refused' in r) return [];
    const { grid } = readGrids(byTurn[readTurn] ?? [], own.length, opts.others, otherReads);
    const t = tableOf(s, grid);
    if (!t) return [];
    return tablesOf(byTurn[opts.firstBatch + 2]?.[0], s.name).flatMap((x) => {
      const rg = parseRange(x.range);
      return rg.from.row <= t.headerRow && rg.to.row >= t.lastData && rg.to.row < t.lastData + n ? [{ toolName: 'define_table', input: { sheet: s.name, name: x.name, range: `${L(rg.from.col)}${rg.from.row}:${L(rg.to.col)}${rg.to.row + n}` } }] : [];
    });
  };
  return withCharts(s.name, opts.firstBatch, [...own, ...otherReads.flat()], plan, `did not add ${n} row${n > 1 ? 's' : ''}`, tables);
}

/** The tables of a sheet and their ranges, from describe_workbook's text ("…; tables: Sales_table A3:D15, …"). */
function tablesOf(result: unknown, sheet: string): Array<{ name: string; range: string }> {
  const text = String((result as { text?: string } | undefined)?.text ?? '');
  const out: Array<{ name: string; range: string }> = [];
  for (const line of text.split('\n')) {
    if (!line.includes(sheet)) continue;
    const m = /; tables: ([^;\n]+)/.exec(line);
    if (!m) continue;
    for (const part of m[1]!.split(', ')) {
      const t = /^(\S+) ([A-Z]+\d+:[A-Z]+\d+)$/.exec(part.trim());
      if (t) out.push({ name: t[1]!, range: t[2]! });
    }
  }
  return out;
}

/** Cell writes computed from the reads, the reference map they apply, and the sentence saying so (given what happened to the charts). */
type CellEdit = { calls: PlannedCall[]; map: (a: RefArea) => RefArea | null; done: (charts: string) => string } | { refused: string };

/**
 * An edit's turns: the reads; the cell writes; then (the workbook having changed, its description
 * is offered) describe_workbook, whose chart data says which charts plot the sheet; then those
 * charts' updates (ranges mapped like the formulas). A turn with nothing to do reads one cell.
 */
function withCharts(sheet: string, first: number, reads: PlannedCall[], plan: (byTurn: PriorResults[]) => CellEdit, failed: string, extra?: (byTurn: PriorResults[]) => PlannedCall[]): PlannedEdit {
  const noop: PlannedCall = { toolName: 'read_range', input: { sheet, range: 'A1' } };
  const charts = (byTurn: PriorResults[]) => {
    const r = plan(byTurn);
    if ('refused' in r || !r.calls.length) return undefined;
    const list = chartsOf(byTurn[first + 2]?.[0]);
    const mapped = chartCalls(list, sheet, r.map);
    // a chart whose categories were in a deleted column keeps its series, without labels
    return mapped ?? chartCalls(list.map((c) => ({ ...c, categories: c.categories && mapRefs(c.categories, false, sheet, r.map) === null ? '' : c.categories })), sheet, r.map);
  };
  return {
    batches: [
      reads.length ? reads : [noop],
      (_prior, byTurn) => {
        const r = plan(byTurn);
        return 'calls' in r && r.calls.length ? r.calls : [noop];
      },
      (_prior, byTurn) => {
        const r = plan(byTurn);
        return 'calls' in r && r.calls.length ? [{ toolName: 'describe_workbook', input: {} }] : [noop];
      },
      (_prior, byTurn) => {
        const c = [...(charts(byTurn)?.calls ?? []), ...(extra?.(byTurn) ?? [])];
        return c.length ? c : [noop];
      },
    ],
    outcome: (byTurn) => {
      const r = plan(byTurn);
      if ('refused' in r) return { refused: `${failed}: ${r.refused}` };
      const c = charts(byTurn);
      const t = (extra?.(byTurn) ?? []).map((x) => `the table ${String(x.input.name)} now covers ${String(x.input.range)}`);
      return { done: r.done(c?.changed.length ? `chart${c.changed.length > 1 ? 's' : ''} ${c.changed.join(', ')}` : '') + (t.length ? `; ${t.join('; ')}` : '') };
    },
  };
}

/** A label for a new row of a label column: the cycle the column follows ("North, South…"), else "Item N". */
function labelLike(column: Value[], k: number, header: string): Value {
  const strings = column.filter((v): v is string => typeof v === 'string');
  const distinct = [...new Set(strings)];
  if (distinct.length < strings.length && distinct.length > 0) return distinct[(strings.length + k - 1) % distinct.length]!;
  const numbered = /^(.*?)(\d+)$/.exec(strings[strings.length - 1] ?? '');
  if (numbered) return `${numbered[1]}${Number(numbered[2]) + k}`;
  // names the user will replace ("New category 1"), marked as new
  return `New ${header.toLowerCase() || 'item'} ${k}`;
}

/**
 * Moves the columns of a sheet's table: `order[i]` is the old column (absolute number) that ends up
 * at column c1 + i; a column missing from `order` is deleted. Every reference follows its cells;
 * returns the refusal when a formula would lose a column it reads or a range would split.
 */
function rearrange(s: IndexSheet, grid: Grid, others: Array<{ s: IndexSheet; grid: Grid }>, c1: number, c2: number, order: number[], headerRow: number, lastRow: number, realRows: boolean): { calls: PlannedCall[]; map: (a: RefArea) => RefArea | null } | { refused: string } {
  const to = new Map<number, number>();
  order.forEach((old, i) => to.set(old, c1 + i));
  const colOf = (c: number) => (c < c1 || c > c2 ? c - (c > c2 ? c2 - c1 + 1 - order.length : 0) : to.get(c));
  const map = (a: RefArea): RefArea | null => {
    if (a.kind === 'rows') return a;
    if (a.c2 < c1) return a;
    const cols: number[] = [];
    for (let c = a.c1; c <= a.c2; c++) {
      const m = colOf(c);
      if (m !== undefined) cols.push(m);
      // a range may lose a column at its edge or inside (a SUM over it), a single cell may not
      else if (a.c1 === a.c2) return null;
    }
    if (!cols.length) return null;
    const lo = Math.min(...cols);
    const hi = Math.max(...cols);
    if (hi - lo + 1 !== cols.length) return null;
    return lo === a.c1 && hi === a.c2 ? a : { ...a, c1: lo, c2: hi };
  };
  const name = (c: number) => String(grid.get(`${L(c)}${headerRow}`)?.value ?? L(c));
  const broken = new Set<string>();
  const moved = new Map<string, GridCell | undefined>();
  const inPlace: PlannedCall[] = [];
  for (const [a, cell] of grid) {
    const p = parseAddress(a);
    if (!cell.formula || (p.row >= headerRow && p.row <= lastRow && p.col >= c1 && p.col <= c2)) continue;
    // a formula outside the table (a title row, a note beside it) stays where it is and follows the columns
    const f = mapRefs(cell.formula, true, s.name, map);
    if (f === null) broken.add(a);
    else if (f !== cell.formula) inPlace.push({ toolName: 'write_range', input: { sheet: s.name, start: a, rows: [[`=${f}`]] } });
  }
  for (let row = headerRow; row <= lastRow; row++) {
    for (let c = c1; c <= c2; c++) {
      const cell = grid.get(`${L(c)}${row}`);
      const dest = to.get(c);
      if (cell?.formula) {
        const f = mapRefs(cell.formula, true, s.name, map);
        if (f === null) {
          if (dest !== undefined) broken.add(name(c));
          continue;
        }
        if (dest !== undefined) moved.set(`${L(dest)}${row}`, { value: cell.value, formula: f });
      } else if (dest !== undefined) moved.set(`${L(dest)}${row}`, cell);
    }
  }
  const deleting = order.length < c2 - c1 + 1;
  if (broken.size) return { refused: `${[...broken].map((b) => `"${b}"`).join(', ')} ${broken.size > 1 ? 'use' : 'uses'} ${deleting ? 'it' : 'a block of columns the move would split'}` };
  const cross = otherSheetWrites(others, s.name, map);
  if (cross.broken.length) return { refused: `formulas on other sheets use ${deleting ? 'it' : 'a block of columns the move would split'} (${cross.broken.slice(0, 3).join(', ')})` };
  const top = headerRow;
  const firstChanged = Math.min(...order.map((old, i) => (old !== c1 + i ? c1 + i : Infinity)), order.length < c2 - c1 + 1 ? c1 + order.length : Infinity);
  if (firstChanged === Infinity) return { calls: [], map };
  const rows: Value[][] = [];
  for (let row = top; row <= lastRow; row++) {
    const line: Value[] = [];
    for (let c = firstChanged; c <= c2; c++) line.push(cellInput(moved.get(`${L(c)}${row}`)));
    rows.push(line);
  }
  const calls = [...writeBlock(s.name, top, firstChanged, rows), ...inPlace];
  // number formats and widths follow the columns (the offline model knows them from the headers);
  // the header cell a deleted column leaves is cleared of its fill
  const headers = order.map((old) => name(old));
  const colSpecs = specs(headers);
  headers.forEach((h, i) => {
    const c = c1 + i;
    if (c < firstChanged) return;
    const spec = colSpecs[i]!;
    if (!realRows && lastRow > headerRow) calls.push({ toolName: 'format_range', input: { sheet: s.name, range: `${L(c)}${headerRow + 1}:${L(c)}${lastRow}`, numFmt: spec.numFmt ?? 'General' } });
    calls.push({ toolName: 'set_column_widths', input: { sheet: s.name, widths: { [L(c)]: Math.max(12, Math.min(40, h.length + 4)) } } });
  });
  if (deleting) {
    calls.push({ toolName: 'format_range', input: { sheet: s.name, range: `${L(c1 + order.length)}${headerRow}:${L(c2)}${lastRow}`, style: { bold: false, fill: '#FFFFFF', color: '#000000', border: 'none' } } });
  }
  calls.push(...cross.calls);
  return { calls, map };
}

/** "delete the Units column" / "move Revenue before Units": one column deleted or moved, references following. */
export function planColumnEdit(opts: { s: IndexSheet; others: IndexSheet[]; /** every sheet of the workbook (their charts may plot this one) */ sheets?: IndexSheet[]; column: string; op: { kind: 'delete' } | { kind: 'move'; before?: string; after?: string; position?: 'first' | 'last' | number }; realRows: boolean; firstBatch: number; extraRows?: number }): PlannedEdit {
  const { s } = opts;
  const own = readCalls(s, opts.extraRows);
  const otherReads = opts.others.map(readCalls);
  // chart titles before the edit (the run's index): the summary names the charts that follow or lose the column
  const titles = chartTitles(opts.sheets ?? [s, ...opts.others]);
  const verb = opts.op.kind === 'delete' ? 'delete' : 'move';
  const plan = (byTurn: PriorResults[]): CellEdit => {
    const { grid, others } = readGrids(byTurn[opts.firstBatch] ?? [], own.length, opts.others, otherReads);
    const t = tableOf(s, grid);
    if (!t) return { refused: `"${s.name}" has no table` };
    const headers: string[] = [];
    for (let c = t.c1; c <= t.c2; c++) headers.push(String(grid.get(`${L(c)}${t.headerRow}`)?.value ?? ''));
    const find = (n: string) => headers.findIndex((h) => h.toLowerCase() === n.trim().toLowerCase());
    const j = find(opts.column);
    if (j < 0) return { refused: `"${s.name}" has no column "${opts.column}" (columns: ${headers.join(', ')})` };
    const cols = headers.map((_, i) => t.c1 + i);
    let order: number[];
    let where = '';
    if (opts.op.kind === 'delete') order = cols.filter((_, i) => i !== j);
    else {
      const rest = cols.filter((_, i) => i !== j);
      const op = opts.op;
      let pos: number;
      if (op.before !== undefined || op.after !== undefined) {
        const k = find((op.before ?? op.after)!);
        if (k < 0 || k === j) return { refused: `"${s.name}" has no other column "${op.before ?? op.after}" (columns: ${headers.join(', ')})` };
        pos = rest.indexOf(t.c1 + k) + (op.after !== undefined ? 1 : 0);
        where = `${op.after !== undefined ? 'after' : 'before'} "${headers[k]}"`;
      } else if (op.position === 'first') [pos, where] = [0, 'to the first column'];
      else if (op.position === 'last') [pos, where] = [rest.length, 'to the last column'];
      else {
        pos = Math.max(0, Math.min(rest.length, Number(op.position) - 1));
        where = `to column ${pos + 1}`;
      }
      order = [...rest.slice(0, pos), t.c1 + j, ...rest.slice(pos)];
    }
    // a formula that would lose the column, or a range the move would split: refused (read from the cells)
    const r = rearrange(s, grid, others, t.c1, t.c2, order, t.headerRow, t.lastRow, opts.realRows);
    if ('refused' in r) return { refused: r.refused };
    if (!r.calls.length) return { calls: [], map: r.map, done: () => `column "${headers[j]}" is already ${where || 'there'} on "${s.name}"` };
    // done "as in Excel" by the workbook's own column edit: values, formulas, styles, widths, number
    // formats, conditional formats, validations, names, tables and chart series all follow
    const col = t.c1 + j;
    const rest = cols.filter((_, i) => i !== j);
    const at = order.indexOf(col);
    const before = at < rest.length ? rest[at]! : t.c2 + 1;
    const call: PlannedCall = opts.op.kind === 'delete' ? { toolName: 'insert_delete', input: { sheet: s.name, op: 'deleteColumns', at: L(col) } } : { toolName: 'insert_delete', input: { sheet: s.name, op: 'moveColumn', at: L(col), to: L(before) } };
    const follows = 'formulas, formats, rules, validations, names and charts follow';
    // where each column after the edit was before it (columns right of a deleted one shift back)
    const shiftBack = t.c2 - t.c1 + 1 - order.length;
    const back = (a: RefArea): RefArea | null => {
      if (a.kind === 'rows') return a;
      const cols: number[] = [];
      for (let c = a.c1; c <= a.c2; c++) cols.push(c < t.c1 ? c : c < t.c1 + order.length ? order[c - t.c1]! : c + shiftBack);
      const lo = Math.min(...cols);
      const hi = Math.max(...cols);
      if (hi - lo + 1 !== cols.length) return null;
      return lo === a.c1 && hi === a.c2 ? a : { ...a, c1: lo, c2: hi };
    };
    const chartNote = () => {
      const warnings = (byTurn[opts.firstBatch + 1]?.[0] as { warnings?: string[] } | undefined)?.warnings ?? [];
      const effects = chartEffects({ after: chartsOf(byTurn[opts.firstBatch + 2]?.[0]), warnings, titles, sheet: s.name, back, grid, column: headers[j]! });
      return effects.length ? `; ${effects.join('; ')}` : '';
    };
    return {
      calls: [call],
      // the charts follow in the same edit: nothing left to map
      map: (a: RefArea) => a,
      done: () => (opts.op.kind === 'delete' ? `deleted column "${headers[j]}" from "${s.name}" (${follows})${chartNote()}` : `moved column "${headers[j]}" ${where} on "${s.name}" (${follows})${chartNote()}`),
    };
  };
  return withCharts(s.name, opts.firstBatch, [...own, ...otherReads.flat()], plan, `did not ${verb} column "${opts.column}"`);
}

/**
 * After a column is renamed: the charts' series named by its header cell follow by themselves (the
 * offline model names series that way); chart titles that name the column are rewritten. The
 * titles are read from describe_workbook.
 */
export function renameInChartTitles(from: string, to: string, firstBatch: number): PlannedEdit {
  const word = new RegExp(`(^|[^\\p{L}\\p{N}])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[^\\p{L}\\p{N}])`, 'giu');
  const updates = (byTurn: PriorResults[]) => {
    const text = String((byTurn[firstBatch]?.[0] as { text?: string } | undefined)?.text ?? '');
    const out: Array<{ id: string; title: string }> = [];
    for (const m of text.matchAll(/(\S+) \((?:bar|column|line|pie|scatter|area|doughnut)[^)"]*?(?: "([^"]*)")?\) at /g)) {
      const title = m[2];
      if (title && word.test(title)) out.push({ id: m[1]!, title: title.replace(word, (_x, lead: string) => `${lead}${to}`) });
      word.lastIndex = 0;
    }
    return out;
  };
  return {
    batches: [[{ toolName: 'describe_workbook', input: {} }], (_prior, byTurn) => updates(byTurn).map((u) => ({ toolName: 'update_chart', input: { id: u.id, title: u.title } }))],
    outcome: (byTurn) => {
      const u = updates(byTurn);
      return { done: `chart series named by that header follow it${u.length ? `, and chart title${u.length > 1 ? 's' : ''} ${u.map((x) => `${x.id} ("${x.title}")`).join(', ')} now name${u.length > 1 ? '' : 's'} "${to}"` : ''}` };
    },
  };
}
