// Turns a run's document model into its file, by format.
import { renderDeck } from '../documents/deck/render-pptx';
import { parseDeck, type Deck } from '../documents/deck/schema';
import { renderDocument } from '../documents/document/render-docx';
import { parseDocument, type DocumentModel } from '../documents/document/schema';
import { formulaValuesOf, type FormulaValues } from '../documents/workbook/formula-values';
import { renderWorkbookFile } from '../documents/workbook/render-workbook-file';
import { parseWorkbook, type Workbook } from '../documents/workbook/schema';
import { XlsxPackage } from '../documents/workbook/xlsx/package';
import { getBlobStore } from '../storage/get-blob-store';
import { isolated } from '../workers/run-in-worker';
import { inSpan } from '../tracing/in-span';

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

/** Where the model a run's stored source package imports to is kept, beside the package (the render's baseline). */
export const sourceModelKey = (packageKey: string) => `${packageKey}.model.json`;

const loadSource = async (key: string) => (await getBlobStore().getBytes(key)) ?? undefined;
/** The render's baseline for a workbook over its stored source: the model kept beside the package. */
const loadBaseline = async (key: string) => {
  const json = await getBlobStore().getBytes(sourceModelKey(key));
  return json ? (JSON.parse(json.toString('utf8')) as Workbook) : undefined;
};

/** The JSON `model` is `kept` with only `"source":{"blobKey":…,"sha256":…}` added as its last member (compared as bytes). */
export function isKeptPlusSource(model: Buffer, kept: Buffer): boolean {
  const n = kept.length - 1;
  if (n < 1 || kept[n] !== 0x7d || model.length <= kept.length || model.compare(kept, 0, n, 0, n) !== 0) return false;
  const tail = model.subarray(n).toString('utf8'); // ,"source":{…}}
  if (!tail.startsWith(',"source":')) return false;
  try {
    const rest = JSON.parse(`{${tail.slice(1)}`) as { source?: Record<string, unknown> };
    return Object.keys(rest).length === 1 && !!rest.source && Object.keys(rest.source).every((k) => k === 'blobKey' || k === 'sha256');
  } catch {
    return false;
  }
}

export interface RenderOptions {
  /** the model is the output of its schema's parse (a task's draft): not validated again */
  validated?: boolean;
}

export async function renderForFormat(format: RenderableFormat, model: unknown, runTitle: string | null, opts: RenderOptions = {}): Promise<RenderedFile> {
  switch (format) {
    case 'excel': {
      const wb = opts.validated ? (model as Workbook) : parseWorkbook(model);
      const title = runTitle;
      const r = await renderWorkbookFile(wb, loadSource, loadBaseline);
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
      const doc = opts.validated ? (model as DocumentModel) : parseDocument(model);
      const title = runTitle ?? doc.title ?? null;
      return { bytes: await renderDocument(doc), fileName: fileNameFor(format, title), contentType: CONTENT_TYPES.word, title };
    }
    case 'slides': {
      const deck = opts.validated ? (model as Deck) : parseDeck(model);
      const title = runTitle ?? deck.title ?? null;
      return { bytes: await renderDeck(deck), fileName: fileNameFor(format, title), contentType: CONTENT_TYPES.slides, title };
    }
  }
}

/**
 * renderForFormat of a model given as its JSON's bytes (a task's model, validated when the agent
 * finished it): the bytes go to the worker as they are and are parsed there, off the request loop.
 */
export async function renderJsonForFormat(format: RenderableFormat, modelJson: Buffer, runTitle: string | null): Promise<RenderedFile> {
  return renderForFormat(format, JSON.parse(modelJson.toString('utf8')) as unknown, runTitle, { validated: true });
}

/**
 * The file of a workbook that is an uploaded file unchanged — its JSON is the model kept beside its
 * stored package with only the source added — is that package: rendering over it would rewrite
 * nothing. Null for any other model. Its formula values are computed when first asked for.
 */
export async function fileOfUnchangedImport(format: RenderableFormat, modelJson: Buffer, runTitle: string | null): Promise<RenderedFile | null> {
  if (format !== 'excel') return null;
  const at = modelJson.lastIndexOf(',"source":{');
  if (at < 0) return null;
  let source: { blobKey?: unknown };
  try {
    source = (JSON.parse(`{${modelJson.subarray(at + 1).toString('utf8')}`) as { source: { blobKey?: unknown } }).source;
  } catch {
    return null;
  }
  if (typeof source.blobKey !== 'string') return null;
  const store = getBlobStore();
  const kept = await store.getBytes(sourceModelKey(source.blobKey));
  if (!kept || !isKeptPlusSource(modelJson, kept)) return null;
  const bytes = await store.getBytes(source.blobKey);
  if (!bytes) return null;
  // an .xlsm keeps its macros and must stay an .xlsm (as renderOverSource decides)
  const macroEnabled = /macroEnabled/i.test((await (await XlsxPackage.open(bytes, { trusted: true })).text('[Content_Types].xml')) ?? '');
  const fileName = fileNameFor(format, runTitle);
  return macroEnabled
    ? { bytes, fileName: fileName.replace(/\.xlsx$/, '.xlsm'), contentType: 'application/vnd.ms-excel.sheet.macroEnabled.12', title: runTitle }
    : { bytes, fileName, contentType: CONTENT_TYPES.excel, title: runTitle };
}

const renderInWorker = isolated('server/rendering/render-for-format.ts', 'renderForFormat', renderForFormat);
const renderJsonInWorker = isolated('server/rendering/render-for-format.ts', 'renderJsonForFormat', renderJsonForFormat);

// bytes come back from a worker as a Uint8Array (structured clone)
function withBuffer(f: RenderedFile): RenderedFile {
  const bytes = f.bytes as Uint8Array;
  return Buffer.isBuffer(bytes) ? f : { ...f, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** renderForFormat in a worker thread (heap cap and deadline; the request loop stays free). */
export async function renderForFormatIsolated(format: RenderableFormat, model: unknown, runTitle: string | null): Promise<RenderedFile> {
  return inSpan('document.render', { 'docsmith.format': format }, async () => withBuffer(await renderInWorker(format, model, runTitle)));
}

/** renderJsonForFormat in a worker thread (an uploaded workbook unchanged: its package, no render). */
export async function renderJsonForFormatIsolated(format: RenderableFormat, modelJson: Buffer, runTitle: string | null): Promise<RenderedFile> {
  return inSpan('document.render', { 'docsmith.format': format }, async () => (await fileOfUnchangedImport(format, modelJson, runTitle)) ?? withBuffer(await renderJsonInWorker(format, modelJson, runTitle)));
}
