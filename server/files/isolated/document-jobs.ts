// The document work that runs in a worker thread (see run-document-job.ts): reading an uploaded
// workbook into the model, and the text of an uploaded document. Pure functions of bytes: no
// database, no storage.
import type { UploadKind } from '../detect-file-type';
import { extractFileText } from '../extract-file-text';
import { readXlsx } from '../../documents/workbook/xlsx/read-xlsx';

export type DocumentJob = { kind: 'readXlsx'; bytes: Uint8Array } | { kind: 'extractText'; uploadKind: UploadKind; bytes: Uint8Array };

export type DocumentJobResult<J extends DocumentJob> = J extends { kind: 'readXlsx' } ? Awaited<ReturnType<typeof readXlsx>> : string | null;

export async function runDocumentJobHere<J extends DocumentJob>(job: J): Promise<DocumentJobResult<J>> {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  if (job.kind === 'readXlsx') return (await readXlsx(bytes)) as DocumentJobResult<J>;
  return (await extractFileText(job.uploadKind, bytes)) as DocumentJobResult<J>;
}
