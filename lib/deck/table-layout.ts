/**
 * How a slide table is drawn: column widths, font size, row height and the height it then takes
 * (rows grow when a cell's text wraps). A small table placed by the layout is set larger, with
 * taller rows, so that it fills most of its area like a designed slide instead of a strip at the top;
 * a table with its own height, or one that already fills its area, keeps the compact sizes.
 */
import { lineHeightPt, wrapParagraph } from '../text/font-metrics';
import type { TableElement } from '../../server/documents/deck/schema';

/** Inner margin of a table cell, inches (every side). */
export const TABLE_CELL_MARGIN_IN = 0.06;
/** A table placed by the layout that covers less than this share of its area is set larger. */
export const TABLE_FILL_MIN = 0.6;
/** The share of its area an enlarged table's rows aim at. */
const TABLE_FILL_TARGET = 0.72;
/** Largest font an enlarged table gets, points. */
export const TABLE_MAX_FONT_PT = 24;
/** Tallest row of an enlarged table, inches. */
const MAX_ROW_IN = 1;

const PT = 72;

export interface TablePlan {
  fontSize: number;
  /** the height every row is drawn with at least, inches */
  rowH: number;
  /** inches, one per column */
  colW: number[];
  /** the height the table takes, rows grown for wrapping text included, inches */
  height: number;
}

/** The compact font size: the table's fontSize, else smaller for longer tables. */
function compactFontSize(el: TableElement): number {
  const rowCount = el.rows.length;
  return el.fontSize ?? (rowCount > 12 ? 11 : rowCount > 8 ? 13 : 15);
}

/** Column widths: colWidths when it gives one per column, else the box width shared equally, inches. */
export function tableColumnWidths(el: TableElement, boxW: number): number[] {
  const cols = Math.max(...el.rows.map((r) => r.length));
  return el.colWidths && el.colWidths.length === cols ? el.colWidths : Array.from({ length: cols }, () => boxW / cols);
}

interface Measured {
  height: number;
  /** some row needs more than rowH */
  grows: boolean;
  /** some word is wider than its column */
  breaksWords: boolean;
}

function measure(el: TableElement, colW: number[], font: string, size: number, rowH: number): Measured {
  let height = 0;
  let grows = false;
  let breaksWords = false;
  el.rows.forEach((row, i) => {
    let h = rowH;
    row.forEach((v, k) => {
      const widthPt = ((colW[k] ?? 0) - 2 * TABLE_CELL_MARGIN_IN) * PT;
      const text = wrapParagraph([{ text: String(v), font, sizePt: size, bold: el.headerRow && i === 0 }], widthPt);
      if (text.longestWordPt > widthPt) breaksWords = true;
      h = Math.max(h, text.heightPt / PT + 2 * TABLE_CELL_MARGIN_IN);
    });
    if (h > rowH + 1e-9) grows = true;
    height += h;
  });
  return { height, grows, breaksWords };
}

/**
 * The table's sizes in `box`. `placed`: the layout gave the box (the element has no h of its own),
 * so a small table may be enlarged to fill it.
 */
export function planTable(
  el: TableElement,
  box: { w: number; h: number },
  bodyFont: string,
  placed: boolean,
): TablePlan {
  const rows = Math.max(el.rows.length, 1);
  const colW = tableColumnWidths(el, box.w);
  const fontSize = compactFontSize(el);
  const rowH = Math.min(0.5, box.h / rows);
  const compact = measure(el, colW, bodyFont, fontSize, rowH);
  if (!placed || compact.height >= TABLE_FILL_MIN * box.h) return { fontSize, rowH, colW, height: compact.height };

  const tallRowH = Math.max(rowH, Math.min((box.h * TABLE_FILL_TARGET) / rows, MAX_ROW_IN));
  // the largest size (up to TABLE_MAX_FONT_PT, unless the table sets its own) whose text fits the taller rows whole
  let size = fontSize;
  if (el.fontSize === undefined) {
    for (let s = TABLE_MAX_FONT_PT; s > fontSize; s--) {
      if (lineHeightPt(bodyFont, s) / PT + 2 * TABLE_CELL_MARGIN_IN > tallRowH) continue;
      const m = measure(el, colW, bodyFont, s, tallRowH);
      if (!m.grows && !m.breaksWords) {
        size = s;
        break;
      }
    }
  }
  return { fontSize: size, rowH: tallRowH, colW, height: measure(el, colW, bodyFont, size, tallRowH).height };
}
