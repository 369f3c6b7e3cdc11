/**
 * Exports a run's current document to another format (the service behind POST /runs/{id}/export
 * and, later, the dashboard). Independent of HTTP: it takes the db, the caller's org and the
 * request, and throws ApiError for what the caller got wrong.
 *
 * Cached per (run version, format [+ page | sheet]) in ExportArtifact: a second request for the
 * same version signs a URL for the stored file and converts nothing; a new version (resume,
 * editor save) converts again. Concurrent requests for the same export in one process share one
 * conversion; across instances the row's unique key keeps the first stored result.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '../db/client';
import type { Run } from '../db/generated/client';
import { newId } from '../db/ids';
import { parseWorkbook, type Workbook } from '../documents/workbook/schema';
import { ApiError, badRequest } from '../http/api-error';
import { env } from '../env';
import { log } from '../log';
import { getRun } from '../runs/get-run';
import { ensureVersionFile } from '../runs/ensure-version-file';
import { isRunExpired } from '../runs/preflight';
import { loadVersionModel } from '../runs/version-model';
import { getBlobStore } from '../storage/get-blob-store';
import { countConversion } from './conversion-stats';
import { ConverterUnavailableError, converterUnavailable } from './converter-unavailable';
import { docxToHtml, docxToText } from './docx-text';
import {
  EXPORT_CONTENT_TYPES,
  EXPORT_TARGETS,
  SOURCE_EXTENSIONS,
  cacheFormat,
  exportFileKind,
  isExportableRunFormat,
  type ExportFormat,
  type ExportVariant,
  type ExportableRunFormat,
} from './export-formats';
import { getExportPool } from './export-pool';
import { ConversionError, type OfficeTarget } from './libreoffice-pool';
import { pdfPageCount, pdfPagePng, pdfPagesZip } from './pdf-to-png';
import type { ExportResponse } from './schemas';
import { workbookToCsv } from './workbook-csv';
import { workbookToHtml } from './workbook-html';
import { isolated } from '../workers/run-in-worker';

// formula evaluation and the text of every cell: in a worker thread, off the request loop
const workbookToCsvIsolated = isolated('server/exports/workbook-csv.ts', 'workbookToCsv', async (wb: Workbook, index: number, opts: { neutralizeFormulas: boolean }) =>
  workbookToCsv(wb, index, opts),
);
const workbookToHtmlIsolated = isolated('server/exports/workbook-html.ts', 'workbookToHtml', async (wb: Workbook, title: string | null) => workbookToHtml(wb, title));

export interface ExportInput {
  format: ExportFormat;
  page?: number;
  sheet?: string;
}

interface Stored {
  blobKey: string;
  size: number | null;
}

interface Source {
  run: Run;
  runFormat: ExportableRunFormat;
  version: number;
  blobKey: string;
}

const inFlight = new Map<string, Promise<Stored>>();

/** Checks the request against the run; returns what to export (404 / 400 / 409 / 410 as documented). */
async function resolveSource(db: Db, orgId: string, runId: string, input: ExportInput): Promise<Source> {
  const run = await getRun(db, orgId, runId);
  if (!isExportableRunFormat(run.format)) {
    throw badRequest('text runs have no document to export', { run_format: run.format });
  }
  const allowed = EXPORT_TARGETS[run.format];
  const ext = SOURCE_EXTENSIONS[run.format];
  if (!allowed.includes(input.format)) {
    throw badRequest(`a ${run.format} run (${ext}) exports to ${allowed.join(', ')}; "${input.format}" is not one of them`, {
      run_format: run.format,
      allowed_formats: allowed,
    });
  }
  if (input.page !== undefined && input.format !== 'png') throw badRequest('page applies to png exports only');
  if (input.sheet !== undefined && input.format !== 'csv') throw badRequest('sheet applies to csv exports only');
  if (run.purgedAt) throw new ApiError('gone', 'this run expired and its files were deleted');
  if (isRunExpired(run)) throw new ApiError('gone', 'this run has expired; start a new run');
  if (run.currentVersion === 0) {
    throw new ApiError('conflict', 'this run has no document yet (its first task has not completed)');
  }
  const v = await ensureVersionFile(db, run, run.currentVersion);
  if (!v) throw new ApiError('conflict', 'this run has no document yet (its first task has not completed)');
  return { run, runFormat: run.format, version: run.currentVersion, blobKey: v.blobKey };
}

