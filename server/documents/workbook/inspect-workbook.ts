/**
 * Looks at a workbook the way a reviewer looks at the rendered file and says what is wrong:
 * formula errors and their causes, references to missing sheets, clipped text, numbers shown as
 * ####, charts on top of each other or of data, chart series that plot nothing or do not match
 * their categories, numbers stored as text, and (estimated) printed pages and charts cut by a page
 * break. Pure and synchronous; bounded: at most `maxCells` cells are looked at one by one (the
 * formula evaluation covers the whole workbook) and at most `maxFindings` findings come back,
 * errors first (rankFindings).
 */
import { rankFindings, type Finding } from '../common/finding';
import { evaluateWorkbook, type WorkbookEvaluation } from './evaluate-formulas';
import { cellFindings } from './inspect/cell-findings';
import { chartFindings } from './inspect/chart-findings';
import { formulaErrorFindings, missingSheetFindings } from './inspect/formula-findings';
import { printFindings } from './inspect/print-findings';
import { sheetLayout, type Budget } from './inspect/sheet-layout';
import type { Workbook } from './schema';

export interface InspectWorkbookOptions {
  /** an evaluation of this same workbook (a render makes one); computed when absent */
  evaluation?: WorkbookEvaluation;
  /** cells looked at one by one (text widths, number formats…), over all sheets; default 200,000 */
  maxCells?: number;
  /** default 40 */
  maxFindings?: number;
}

export function inspectWorkbook(wb: Workbook, opts: InspectWorkbookOptions = {}): Finding[] {
  const ev = opts.evaluation ?? evaluateWorkbook(wb);
  const budget: Budget = { cells: opts.maxCells ?? 200_000 };
  const findings: Finding[] = [...formulaErrorFindings(wb, ev), ...missingSheetFindings(wb)];
  const skipped: string[] = [];
  for (const sheet of wb.sheets) {
    findings.push(...chartFindings(wb, ev, sheet));
    // what a hidden sheet shows (or prints) is seen by no one
    if (sheet.kind === 'chartsheet' || (sheet.state !== undefined && sheet.state !== 'visible')) continue;
    if (budget.cells <= 0 && Object.keys(sheet.cells).length > 0) {
      skipped.push(sheet.name);
      continue;
    }
    const layout = sheetLayout(wb, sheet, ev, budget);
    if (layout.truncated) skipped.push(sheet.name);
    findings.push(...cellFindings(layout, { date1904: wb.date1904 === true }), ...printFindings(wb, layout));
  }
  if (skipped.length) {
    findings.push({
      code: 'inspection_limited',
      severity: 'info',
      location: skipped.join(', '),
      message: `the workbook is large: only the first ${(opts.maxCells ?? 200_000).toLocaleString('en-US')} cells were checked for clipped text, #### and numbers stored as text (formulas were all checked).`,
    });
  }
  return rankFindings(findings, opts.maxFindings ?? 40);
}
