/**
 * Charts as a reader sees them: two charts on the same cells (chart_overlap), a chart over filled
 * cells (chart_covers_data), a series that has nothing to plot, plots text, or does not line up
 * with its categories (chart_series_invalid), and ranges on sheets that do not exist (missing_sheet_ref).
 */
import type { Finding } from '../../common/finding';
import { parseSheetRange, quoteSheetName, toAddress } from '../../../../lib/workbook/cell-ref';
import type { EvalValue, WorkbookEvaluation } from '../evaluate-formulas';
import { missingSheetClause } from '../explain-formula-errors';
import type { Chart, Sheet, Workbook } from '../schema';
import { chartsLocation } from './cell-location';
import { chartRect, filledCellsIn, freeChartAnchor, rectsOverlap } from './chart-placement';

const MAX_POINTS = 10_000;
const MAX_CHARTS = 50;

interface Resolved {
  sheet: string;
  rows: number;
  cols: number;
  r1: number;
  c1: number;
}

function resolve(ref: string, chartSheet: string, sheets: Sheet[]): Resolved | { missing: string } | undefined {
  let r;
  try {
    r = parseSheetRange(ref);
  } catch {
    return undefined;
  }
  const name = r.sheet ?? chartSheet;
  const sheet = sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!sheet) return { missing: name };
  return { sheet: sheet.name, rows: r.to.row - r.from.row + 1, cols: r.to.col - r.from.col + 1, r1: r.from.row, c1: r.from.col };
}

/** The sheet names a chart's ranges refer to that do not exist. */
export function chartMissingSheets(wb: Workbook, sheetName: string, chart: Chart): string[] {
  const refs = [chart.categories, ...chart.series.flatMap((s) => [s.values, s.categories, s.name && s.name.includes('!') ? s.name : undefined])];
  const out: string[] = [];
  for (const ref of refs) {
    if (!ref) continue;
    const r = resolve(ref, sheetName, wb.sheets);
    if (r && 'missing' in r && !out.includes(r.missing)) out.push(r.missing);
  }
  return out;
}

/** What is wrong with a chart's series, one clause each (empty when nothing is); `get` gives a cell's (computed) value. */
export function chartSeriesProblems(wb: Workbook, get: (sheet: string, address: string) => EvalValue, sheetName: string, chart: Chart): string[] {
  const problems: string[] = [];
  chart.series.forEach((s, i) => {
    const label = chart.series.length > 1 ? `series ${i + 1}${s.name && !s.name.includes('!') ? ` (${s.name})` : ''} ` : '';
    const v = resolve(s.values, sheetName, wb.sheets);
    if (!v || 'missing' in v) return;
    if (v.rows > 1 && v.cols > 1) {
      problems.push(`${label}values ${s.values} span ${v.rows} rows × ${v.cols} columns; give one row or column per series`);
      return;
    }
    const n = v.rows * v.cols;
    let numbers = 0;
    let firstText: string | undefined;
    let texts = 0;
    for (let k = 0; k < Math.min(n, MAX_POINTS); k++) {
      const row = v.r1 + (v.rows > 1 ? k : 0);
      const col = v.c1 + (v.cols > 1 ? k : 0);
      const address = toAddress({ row, col });
      const x = get(v.sheet, address);
      if (typeof x === 'number') numbers++;
      else if (typeof x === 'string' && x.trim() !== '') {
        texts++;
        firstText ??= `${address} "${x.length > 24 ? `${x.slice(0, 23)}…` : x}"`;
      }
    }
    if (numbers === 0 && texts === 0) return void problems.push(`${label}values ${s.values} are empty`);
    if (numbers === 0) return void problems.push(`${label}values ${s.values} hold text, no numbers (e.g. ${firstText})`);
    if (texts > 0) problems.push(`${label}values ${s.values} include text (${firstText}), plotted as 0: leave headers out of the range`);
    const catRef = s.categories ?? chart.categories;
    if (!catRef) return;
    const c = resolve(catRef, sheetName, wb.sheets);
    if (!c || 'missing' in c) return;
    const m = c.rows === 1 || c.cols === 1 ? c.rows * c.cols : Math.max(c.rows, c.cols);
    if (m !== n) problems.push(`${label}values ${s.values} have ${n} points but categories ${catRef} have ${m}`);
  });
  return problems;
}

export function chartFindings(wb: Workbook, ev: WorkbookEvaluation, sheet: Sheet): Finding[] {
  const out: Finding[] = [];
  const names = wb.sheets.map((s) => s.name);
  const charts = sheet.charts.slice(0, MAX_CHARTS);
  for (const chart of charts) {
    const missing = chartMissingSheets(wb, sheet.name, chart);
    if (missing.length) {
      out.push({ code: 'missing_sheet_ref', severity: 'error', location: chartsLocation(sheet.name, [chart.id]), message: `the chart's ranges refer to ${missingSheetClause(missing[0]!, names, true)}.` });
    }
    const problems = chartSeriesProblems(wb, (sh, a) => ev.get(sh, a), sheet.name, chart);
    if (problems.length) out.push({ code: 'chart_series_invalid', severity: 'warning', location: chartsLocation(sheet.name, [chart.id]), message: `${problems.join('; ')}.` });
  }
  if (sheet.kind === 'chartsheet') return out;
  const rects = charts.map((c) => ({ chart: c, rect: chartRect(c) }));
  for (let i = 0; i < rects.length; i++) {
    const a = rects[i]!;
    if (!a.rect) continue;
    for (let j = i + 1; j < rects.length; j++) {
      const b = rects[j]!;
      if (!b.rect || !rectsOverlap(a.rect, b.rect)) continue;
      const free = freeChartAnchor(sheet, b.rect.r2 - b.rect.r1 + 1, b.rect.c2 - b.rect.c1 + 1, { exceptId: b.chart.id, fromRow: b.rect.r1 });
      out.push({
        code: 'chart_overlap',
        severity: 'warning',
        location: chartsLocation(sheet.name, [a.chart.id, b.chart.id]),
        message: `charts ${a.chart.id} (${a.chart.anchor}) and ${b.chart.id} (${b.chart.anchor}) overlap: move ${b.chart.id} to a free place such as ${free}.`,
      });
    }
    const filled = filledCellsIn(sheet, a.rect);
    if (filled.count) {
      const free = freeChartAnchor(sheet, a.rect.r2 - a.rect.r1 + 1, a.rect.c2 - a.rect.c1 + 1, { exceptId: a.chart.id, fromRow: a.rect.r1 });
      out.push({
        code: 'chart_covers_data',
        severity: 'warning',
        location: chartsLocation(sheet.name, [a.chart.id]),
        message: `chart ${a.chart.id} (${a.chart.anchor}) covers ${filled.count} filled cell${filled.count === 1 ? '' : 's'} (${filled.first.map((x) => `${quoteSheetName(sheet.name)}!${x}`).join(', ')}${filled.count > filled.first.length ? ', …' : ''}): move it to a free place such as ${free}.`,
      });
    }
  }
  return out;
}
