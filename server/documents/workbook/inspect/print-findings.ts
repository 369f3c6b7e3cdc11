/**
 * An estimate of how a sheet prints (print_pages) and of charts cut by a page break
 * (chart_split_across_pages): the used range and the charts, laid out with the sheet's column
 * widths and row heights on the paper, orientation, margins and fit-to-page settings the rendered
 * file carries (the renderer's defaults when the model sets none). Excel's own pagination depends
 * on the printer's fonts, so the figures are estimates and say so.
 */
import type { Finding } from '../../common/finding';
import { numberToColumn, parseRange } from '../../../../lib/workbook/cell-ref';
import type { Workbook } from '../schema';
import { chartRect, rectRange } from './chart-placement';
import type { Rect, SheetLayout } from './sheet-layout';

/** paper size code → [width, height] in inches, portrait */
const PAPER: Record<number, { name: string; w: number; h: number }> = {
  1: { name: 'Letter', w: 8.5, h: 11 },
  5: { name: 'Legal', w: 8.5, h: 14 },
  8: { name: 'A3', w: 11.69, h: 16.54 },
  9: { name: 'A4', w: 8.27, h: 11.69 },
  11: { name: 'A5', w: 5.83, h: 8.27 },
};
const DEFAULT_MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6 };

/** Column width in characters → points (Excel: about 7 pixels a character at 96 dpi). */
export const colPoints = (w: number) => Math.round(w * 7) * 0.75;

/** First row (or column) of each printed page, given the sizes of the rows and the page size. */
function pageStarts(from: number, to: number, size: (i: number) => number, room: number, later: number, manual: Set<number>): number[] {
  const starts = [from];
  let used = 0;
  for (let i = from; i <= to; i++) {
    const s = size(i);
    const cap = starts.length === 1 ? room : later;
    if ((used > 0 && used + s > cap) || (i > from && manual.has(i - 1))) {
      starts.push(i);
      used = 0;
    }
    used += s;
  }
  return starts;
}

