// Turns the uploads a generation request names (file_ids, image_ids) into what the agent reads:
// spreadsheets as workbook models (JSON text), documents as text, images as bytes with their size. The ids
// were checked by preflight when the task was accepted; an upload deleted since fails the task.
import type { Db } from '../db/client';
import type { FileObject } from '../db/generated/client';
import type { AgentAttachments, AgentFile, AgentImage } from './types';
import { sniffImage } from '../documents/common/image-data';
import { importCsv } from '../documents/workbook/import-csv';
import { UnreadableDocumentError } from '../documents/common/document-limits';
import { log } from '../log';
import { getBlobStore } from '../storage/get-blob-store';
import { uploadKindOfMime } from '../files/detect-file-type';
import { isolated } from '../workers/run-in-worker';
import { extractFileText } from '../files/extract-file-text';
import { readXlsxText } from '../files/read-xlsx-text';

// Uploads are read in worker threads (heap cap and deadline per file): see server/workers.
const readXlsxTextIsolated = isolated('server/files/read-xlsx-text.ts', 'readXlsxText', readXlsxText);
const extractFileTextIsolated = isolated('server/files/extract-file-text.ts', 'extractFileText', extractFileText);

export class AttachmentError extends Error {
  constructor(
    readonly code: 'not_found' | 'file_missing' | 'unreadable_file',
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the API user is told about a file that could not be read: the reader's own message when it
 * is safe to show (limits, damaged parts), else a plain one; the details go to the log only.
 */
function asAttachmentError(f: FileObject, err: unknown): AttachmentError {
  if (err instanceof AttachmentError) return err;
  if (err instanceof UnreadableDocumentError) return new AttachmentError('unreadable_file', `file ${f.id} (${f.name}) could not be read: ${err.message}`);
  log().warn({ err, fileId: f.id }, 'upload could not be read');
  return new AttachmentError('unreadable_file', `file ${f.id} (${f.name}) could not be read: it is damaged or not a valid ${uploadKindOfMime(f.mime) ?? 'file'}`);
}

async function bytesOf(f: FileObject): Promise<Buffer> {
  const bytes = await getBlobStore().getBytes(f.blobKey);
  if (!bytes) throw new AttachmentError('file_missing', `the bytes of ${f.kind} ${f.id} are no longer stored`);
  return bytes;
}

/** A workbook model of an uploaded .xlsx or .csv (also used by /excel/analyze). */
export async function readUploadedWorkbook(f: FileObject): Promise<unknown> {
  return JSON.parse((await readUploadedWorkbookDetailed(f)).workbookJson!) as unknown;
}

/** The model's JSON text, plus (for .xlsx) the stored package it came from and what the import only carries. */
export async function readUploadedWorkbookDetailed(f: FileObject): Promise<Pick<AgentFile, 'workbookJson' | 'summary' | 'source' | 'warnings' | 'description'>> {
  const kind = uploadKindOfMime(f.mime);
  if (kind !== 'csv' && kind !== 'xlsx') throw new AttachmentError('unreadable_file', `file ${f.id} (${f.name}) is not a spreadsheet (.xlsx or .csv)`);
  const bytes = await bytesOf(f);
  if (kind === 'csv') return { workbookJson: JSON.stringify(importCsv(bytes)) };
  let r: Awaited<ReturnType<typeof readXlsxText>>;
  try {
    r = await readXlsxTextIsolated(bytes);
  } catch (err) {
    throw asAttachmentError(f, err);
  }
  return {
    workbookJson: r.workbookJson,
    summary: r.summary,
    source: { blobKey: f.blobKey, sha256: r.sha256 },
    description: r.description,
    ...(r.warnings.length ? { warnings: r.warnings } : {}),
  };
}

async function toAgentFile(f: FileObject): Promise<AgentFile> {
  const kind = uploadKindOfMime(f.mime);
  try {
    if (kind === 'csv' || kind === 'xlsx') return { id: f.id, name: f.name, kind, ...(await readUploadedWorkbookDetailed(f)) };
    const text = kind ? await extractFileTextIsolated(kind, await bytesOf(f)) : null;
    if (text === null) return { id: f.id, name: f.name, kind: 'text', text: `(${f.mime} file: no text to read)` };
    return { id: f.id, name: f.name, kind: kind === 'docx' ? 'docx' : 'text', text };
  } catch (err) {
    throw asAttachmentError(f, err);
  }
}

async function toAgentImage(f: FileObject): Promise<AgentImage> {
  const data = await bytesOf(f);
  const size = sniffImage(data);
  return { id: f.id, name: f.name, mime: f.mime, data, ...(size ? { width: size.width, height: size.height } : {}) };
}

async function load(db: Db, orgId: string, ids: string[], kind: 'file' | 'image'): Promise<FileObject[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await db.fileObject.findMany({ where: { id: { in: unique }, orgId, kind } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return unique.map((id) => {
    const row = byId.get(id);
    if (!row) throw new AttachmentError('not_found', `${kind} ${id} was deleted after the task was accepted`);
    return row;
  });
}

export async function loadAttachments(db: Db, orgId: string, ids: { fileIds?: string[]; imageIds?: string[] }): Promise<AgentAttachments> {
  const files = await load(db, orgId, ids.fileIds ?? [], 'file');
  const images = await load(db, orgId, ids.imageIds ?? [], 'image');
  return {
    files: await Promise.all(files.map(toAgentFile)),
    images: await Promise.all(images.map(toAgentImage)),
  };
}
