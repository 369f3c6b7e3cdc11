/**
 * What a reader of the rendered sheet sees wrong in the cells themselves:
 * - text_clipped: text wider than its column cut off by a filled neighbour (or by its merged
 *   range), or wrapped text / a large font in a row whose fixed height shows only part of it;
 * - number_hashes: a formatted number wider than its column (Excel shows ####);
 * - number_as_text: numeric-looking strings ("1,200", "12%") among numbers.
 */
import type { Finding } from '../../common/finding';
import { numberToColumn } from '../../../../lib/workbook/cell-ref';
import { formatNumber } from '../../../../lib/workbook/cell-text';
import { cellsLocation } from './cell-location';
import { anchorRect } from './chart-placement';
import type { LaidCell, SheetLayout } from './sheet-layout';
import { lineHeight, lineWidth, textWidth, wrappedLines } from './text-width';

const textOf = (c: LaidCell) => (typeof c.value === 'string' ? c.value : '');
const round1 = (n: number) => Math.round(n * 10) / 10;
const clip = (s: string, n = 30) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

interface Group {
  cells: LaidCell[];
  need: number;
  example: LaidCell;
  exampleNeed: number;
}

function addTo(map: Map<string, Group>, key: string, c: LaidCell, need: number): void {
  const g = map.get(key);
  if (!g) map.set(key, { cells: [c], need, example: c, exampleNeed: need });
  else {
    g.cells.push(c);
    g.need = Math.max(g.need, need);
  }
}

/** Does text overflowing `extra` units to one side of `col` run into a filled cell before it fits? */
function blocked(layout: SheetLayout, row: number, col: number, extra: number, step: 1 | -1): boolean {
  let left = extra;
  for (let c = col + step, n = 0; left > 0 && n < 30; c += step, n++) {
    if (c < 1 || c > 16384) return true;
    if (layout.isFilled(row, c) || layout.merge(row, c)) return true;
    left -= layout.colWidth(c);
  }
  return false;
}

function isTextValue(c: LaidCell): c is LaidCell & { value: string } {
  return typeof c.value === 'string' && c.value.trim() !== '';
}