function baseName(run: Run): string {
  const name = run.fileName ?? run.title ?? 'document';
  return name.replace(/\.(xlsx|docx|pptx)$/i, '').trim() || 'document';
}

function downloadName(run: Run, v: ExportVariant): string {
  const base = baseName(run);
  if (v.format === 'png') return v.page !== undefined ? `${base} - page ${v.page}.png` : `${base} - pages.zip`;
  if (v.format === 'csv' && v.sheet !== undefined) return `${base} - ${v.sheet.replace(/[\\/:*?"<>|]/g, ' ')}.csv`;
  return `${base}.${v.format}`;
}

async function loadWorkbook(db: Db, src: Source): Promise<Workbook> {
  const v = await loadVersionModel(db, src.run.id, src.version);
  if (!v) throw new ApiError('gone', 'this run’s document is no longer stored');
  return parseWorkbook(v.model);
}

async function sourceBytes(src: Source): Promise<Buffer> {
  const bytes = await getBlobStore().getBytes(src.blobKey);
  if (!bytes) throw new ApiError('gone', 'this run’s file is no longer stored');
  return bytes;
}

/** Converts the source file with LibreOffice into dir; returns the output path. */
async function officeConvert(src: Source, dir: string, target: OfficeTarget): Promise<string> {
  const input = path.join(dir, `source.${SOURCE_EXTENSIONS[src.runFormat]}`);
  await writeFile(input, await sourceBytes(src));
  const output = path.join(dir, `out.${target}`);
  await getExportPool().convert(input, output, target);
  countConversion('libreoffice');
  return output;
}

async function store(db: Db, src: Source, key: string, name: string, bytes: Buffer | string, contentType: string): Promise<Stored> {
  const blobKey = `runs/${src.run.id}/exports/v${src.version}/${name}`;
  const put = await getBlobStore().put(blobKey, bytes, { contentType });
  const row = await db.exportArtifact.upsert({
    where: { runId_version_format: { runId: src.run.id, version: src.version, format: key } },
    update: {},
    create: { id: newId('exp'), runId: src.run.id, version: src.version, format: key, blobKey, size: put.size },
  });
  return { blobKey: row.blobKey, size: row.size };
}

/** The PDF of the source: the cached pdf export if there is one, else a new conversion (stored after the caller succeeds). */
async function pdfFor(db: Db, src: Source, dir: string): Promise<{ file: string; fresh: boolean }> {
  const cached = await db.exportArtifact.findUnique({
    where: { runId_version_format: { runId: src.run.id, version: src.version, format: 'pdf' } },
  });
  const bytes = cached ? await getBlobStore().getBytes(cached.blobKey) : null;
  if (bytes) {
    const file = path.join(dir, 'cached.pdf');
    await writeFile(file, bytes);
    return { file, fresh: false };
  }
  return { file: await officeConvert(src, dir, 'pdf'), fresh: true };
}

