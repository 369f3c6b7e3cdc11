// Turns a run's document model into its file, by format.
import { renderDeck } from '../documents/deck/render-pptx';
import { parseDeck } from '../documents/deck/schema';
import { renderDocument } from '../documents/document/render-docx';
import { parseDocument } from '../documents/document/schema';
import { formulaValuesOf, type FormulaValues } from '../documents/workbook/formula-values';
import { renderWorkbookFile } from '../documents/workbook/render-workbook-file';
import { getBlobStore } from '../storage/get-blob-store';
import { parseWorkbook } from '../documents/workbook/schema';
import { isolated } from '../workers/run-in-worker';

export type RenderableFormat = 'excel' | 'word' | 'slides';

export interface RenderedFile {
  bytes: Buffer;
  fileName: string;
  contentType: string;
  title: string | null;
  /** Workbooks: the computed value of every formula cell (the render evaluates them anyway). */
  formulaValues?: FormulaValues;
  /** what could not be kept or written (task result warnings) */
  warnings?: Array<{ code: string; message: string; location?: string }>;
}

export const CONTENT_TYPES: Record<RenderableFormat, string> = {
  excel: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  word: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  slides: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const DEFAULT_NAMES: Record<RenderableFormat, string> = { excel: 'workbook', word: 'document', slides: 'presentation' };
const EXTENSIONS: Record<RenderableFormat, string> = { excel: 'xlsx', word: 'docx', slides: 'pptx' };

/** "Q3 Sales: Report" → "Q3 Sales Report.xlsx"; a safe file name from a title. */
export function fileNameFor(format: RenderableFormat, title: string | null | undefined): string {
  const base = (title ?? '')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .trim();
  return `${base || DEFAULT_NAMES[format]}.${EXTENSIONS[format]}`;
}

export async function renderForFormat(format: RenderableFormat, model: unknown, runTitle: string | null): Promise<RenderedFile> {
  switch (format) {
    case 'excel': {
      const wb = parseWorkbook(model);
      const title = runTitle;
      const r = await renderWorkbookFile(wb, async (key) => (await getBlobStore().getBytes(key)) ?? undefined);
      // a workbook with macros (kept from its .xlsm source, never run) must stay an .xlsm for Excel to open it
      return {
        bytes: r.buffer,
        fileName: r.macroEnabled ? fileNameFor(format, title).replace(/\.xlsx$/, '.xlsm') : fileNameFor(format, title),
        contentType: r.macroEnabled ? 'application/vnd.ms-excel.sheet.macroEnabled.12' : CONTENT_TYPES.excel,
        title,
        formulaValues: formulaValuesOf(r.evaluation),
        ...(r.warnings.length ? { warnings: r.warnings } : {}),
      };
    }
    case 'word': {
      const doc = parseDocument(model);
      const title = runTitle ?? doc.title ?? null;
      return { bytes: await renderDocument(doc), fileName: fileNameFor(format, title), contentType: CONTENT_TYPES.word, title };
    }
    case 'slides': {
      const deck = parseDeck(model);
      const title = runTitle ?? deck.title ?? null;
      return { bytes: await renderDeck(deck), fileName: fileNameFor(format, title), contentType: CONTENT_TYPES.slides, title };
    }
  }
}

const renderInWorker = isolated('server/jobs/render-for-format.ts', 'renderForFormat', renderForFormat);

/** renderForFormat in a worker thread (heap cap and deadline; the request loop stays free). */
export async function renderForFormatIsolated(format: RenderableFormat, model: unknown, runTitle: string | null): Promise<RenderedFile> {
  const f = await renderInWorker(format, model, runTitle);
  // bytes come back from a worker as a Uint8Array (structured clone)
  const bytes = f.bytes as Uint8Array;
  return Buffer.isBuffer(bytes) ? f : { ...f, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
