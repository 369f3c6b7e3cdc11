/**
 * Excel tables as formulas see them, and structured references resolved to A1 ranges:
 * `Table1[Amount]`, `Table1[#All]`, `Table1[#Headers]`, `Table1[#Data]`, `Table1[#Totals]`,
 * `Table1[[#Headers],[#Data],[Amount]]`, `Table1[[Units]:[Amount]]`, `Table1[@Amount]`,
 * `Table1[@[Unit Price]]`, `Table1[[#This Row],[Amount]]`, and inside a table `[@Amount]` and
 * `[Amount]`. Column names escape `[`, `]`, `#` and `'` with a leading `'`.
 *
 * The model's table range is the header row plus data rows; a totals row (when the table has one)
 * is the row just below.
 */
import { columnToNumber, quoteSheetName, toAddress } from '../../../../lib/workbook/cell-ref';
import type { Workbook } from '../schema';


export interface TableInfo {
  name: string;
  sheet: string;
  firstCol: number;
  lastCol: number;
  headerRow: number | undefined;
  firstDataRow: number;
  lastDataRow: number;
  totalsRow: number | undefined;
  /** column names, left to right */
  columns: string[];
}

/** Totals row function of a table column → its SUBTOTAL function number (as Excel writes it). */
export const TOTALS_FUNCTION_NUMBER: Record<string, number> = {
  sum: 109,
  average: 101,
  count: 103,
  countNums: 102,
  min: 105,
  max: 104,
  stdDev: 107,
  var: 110,
};

export class TableIndex {
  readonly byName = new Map<string, TableInfo>();
  private readonly bySheet = new Map<string, TableInfo[]>();

  add(t: TableInfo): void {
    this.byName.set(t.name.toLowerCase(), t);
    const key = t.sheet.toLowerCase();
    let list = this.bySheet.get(key);
    if (!list) this.bySheet.set(key, (list = []));
    list.push(t);
  }

  get size(): number {
    return this.byName.size;
  }

  get(name: string): TableInfo | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The table whose area (header, data and totals rows) holds the cell. */
  containing(sheet: string, row: number, col: number): TableInfo | undefined {
    for (const t of this.bySheet.get(sheet.toLowerCase()) ?? []) {
      const top = t.headerRow ?? t.firstDataRow;
      const bottom = t.totalsRow ?? t.lastDataRow;
      if (row >= top && row <= bottom && col >= t.firstCol && col <= t.lastCol) return t;
    }
    return undefined;
  }
}

export function hasTotalsRow(t: Workbook['sheets'][number]['tables'][number]): boolean {
  return !!t.totalsRow || !!t.columns?.some((c) => (c.totalsRowFunction && c.totalsRowFunction !== 'none') || c.totalsRowLabel || c.totalsRowFormula);
}

export function buildTableIndex(wb: Workbook): TableIndex {
  const out = new TableIndex();
  for (const s of wb.sheets) {
    for (const t of s.tables) {
      const m = /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/i.exec(t.range);
      if (!m) continue;
      const c1 = columnToNumber(m[1]!.toUpperCase());
      const c2 = columnToNumber(m[3]!.toUpperCase());
      const r1 = Number(m[2]);
      const r2 = Number(m[4]);
      const columns: string[] = [];
      const defined = t.columns && t.columns.length === c2 - c1 + 1 ? t.columns : undefined;
      for (let c = c1; c <= c2; c++) {
        const fromModel = defined?.[c - c1]?.name;
        const v = t.headerRow ? s.cells[toAddress({ row: r1, col: c })]?.value : undefined;
        columns.push(fromModel ?? (v === undefined || v === null || v === '' ? `Column${c - c1 + 1}` : String(v)));
      }
      out.add({
        name: t.name,
        sheet: s.name,
        firstCol: c1,
        lastCol: c2,
        headerRow: t.headerRow ? r1 : undefined,
        firstDataRow: t.headerRow ? r1 + 1 : r1,
        lastDataRow: r2,
        totalsRow: hasTotalsRow(t) ? r2 + 1 : undefined,
        columns,
      });
    }
  }
  return out;
}

type SpecItem = { kind: 'special'; name: string } | { kind: 'col'; from: string; to?: string };