/** Runs the conversion and stores the result. */
async function produce(db: Db, src: Source, v: ExportVariant, key: string): Promise<Stored> {
  const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-export-'));
  try {
    switch (v.format) {
      case 'csv': {
        const wb = await loadWorkbook(db, src);
        // without a sheet name: the first sheet a person sees (hidden sheets and chart sheets are skipped)
        const index = v.sheet === undefined ? Math.max(0, wb.sheets.findIndex((s) => !s.state && !s.kind)) : wb.sheets.findIndex((s) => s.name.toLowerCase() === v.sheet!.toLowerCase());
        if (index < 0) {
          throw badRequest(`the workbook has no sheet "${v.sheet}"`, { sheets: wb.sheets.map((s) => s.name) });
        }
        const csv = await workbookToCsvIsolated(wb, index, { neutralizeFormulas: env().CSV_NEUTRALIZE_FORMULAS });
        countConversion('inProcess');
        return store(db, src, key, v.sheet === undefined ? 'document.csv' : `sheet-${index + 1}.csv`, csv, EXPORT_CONTENT_TYPES.csv);
      }
      case 'html': {
        const html = src.runFormat === 'excel' ? await workbookToHtmlIsolated(await loadWorkbook(db, src), src.run.title) : await docxToHtml(await sourceBytes(src), src.run.title);
        countConversion('inProcess');
        return store(db, src, key, 'document.html', html, EXPORT_CONTENT_TYPES.html);
      }
      case 'txt': {
        const text = await docxToText(await sourceBytes(src));
        countConversion('inProcess');
        return store(db, src, key, 'document.txt', text, EXPORT_CONTENT_TYPES.txt);
      }
      case 'pdf':
      case 'odt':
      case 'odp': {
        const out = await officeConvert(src, dir, v.format);
        return store(db, src, key, `document.${v.format}`, await readFile(/*turbopackIgnore: true*/ out), EXPORT_CONTENT_TYPES[v.format]);
      }
      case 'png': {
        const pdf = await pdfFor(db, src, dir);
        const pages = await pdfPageCount(pdf.file);
        if (v.page !== undefined && v.page > pages) {
          throw badRequest(`page ${v.page} is out of range: this document has ${pages} page${pages === 1 ? '' : 's'}`, { pages });
        }
        let stored: Stored;
        if (v.page !== undefined) {
          const png = await pdfPagePng(pdf.file, v.page, dir);
          countConversion('rasterize');
          stored = await store(db, src, key, `page-${v.page}.png`, png, EXPORT_CONTENT_TYPES.png);
        } else {
          const pagesDir = await mkdtemp(path.join(dir, 'pages-'));
          const { zip } = await pdfPagesZip(pdf.file, pagesDir);
          countConversion('rasterize');
          stored = await store(db, src, key, 'pages.zip', zip, EXPORT_CONTENT_TYPES.zip);
        }
        // The PDF made on the way is an export too: keep it for a later pdf request.
        if (pdf.fresh) await store(db, src, 'pdf', 'document.pdf', await readFile(/*turbopackIgnore: true*/ pdf.file), EXPORT_CONTENT_TYPES.pdf);
        return stored;
      }
    }
  } catch (err) {
    if (err instanceof ConverterUnavailableError) throw converterUnavailable(err);
    if (err instanceof ConversionError) {
      log().warn({ err, runId: src.run.id, format: v.format }, 'export conversion failed');
      throw err.timedOut
        ? new ApiError('service_unavailable', 'the conversion took too long and was stopped; try again', undefined, { 'Retry-After': '5' })
        : new ApiError('internal_error', `the document could not be converted to ${v.format}`);
    }
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Exports the run's current version; see the file comment. */
export async function exportRun(db: Db, orgId: string, runId: string, input: ExportInput): Promise<ExportResponse> {
  const src = await resolveSource(db, orgId, runId, input);
  const variant: ExportVariant = { format: input.format, page: input.page, sheet: input.sheet };
  const key = cacheFormat(variant);
  let cached = true;
  let stored: Stored | null = await db.exportArtifact.findUnique({
    where: { runId_version_format: { runId: src.run.id, version: src.version, format: key } },
    select: { blobKey: true, size: true },
  });
  if (!stored) {
    cached = false;
    const flightKey = `${src.run.id}:${src.version}:${key}`;
    let flight = inFlight.get(flightKey);
    if (!flight) {
      flight = produce(db, src, variant, key).finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, flight);
    }
    stored = await flight;
  }
  const kind = exportFileKind(variant);
  const fileName = downloadName(src.run, variant);
  const signed = await getBlobStore().signedUrl(stored.blobKey, { fileName, contentType: EXPORT_CONTENT_TYPES[kind] });
  return {
    format: input.format,
    download_url: signed.url,
    expires_at: signed.expiresAt.toISOString(),
    run_id: src.run.id,
    version: src.version,
    file_name: fileName,
    content_type: EXPORT_CONTENT_TYPES[kind],
    size_bytes: stored.size,
    cached,
    ...(input.page !== undefined ? { page: input.page } : {}),
    ...(input.sheet !== undefined ? { sheet: input.sheet } : {}),
  };
}
