// Workbook → a standalone HTML page, in-process: one <table> per sheet with computed formula values
// shown through their number formats, merges as colspan/rowspan, column widths, and the basic cell
// styles (bold, italic, underline, colours, fill, alignment). Charts are not drawn (PDF has them).
import { columnToNumber, parseAddress, parseRange } from '../../lib/workbook/cell-ref';
import { evaluateWorkbook, type WorkbookEvaluation } from '../documents/workbook/evaluate-formulas';
import type { Cell, ColumnSpec, Sheet, Workbook } from '../documents/workbook/schema';
import { displayText } from '../../lib/workbook/cell-text';
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

/** Column specs per column number (span keys such as "E:XFD" included), up to `cols`. */
function columnSpecs(sheet: Sheet, cols: number): Array<ColumnSpec | undefined> {
  const out: Array<ColumnSpec | undefined> = [];
  for (const [k, spec] of Object.entries(sheet.columns)) {
    const [a, b] = k.split(':');
    for (let c = columnToNumber(a!); c <= Math.min(cols, columnToNumber(b ?? a!)); c++) out[c] = { ...out[c], ...spec };
  }
  return out;
}

function sheetTable(sheet: Sheet, evaluation: WorkbookEvaluation): string {
  if (sheet.kind) return `<p class="empty">(a ${sheet.kind === 'chartsheet' ? 'chart sheet: the chart is in the PDF export' : sheet.kind})</p>`;
  const { rows, cols } = usedExtent(sheet.cells);
  if (!rows) return '<p class="empty">(empty sheet)</p>';
  // Hidden rows and columns are not shown, as in Excel.
  const specs = columnSpecs(sheet, cols);
  const hiddenCol = (c: number) => !!specs[c]?.hidden;
  const hiddenRow = (r: number) => !!sheet.rows[String(r)]?.hidden;
  // Merged areas: the top-left cell spans (its visible rows and columns), the others are skipped.
  const span = new Map<string, { rows: number; cols: number }>();
  const covered = new Set<string>();
  for (const m of sheet.merges) {
    const r = parseRange(m);
    if ((r.to.row - r.from.row + 1) * (r.to.col - r.from.col + 1) > 100_000) continue;
    let vr = 0;
    let vc = 0;
    for (let y = r.from.row; y <= r.to.row; y++) if (!hiddenRow(y)) vr++;
    for (let x = r.from.col; x <= r.to.col; x++) if (!hiddenCol(x)) vc++;
    span.set(`${r.from.row}:${r.from.col}`, { rows: Math.max(1, vr), cols: Math.max(1, vc) });
    for (let y = r.from.row; y <= r.to.row; y++) for (let x = r.from.col; x <= r.to.col; x++) if (y !== r.from.row || x !== r.from.col) covered.add(`${y}:${x}`);
  }
  const byPos = new Map<string, [string, Cell]>();
  for (const [addr, cell] of Object.entries(sheet.cells)) {
    const p = parseAddress(addr);
    byPos.set(`${p.row}:${p.col}`, [addr, cell]);
  }
  const out: string[] = ['<table>', '<colgroup>'];
  for (let c = 1; c <= cols; c++) {
    if (hiddenCol(c)) continue;
    const w = specs[c]?.width;
    out.push(w ? `<col style="width:${Math.round(w * 7 + 5)}px">` : '<col>');
  }
  out.push('</colgroup>', '<tbody>');
  for (let r = 1; r <= rows; r++) {
    if (hiddenRow(r)) continue;
    const tds: string[] = [];
    for (let c = 1; c <= cols; c++) {
      if (hiddenCol(c)) continue;
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
  // hidden and very hidden sheets are not shown, as in Excel
  const sections = wb.sheets.filter((s) => !s.state).map((s) => `<section>\n<h2>${escapeHtml(s.name)}</h2>\n${sheetTable(s, evaluation)}\n</section>`);
  return htmlPage(title ?? wb.sheets[0]?.name ?? 'Workbook', WORKBOOK_CSS, sections.join('\n'));
}
