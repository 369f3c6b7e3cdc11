// Checks an upload's content before it is stored, so that a file which could never be read is
// refused at once instead of failing (or hurting) a later task: Office packages are inflated part
// by part against the document limits (zip bombs, DTDs, nesting), images are held to a pixel
// budget (a few bytes of PNG can declare a canvas that takes gigabytes to decode), and a PDF must
// open in poppler's pdfinfo.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DocumentLimitError, UnreadableDocumentError, documentLimits } from '../documents/common/document-limits';
import { sniffImage } from '../documents/common/image-data';
import { verifyZip } from '../documents/common/verify-zip';
import { env } from '../env';
import { ApiError } from '../http/api-error';
import type { DetectedType } from './detect-file-type';

const run = promisify(execFile);

/** Limits on how much there is (bytes, parts, ratio, pixels): 413; on how it is built (nesting…): 422. */
const SIZE_LIMITS = new Set(['MAX_UNZIPPED_BYTES', 'MAX_ZIP_PART_BYTES', 'MAX_ZIP_PARTS', 'MAX_COMPRESSION_RATIO', 'MAX_IMAGE_PIXELS']);

export function documentApiError(err: UnreadableDocumentError): ApiError {
  if (err instanceof DocumentLimitError) {
    return new ApiError(SIZE_LIMITS.has(err.setting) ? 'payload_too_large' : 'unreadable_file', err.message, { setting: err.setting, limit: err.limit });
  }
  return new ApiError('unreadable_file', err.message);
}

/** The page count of the PDF at `file`, or null when pdfinfo is not installed; throws when poppler cannot open it. */
export async function pdfFilePageCount(file: string): Promise<number | null> {
  try {
    const { stdout } = await run('pdfinfo', [file], { timeout: 15_000, maxBuffer: 1024 * 1024 });
    const pages = /^Pages:\s+(\d+)/m.exec(stdout)?.[1];
    return pages ? Number(pages) : 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UnreadableDocumentError('the PDF could not be opened (damaged, encrypted or not a PDF)');
  }
}

/** pdfFilePageCount of bytes (written to a temporary file for poppler). */
async function pdfPageCountOf(bytes: Buffer): Promise<number | null> {
  const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-pdfinfo-'));
  try {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, bytes);
    return await pdfFilePageCount(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function checkUploadContent(type: DetectedType, bytes: Buffer): Promise<void> {
  try {
    switch (type.kind) {
      case 'xlsx':
      case 'docx':
      case 'pptx':
        await verifyZip(bytes, documentLimits(), { keep: false });
        return;
      case 'png':
      case 'jpeg':
      case 'gif': {
        const size = sniffImage(bytes);
        const max = env().MAX_IMAGE_PIXELS;
        if (size && size.width * size.height > max) {
          throw new DocumentLimitError(`the image is ${size.width.toLocaleString('en-US')} × ${size.height.toLocaleString('en-US')} pixels`, 'MAX_IMAGE_PIXELS', max);
        }
        return;
      }
      case 'pdf':
        await pdfPageCountOf(bytes);
        return;
      default:
        return;
    }
  } catch (err) {
    if (err instanceof UnreadableDocumentError) throw documentApiError(err);
    throw err;
  }
}
