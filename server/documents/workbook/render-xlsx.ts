/**
 * Workbook model → .xlsx bytes: every sheet is written by the package writer
 * (xlsx/write-over-source.ts) over an empty package — formulas with the values computed by
 * evaluateWorkbook, styles, merges, widths and heights, hidden rows/columns and outline,
 * conditional formats, validations, hyperlinks, tables, native charts, defined names, print setup.
 */
import { evaluateWorkbook, type WorkbookEvaluation } from './evaluate-formulas';
import { parseWorkbook, type Workbook, type WorkbookInput } from './schema';
import { emptyPackage } from './xlsx/empty-package';
import { renderOverSource } from './xlsx/write-over-source';

export interface RenderWorkbookResult {
  buffer: Buffer;
  evaluation: WorkbookEvaluation;
  chartCount: number;
  ms: number;
}

export async function renderWorkbookDetailed(input: WorkbookInput | Workbook): Promise<RenderWorkbookResult> {
  const t0 = performance.now();
  const wb = parseWorkbook(input);
  const evaluation = evaluateWorkbook(wb);
  // formulas we could not evaluate have no cached value: the package asks Excel to recalculate on open
  const needsRecalc = evaluation.diagnostics.some((d) => d.kind !== 'error');
  const r = await renderOverSource(wb, evaluation, { bytes: emptyPackage(wb, needsRecalc), baseline: { sheets: [] } });
  return { buffer: r.buffer, evaluation, chartCount: r.chartCount, ms: performance.now() - t0 };
}

export async function renderWorkbook(input: WorkbookInput | Workbook): Promise<Buffer> {
  return (await renderWorkbookDetailed(input)).buffer;
}
