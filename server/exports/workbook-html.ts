// Workbook → a standalone HTML page, in-process: one <table> per sheet with computed formula values
// shown through their number formats, merges as colspan/rowspan, column widths, and the basic cell
// styles (bold, italic, underline, colours, fill, alignment). Charts are not drawn (PDF has them).
import { numberToColumn, parseAddress, parseRange } from '../documents/workbook/cell-ref';
import { evaluateWorkbook, type WorkbookEvaluation } from '../documents/workbook/evaluate-formulas';
import type { Cell, Sheet, Workbook } from '../documents/workbook/schema';
import { displayText } from './cell-text';
import { cellValue, usedExtent } from './workbook-csv';
import { escapeHtml, htmlPage } from './html-page';

function colour(c: string): string {
  return c.startsWith('#') ? c : `#${c}`;
}

function cellCss(cell: Cell | undefined, isNumber: boolean): string {
  const s = cell?.style;
  const css: string[] = [];
  if (s?.bold) css.push('font-weight:bold');
  if (s?.italic) css.push('font-style:italic');
  const deco = [s?.underline ? 'underline' : '', s?.strike ? 'line-through' : ''].filter(Boolean).join(' ');
  if (deco) css.push(`text-decoration:${deco}`);
  if (s?.color) css.push(`color:${colour(s.color)}`);
  if (s?.fill) css.push(`background:${colour(s.fill)}`);
  if (s?.fontSize) css.push(`font-size:${s.fontSize}pt`);
  const align = s?.hAlign && s.hAlign !== 'fill' ? s.hAlign : isNumber ? 'right' : undefined;
  if (align) css.push(`text-align:${align}`);
  if (s?.vAlign) css.push(`vertical-align:${s.vAlign}`);
  if (s?.wrap) css.push('white-space:pre-wrap');
  return css.join(';');
}

function sheetTable(sheet: Sheet, evaluation: WorkbookEvaluation): string {
  const { rows, cols } = usedExtent(sheet.cells);
  if (!rows) return '<p class="empty">(empty sheet)</p>';
  // Merged areas: the top-left cell spans, the others are skipped.
  const span = new Map<string, { rows: number; cols: number }>();
  const covered = new Set<string>();
  for (const m of sheet.merges) {
    const r = parseRange(m);
    span.set(`${r.from.row}:${r.from.col}`, { rows: r.to.row - r.from.row + 1, cols: r.to.col - r.from.col + 1 });
    for (let y = r.from.row; y <= r.to.row; y++) for (let x = r.from.col; x <= r.to.col; x++) if (y !== r.from.row || x !== r.from.col) covered.add(`${y}:${x}`);
  }
  const byPos = new Map<string, [string, Cell]>();
  for (const [addr, cell] of Object.entries(sheet.cells)) {
    const p = parseAddress(addr);
    byPos.set(`${p.row}:${p.col}`, [addr, cell]);
  }
  const out: string[] = ['<table>', '<colgroup>'];
  for (let c = 1; c <= cols; c++) {
    const w = sheet.columns[numberToColumn(c)]?.width;
    out.push(w ? `<col style="width:${Math.round(w * 7 + 5)}px">` : '<col>');
  }
  out.push('</colgroup>', '<tbody>');
  for (let r = 1; r <= rows; r++) {
    const tds: string[] = [];
    for (let c = 1; c <= cols; c++) {
      const k = `${r}:${c}`;
      if (covered.has(k)) continue;
      const hit = byPos.get(k);
      const value = hit ? cellValue(hit[1], sheet.name, hit[0], evaluation) : null;
      const sp = span.get(k);
      const attrs = [
        sp && sp.cols > 1 ? ` colspan="${sp.cols}"` : '',
        sp && sp.rows > 1 ? ` rowspan="${sp.rows}"` : '',
      ].join('');
      const css = cellCss(hit?.[1], typeof value === 'number');
      const text = value === null ? '' : displayText(value, hit?.[1].numFmt);
      tds.push(`<td${attrs}${css ? ` style="${css}"` : ''}>${escapeHtml(text)}</td>`);
    }
    out.push(`<tr>${tds.join('')}</tr>`);
  }
  out.push('</tbody>', '</table>');
  return out.join('\n');
}

const WORKBOOK_CSS = `
body{font-family:Calibri,Carlito,'Liberation Sans',Arial,sans-serif;font-size:11pt;margin:24px;color:#222}
h2{font-size:14pt;margin:28px 0 8px}
table{border-collapse:collapse;table-layout:fixed}
td{border:1px solid #d0d7de;padding:2px 6px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;vertical-align:bottom}
.empty{color:#888}`;

/** The workbook as one HTML page (UTF-8); title = the run title or the first sheet's name. */
export function workbookToHtml(wb: Workbook, title: string | null, evaluation: WorkbookEvaluation = evaluateWorkbook(wb)): string {
  const sections = wb.sheets.map((s) => `<section>\n<h2>${escapeHtml(s.name)}</h2>\n${sheetTable(s, evaluation)}\n</section>`);
  return htmlPage(title ?? wb.sheets[0]?.name ?? 'Workbook', WORKBOOK_CSS, sections.join('\n'));
}
