/**
 * The one entry point that turns a workbook model into .xlsx bytes. A workbook imported from a
 * file (model.source) is rendered over that file's package, so everything the model does not hold
 * is kept; any other workbook is rendered from the model alone.
 */
import { evaluateWorkbook, type WorkbookEvaluation } from './evaluate-formulas';
import { renderWorkbookDetailed } from './render-xlsx';
import type { Workbook } from './schema';
import { readXlsx, type ImportWarning } from './xlsx/read-xlsx';
import { renderOverSource } from './xlsx/write-over-source';

export interface WorkbookFile {
  buffer: Buffer;
  evaluation: WorkbookEvaluation;
  warnings: ImportWarning[];
  /** an .xlsm source: the file keeps its macros and must be named .xlsm */
  macroEnabled?: boolean;
}

/** Loads the bytes of a stored source package; undefined when they are gone. */
export type SourceLoader = (blobKey: string) => Promise<Buffer | undefined>;
/**
 * Loads the model a stored source package imports to, when it was kept beside the package (the
 * task that imported the file had it); undefined otherwise, and the package is read instead.
 */
export type BaselineLoader = (blobKey: string) => Promise<Workbook | undefined>;

const baselines = new Map<string, { baseline: Workbook; evaluation: WorkbookEvaluation }>();
const MAX_BASELINES = 4;

async function baselineOf(source: { blobKey: string; sha256: string }, bytes: Buffer, loadBaseline?: BaselineLoader): Promise<{ baseline: Workbook; evaluation: WorkbookEvaluation }> {
  const { sha256 } = source;
  const hit = baselines.get(sha256);
  if (hit) {
    baselines.delete(sha256);
    baselines.set(sha256, hit);
    return hit;
  }
  const baseline = (await loadBaseline?.(source.blobKey)) ?? (await readXlsx(bytes, { trusted: true })).workbook;
  const entry = { baseline, evaluation: evaluateWorkbook(baseline) };
  baselines.set(sha256, entry);
  while (baselines.size > MAX_BASELINES) baselines.delete(baselines.keys().next().value!);
  return entry;
}

export async function renderWorkbookFile(wb: Workbook, loadSource?: SourceLoader, loadBaseline?: BaselineLoader): Promise<WorkbookFile> {
  if (wb.source && loadSource) {
    const bytes = await loadSource(wb.source.blobKey);
    if (bytes) {
      const { baseline, evaluation: baselineEvaluation } = await baselineOf(wb.source, bytes, loadBaseline);
      const evaluation = evaluateWorkbook(wb);
      const r = await renderOverSource(wb, evaluation, { bytes, baseline, baselineEvaluation });
      return { buffer: r.buffer, evaluation, warnings: r.warnings, ...(r.macroEnabled ? { macroEnabled: true } : {}) };
    }
    const r = await renderWorkbookDetailed(wb);
    return {
      buffer: r.buffer,
      evaluation: r.evaluation,
      warnings: [{ code: 'source_missing', message: 'the file this workbook was imported from is no longer stored; it was written from the model alone, so parts the model does not hold (pivot tables, macros, form controls…) are missing' }],
    };
  }
  const r = await renderWorkbookDetailed(wb);
  return { buffer: r.buffer, evaluation: r.evaluation, warnings: [] };
}