const unescape = (s: string) => s.replace(/'(.)/g, '$1');

/** The `[...]` items of a nested specifier (`[#Headers],[Amount]`, `[Units]:[Amount]`). */
function bracketItems(s: string): SpecItem[] | undefined {
  const items: SpecItem[] = [];
  let i = 0;
  let pendingRange = false;
  while (i < s.length) {
    while (s[i] === ' ') i++;
    if (i >= s.length) break;
    if (s[i] !== '[') return undefined;
    let j = i + 1;
    let text = '';
    while (j < s.length && s[j] !== ']') {
      if (s[j] === "'" && j + 1 < s.length) {
        text += s[j + 1];
        j += 2;
      } else text += s[j++];
    }
    if (j >= s.length) return undefined;
    i = j + 1;
    const item = itemOf(text);
    if (pendingRange) {
      const prev = items[items.length - 1];
      if (!prev || prev.kind !== 'col' || item.kind !== 'col') return undefined;
      prev.to = item.from;
      pendingRange = false;
    } else items.push(item);
    while (s[i] === ' ') i++;
    if (s[i] === ',') i++;
    else if (s[i] === ':') {
      pendingRange = true;
      i++;
    } else if (i < s.length) return undefined;
  }
  return pendingRange ? undefined : items;
}

function itemOf(text: string): SpecItem {
  const t = text.trim();
  if (t.startsWith('#')) return { kind: 'special', name: t.toLowerCase().replace(/\s+/g, ' ') };
  return { kind: 'col', from: text };
}

/** Parses what is inside a table reference's outer brackets. */
export function parseSpecifier(inner: string): { items: SpecItem[]; thisRow: boolean } | undefined {
  const s = inner.trim();
  if (s === '') return { items: [], thisRow: false };
  if (s.startsWith('@')) {
    const rest = s.slice(1).trim();
    if (rest === '') return { items: [], thisRow: true };
    if (rest.startsWith('[')) {
      const items = bracketItems(rest);
      return items ? { items, thisRow: true } : undefined;
    }
    return { items: [{ kind: 'col', from: unescape(rest) }], thisRow: true };
  }
  if (s.startsWith('[')) {
    const items = bracketItems(s);
    if (!items) return undefined;
    // [@Amount] nested as an item: this row
    let thisRow = false;
    for (const it of items) {
      if (it.kind === 'col' && it.from.trimStart().startsWith('@')) {
        it.from = it.from.trimStart().slice(1);
        thisRow = true;
      }
    }
    return { items, thisRow };
  }
  if (s.startsWith('#')) return { items: [itemOf(s)], thisRow: false };
  return { items: [{ kind: 'col', from: unescape(inner) }], thisRow: false };
}

/** A column name for comparison: OOXML _xHHHH_ escapes decoded, line breaks alike, lower case. */
function columnKey(name: string): string {
  return name
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\r\n?/g, '\n')
    .toLowerCase();
}

function columnIndex(t: TableInfo, name: string): number {
  const want = columnKey(name);
  let i = t.columns.findIndex((c) => columnKey(c) === want);
  if (i < 0) {
    const trimmed = want.trim();
    i = t.columns.findIndex((c) => columnKey(c).trim() === trimmed);
  }
  return i;
}

/**
 * The A1 range (sheet-qualified) a structured reference stands for, or an Excel error value
 * (#REF! for unknown columns or a missing header/totals row, #VALUE! for a this-row reference
 * from a row outside the table's data).
 */
export function resolveTableRef(t: TableInfo, inner: string, row: number): { ref: string } | { error: string } {
  const spec = parseSpecifier(inner);
  if (!spec) return { error: '#REF!' };
  const specials = new Set<string>();
  const cols: number[] = [];
  let thisRow = spec.thisRow;
  for (const it of spec.items) {
    if (it.kind === 'special') {
      if (it.name === '#this row') thisRow = true;
      else specials.add(it.name);
      continue;
    }
    const a = columnIndex(t, it.from);
    const b = it.to === undefined ? a : columnIndex(t, it.to);
    if (a < 0 || b < 0) return { error: '#REF!' };
    cols.push(t.firstCol + a, t.firstCol + b);
  }
  let r1: number;
  let r2: number;
  if (thisRow) {
    if (specials.size) return { error: '#REF!' };
    if (row < t.firstDataRow || row > t.lastDataRow) return { error: '#VALUE!' };
    r1 = r2 = row;
  } else {
    const has = (k: string) => specials.has(k);
    const top = t.headerRow ?? t.firstDataRow;
    const bottom = t.totalsRow ?? t.lastDataRow;
    if (has('#all')) {
      r1 = top;
      r2 = bottom;
    } else if (has('#headers') && has('#data') && !has('#totals')) {
      if (t.headerRow === undefined) return { error: '#REF!' };
      r1 = t.headerRow;
      r2 = t.lastDataRow;
    } else if (has('#data') && has('#totals') && !has('#headers')) {
      if (t.totalsRow === undefined) return { error: '#REF!' };
      r1 = t.firstDataRow;
      r2 = t.totalsRow;
    } else if (has('#headers') && specials.size === 1) {
      if (t.headerRow === undefined) return { error: '#REF!' };
      r1 = r2 = t.headerRow;
    } else if (has('#totals') && specials.size === 1) {
      if (t.totalsRow === undefined) return { error: '#REF!' };
      r1 = r2 = t.totalsRow;
    } else if (specials.size === 0 || (has('#data') && specials.size === 1)) {
      r1 = t.firstDataRow;
      r2 = t.lastDataRow;
    } else return { error: '#REF!' };
  }
  const c1 = cols.length ? Math.min(...cols) : t.firstCol;
  const c2 = cols.length ? Math.max(...cols) : t.lastCol;
  const from = toAddress({ row: r1, col: c1 });
  const to = toAddress({ row: r2, col: c2 });
  return { ref: `${quoteSheetName(t.sheet)}!${from === to ? from : `${from}:${to}`}` };
}