export function printFindings(wb: Workbook, layout: SheetLayout): Finding[] {
  const sheet = layout.sheet;
  if (sheet.kind === 'chartsheet') return [];
  const fresh = !wb.source || !sheet.sourcePart;
  const print = sheet.print;
  const charts = sheet.charts.map((c) => ({ id: c.id, anchor: c.anchor, rect: chartRect(c) })).filter((c): c is { id: string; anchor: string; rect: Rect } => !!c.rect);
  let area: Rect | undefined;
  if (print?.area) {
    try {
      const r = parseRange(print.area.split(',')[0]!.replace(/^.*!/, '').replace(/\$/g, ''));
      area = { r1: r.from.row, c1: r.from.col, r2: r.to.row, c2: r.to.col };
    } catch {
      area = undefined;
    }
  }
  if (!area) {
    const b = layout.bounds;
    let r: Rect | undefined = b ? { ...b } : undefined;
    for (const c of charts) r = r ? { r1: Math.min(r.r1, c.rect.r1), c1: Math.min(r.c1, c.rect.c1), r2: Math.max(r.r2, c.rect.r2), c2: Math.max(r.c2, c.rect.c2) } : { ...c.rect };
    if (!r) return [];
    // printing starts at A1's row/column when the content is near it (Excel prints the used range)
    area = r;
  }

  const paper = PAPER[print?.paperSize ?? 1] ?? PAPER[1]!;
  const orientation = print?.orientation ?? (fresh && ((layout.bounds?.c2 ?? 0) > 8 || sheet.charts.length > 0) ? 'landscape' : 'portrait');
  const m = print?.margins ?? DEFAULT_MARGINS;
  const [pw, ph] = orientation === 'landscape' ? [paper.h, paper.w] : [paper.w, paper.h];
  const roomW = Math.max(72, (pw - m.left - m.right) * 72);
  const roomH = Math.max(72, (ph - m.top - m.bottom) * 72);

  const colSize = (c: number) => colPoints(layout.colWidth(c));
  let contentW = 0;
  for (let c = area.c1; c <= area.c2; c++) contentW += colSize(c);
  let contentH = 0;
  for (let r = area.r1; r <= area.r2; r++) contentH += layout.rowHeight(r);

  // fit to page: the renderer marks every new sheet "fit" unless fitToPage is false
  // (sheetPr fitToPage="1"); pageSetup carries fitToWidth/fitToHeight only when the model asks
  // for fit or has no print setup, else the file format's defaults (1 × 1) apply
  const fitMode = fresh ? print?.fitToPage !== false : print?.fitToPage === true;
  const fitAttrs = fresh ? (print ? print.fitToPage === true : true) : true;
  const fw = fitAttrs ? (print?.fitToWidth ?? 1) : 1;
  const fh = fitAttrs ? (print?.fitToHeight ?? (fresh ? 0 : 1)) : 1;
  let scale = (print?.scale ?? 100) / 100;
  if (fitMode) {
    scale = 1;
    if (fw > 0 && contentW > 0) scale = Math.min(scale, (fw * roomW) / contentW);
    if (fh > 0 && contentH > 0) scale = Math.min(scale, (fh * roomH) / contentH);
    scale = Math.max(0.1, Math.floor(scale * 100) / 100);
  }

  let titleH = 0;
  const titles = print?.titleRows ? /^\$?(\d+):\$?(\d+)$/.exec(print.titleRows) : null;
  if (titles) for (let r = Number(titles[1]); r <= Number(titles[2]); r++) titleH += layout.rowHeight(r);
  const colStarts = pageStarts(area.c1, area.c2, (c) => colSize(c) * scale, roomW, roomW, new Set(print?.colBreaks ?? []));
  const rowStarts = pageStarts(area.r1, area.r2, (r) => layout.rowHeight(r) * scale, roomH, roomH - titleH * scale, new Set(print?.rowBreaks ?? []));
  const pages = colStarts.length * rowStarts.length;

  const out: Finding[] = [];
  const fitText = fitMode ? `scaled to ${Math.round(scale * 100)}% to fit ${fw > 0 ? `${fw} page${fw === 1 ? '' : 's'} wide` : ''}${fw > 0 && fh > 0 ? ' × ' : ''}${fh > 0 ? `${fh} tall` : ''}` : `at ${Math.round(scale * 100)}%`;
  const wide = colStarts.length > 1;
  out.push({
    code: 'print_pages',
    severity: wide ? 'warning' : 'info',
    location: `${sheet.name} print ${rectRange(area)}`,
    message: `prints on about ${pages} page${pages === 1 ? '' : 's'} (estimated; ${paper.name} ${orientation}, ${fitText}: ${colStarts.length} wide × ${rowStarts.length} tall)${wide ? `; columns from ${colStarts.slice(1).map((c) => numberToColumn(c)).join(', ')} print on separate pages: fit the print to 1 page wide, use landscape, or narrow the columns` : ''}.`,
  });

  for (const c of charts) {
    const rowBreak = rowStarts.find((s) => s > c.rect.r1 && s <= c.rect.r2);
    const colBreak = colStarts.find((s) => s > c.rect.c1 && s <= c.rect.c2);
    if (rowBreak === undefined && colBreak === undefined) continue;
    const where = rowBreak !== undefined ? `the page break before row ${rowBreak}` : `the page break before column ${numberToColumn(colBreak!)}`;
    const moved =
      rowBreak !== undefined
        ? rectRange({ r1: rowBreak, c1: c.rect.c1, r2: rowBreak + c.rect.r2 - c.rect.r1, c2: c.rect.c2 })
        : rectRange({ r1: c.rect.r1, c1: colBreak!, r2: c.rect.r2, c2: colBreak! + c.rect.c2 - c.rect.c1 });
    out.push({
      code: 'chart_split_across_pages',
      severity: 'warning',
      location: `${sheet.name} chart ${c.id}`,
      message: `chart ${c.id} (${c.anchor}) is cut across two printed pages by ${where} (estimated): move it to start on the next page (e.g. ${moved}), make it smaller, or add a page break before it.`,
    });
  }
  return out;
}