export function cellFindings(layout: SheetLayout, opts: { date1904?: boolean } = {}): Finding[] {
  const name = layout.sheet.name;
  const clippedCols = new Map<string, Group>();
  const clippedMerges = new Map<string, Group>();
  const clippedRows = new Map<string, Group & { fits: number; height: number; lines: number }>();
  const hashes = new Map<string, Group & { text: string }>();
  const columnStats = new Map<number, { numbers: number; top: number; texts: LaidCell[] }>();
  const filterButtons = filterButtonCells(layout);

  for (const c of layout.cells) {
    const { row, col, cell } = c;
    const width = layout.colWidth(col);
    // hidden, or collapsed to a sliver on purpose
    if (width < 1 || layout.fixedRowHeight(row) === 0) continue;
    const m = layout.merge(row, col);
    if (m && !m.start) continue;
    let avail = width;
    if (m) {
      avail = 0;
      for (let k = m.rect.c1; k <= m.rect.c2; k++) avail += layout.colWidth(k);
    }
    const size = layout.fontSize(cell);
    const bold = !!cell.style?.bold;

    // numbers stored as text, per column
    let st = columnStats.get(col);
    if (!st) columnStats.set(col, (st = { numbers: 0, top: row, texts: [] }));
    if (row < st.top) st.top = row;
    if (typeof c.value === 'number') st.numbers++;
    else if (cell.formula === undefined && typeof c.value === 'string' && cell.numFmt !== '@' && looksNumeric(c.value)) st.texts.push(c);

    if (isTextValue(c)) {
      const fixed = layout.fixedRowHeight(row);
      if (cell.style?.wrap) {
        if (fixed !== undefined && (!m || m.rect.r1 === m.rect.r2)) {
          const lines = wrappedLines(c.value, avail - 0.4, size, bold, layout.baseSize);
          const fits = Math.max(0, Math.floor(fixed / lineHeight(size) + 0.15));
          if (lines > fits) {
            const key = String(row);
            const g = clippedRows.get(key);
            if (!g) clippedRows.set(key, { cells: [c], need: lines * lineHeight(size), example: c, exampleNeed: lines, fits, height: fixed, lines });
            else {
              g.cells.push(c);
              g.need = Math.max(g.need, lines * lineHeight(size));
            }
          }
        }
        continue;
      }
      if (fixed !== undefined && Math.floor(fixed / lineHeight(size) + 0.15) < 1 && (!m || m.rect.r1 === m.rect.r2)) {
        const key = String(row);
        const g = clippedRows.get(key);
        if (!g) clippedRows.set(key, { cells: [c], need: lineHeight(size), example: c, exampleNeed: 1, fits: 0, height: fixed, lines: 1 });
        else g.cells.push(c);
      }
      // a filter drop-down button covers the right end of a header cell
      const need = textWidth(c.value, size, bold, layout.baseSize) + (filterButtons.has(`${row},${col}`) ? FILTER_BUTTON : 0);
      if (need <= avail || cell.style?.hAlign === 'fill') continue;
      if (m) {
        addTo(clippedMerges, `${m.rect.r1},${m.rect.c1}`, c, need);
        continue;
      }
      const align = cell.style?.hAlign;
      const extra = need - avail;
      const cut =
        align === 'right'
          ? blocked(layout, row, col, extra, -1)
          : align === 'center'
            ? blocked(layout, row, col, extra / 2, -1) || blocked(layout, row, col, extra / 2, 1)
            : blocked(layout, row, col, extra, 1);
      if (cut) addTo(clippedCols, String(col), c, need);
      continue;
    }

    if (typeof c.value === 'number' && cell.numFmt && !/^general$/i.test(cell.numFmt)) {
      let text: string;
      try {
        text = formatNumber(c.value, cell.numFmt, { date1904: opts.date1904 === true });
      } catch {
        continue;
      }
      const need = lineWidth(text, size, bold, layout.baseSize);
      if (need > avail) {
        const key = m ? `m${m.rect.r1},${m.rect.c1}` : String(col);
        const g = hashes.get(key);
        if (!g) hashes.set(key, { cells: [c], need, example: c, exampleNeed: need, text });
        else {
          g.cells.push(c);
          g.need = Math.max(g.need, need);
        }
      }
    }
  }

  const out: Finding[] = [];
  for (const [key, g] of clippedCols) {
    const letter = numberToColumn(Number(key));
    const w = round1(layout.colWidth(Number(key)));
    const ex = g.example;
    out.push({
      code: 'text_clipped',
      severity: 'warning',
      location: cellsLocation(name, g.cells),
      message: `${g.cells.length === 1 ? 'text' : `${g.cells.length} texts`} wider than column ${letter} (width ${w}) ${g.cells.length === 1 ? 'is' : 'are'} cut off by the filled cell beside ${g.cells.length === 1 ? 'it' : 'them'} (e.g. ${ex.address} "${clip(textOf(ex))}"): set column ${letter} to ≥ ${Math.ceil(g.need + 1)}, or wrap the text.`,
    });
  }
  for (const g of clippedMerges.values()) {
    const m = g.example;
    const mr = layout.merge(m.row, m.col)!.rect;
    let w = 0;
    for (let k = mr.c1; k <= mr.c2; k++) w += layout.colWidth(k);
    out.push({
      code: 'text_clipped',
      severity: 'warning',
      location: cellsLocation(name, [m]),
      message: `the text of merged ${numberToColumn(mr.c1)}${mr.r1}:${numberToColumn(mr.c2)}${mr.r2} ("${clip(textOf(m))}") needs width ≥ ${Math.ceil(g.need + 1)} but its columns give ${round1(w)}: widen them or wrap the text.`,
    });
  }
  for (const [key, g] of clippedRows) {
    const ex = g.example;
    out.push({
      code: 'text_clipped',
      severity: 'warning',
      location: cellsLocation(name, g.cells),
      message:
        g.fits === 0 && !ex.cell.style?.wrap
          ? `row ${key} is ${g.height} pt high, too low for ${layout.fontSize(ex.cell)} pt text (e.g. ${ex.address} "${clip(textOf(ex))}"): set row ${key} to ≥ ${Math.ceil(g.need)} pt or remove its fixed height.`
          : `row ${key} is ${g.height} pt high (${g.fits} line${g.fits === 1 ? '' : 's'}) but its wrapped text needs about ${g.lines} lines (e.g. ${ex.address} "${clip(textOf(ex))}"): set row ${key} to ≥ ${Math.ceil(g.need)} pt, remove its fixed height, or widen column ${numberToColumn(ex.col)}.`,
    });
  }
  for (const [key, g] of hashes) {
    const ex = g.example;
    const where = key.startsWith('m') ? `its merged range` : `column ${numberToColumn(Number(key))} (width ${round1(layout.colWidth(Number(key)))})`;
    out.push({
      code: 'number_hashes',
      severity: 'warning',
      location: cellsLocation(name, g.cells),
      message: `${g.cells.length === 1 ? 'a number shows' : `${g.cells.length} numbers show`} as #### because ${where} is narrower than the formatted value (e.g. ${ex.address} "${g.text}"): set the width to ≥ ${Math.ceil(g.need + 1)}.`,
    });
  }
  for (const [col, st] of columnStats) {
    const texts = st.texts.filter((c) => c.row !== st.top);
    if (!texts.length) continue;
    const symbolic = texts.filter((c) => /[,%$€£¥]/.test(textOf(c))).length;
    if (!((st.numbers >= 2 && st.numbers >= texts.length) || symbolic >= 3)) continue;
    const ex = texts[0]!;
    out.push({
      code: 'number_as_text',
      severity: 'warning',
      location: cellsLocation(name, texts),
      message: `${texts.length === 1 ? 'a number is' : `${texts.length} numbers are`} stored as text in column ${numberToColumn(col)} (e.g. ${ex.address} "${clip(textOf(ex))}"): sums, charts and number formats skip ${texts.length === 1 ? 'it' : 'them'}; write numbers (1200, and 12% as 0.12 with numFmt "0%").`,
    });
  }
  return out;
}

/** Width of a filter drop-down button, in characters (about 16 pixels). */
const FILTER_BUTTON = 2.3;

/** Header cells of tables and auto-filters, which carry a filter button ("row,col"). */
function filterButtonCells(layout: SheetLayout): Set<string> {
  const out = new Set<string>();
  const add = (range: string) => {
    const r = anchorRect(range);
    if (!r || r.c2 - r.c1 > 500) return;
    for (let col = r.c1; col <= r.c2; col++) out.add(`${r.r1},${col}`);
  };
  for (const t of layout.sheet.tables) if (t.headerRow !== false && t.autoFilter !== false) add(t.range);
  if (layout.sheet.autoFilter) add(layout.sheet.autoFilter.range);
  return out;
}

const NUMERIC_TEXT = /^\s*[-+]?\(?\s*[$€£¥]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*%?\s*\)?\s*$/;

/** "1,200", "12%", "$3.50", "(400)"; not "007" (leading zeros are kept on purpose) nor "". */
export function looksNumeric(s: string): boolean {
  if (!NUMERIC_TEXT.test(s)) return false;
  const digits = s.replace(/^[^\d]*/, '');
  return !/^0\d/.test(digits);
}

