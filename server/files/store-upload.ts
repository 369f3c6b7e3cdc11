// POST /files and POST /images (and the MCP upload_file tool): read the multipart form, check the
// type by content, store the bytes and record the FileObject. Every check runs before anything is
// written; when the row cannot be recorded the blob is removed again.
import 'server-only';
import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { env } from '../env';
import { ApiError } from '../http/api-error';
import { getBlobStore } from '../storage/get-blob-store';
import { checkUploadContent } from './check-upload-content';
import { detectFileType, detectImageType, type DetectedType } from './detect-file-type';
import { readMultipart } from './read-multipart';
import { serializeFile, serializeImage } from './serialize-file';
import { parseCaption, parseTags } from './upload-metadata';

export type UploadKind = 'file' | 'image';

const SUPPORTED_FILES = 'xlsx (also xlsm: macros are kept, never run), docx, pptx, csv, txt, markdown, pdf, png, jpeg, gif, webp';
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const SUPPORTED_IMAGES = 'png, jpeg, gif, webp';
const TEXT_KINDS = new Set(['csv', 'txt', 'markdown']);
/** Names whose extension promises binary content: text under such a name is refused, not stored as text. */
const BINARY_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'pdf', 'xlsx', 'xlsm', 'xls', 'docx', 'doc', 'pptx', 'ppt', 'zip']);

export async function storeFileUpload(db: Db, orgId: string, req: Request) {
  const { file } = await readMultipart(req, { maxFileBytes: env().MAX_UPLOAD_BYTES, allowedFields: [] });
  return storeFile(db, orgId, file);
}

/**
 * Checks and stores one uploaded file, however it arrived (a multipart part of POST /files, the
 * base64 content of the MCP upload_file tool): size, type from the content, content limits.
 */
export async function storeFile(db: Db, orgId: string, file: { name: string; bytes: Buffer }) {
  const max = env().MAX_UPLOAD_BYTES;
  if (file.bytes.length > max) {
    throw new ApiError('payload_too_large', `upload exceeds ${max} bytes (MAX_UPLOAD_BYTES)`, { max_bytes: max });
  }
  const type = await detectFileType(file.bytes, file.name);
  if (!type && OLE2.every((b, i) => file.bytes[i] === b)) {
    throw unsupported(`legacy binary Office files (.xls, .doc, .ppt) are not supported: save it in the current format (Excel: File → Save As → Excel Workbook .xlsx) and upload that. Supported: ${SUPPORTED_FILES}`);
  }
  if (!type) throw unsupported(`the file's content is not a supported type (${SUPPORTED_FILES})`);
  const claimed = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase();
  if (TEXT_KINDS.has(type.kind) && claimed && BINARY_EXTENSIONS.has(claimed)) {
    throw unsupported(`the file is named .${claimed} but its content is text (an SVG or script?), not a ${claimed.toUpperCase()} file. Supported: ${SUPPORTED_FILES}`);
  }
  await checkUploadContent(type, file.bytes);
  const row = await persist(db, orgId, 'file', file.name, file.bytes, type, [], null);
  return serializeFile(row);
}

export async function storeImageUpload(db: Db, orgId: string, req: Request) {
  const { file, fields } = await readMultipart(req, { maxFileBytes: env().MAX_UPLOAD_BYTES, allowedFields: ['tags', 'caption'] });
  const tags = parseTags(fields.get('tags'));
  const caption = parseCaption(fields.get('caption'));
  return serializeImage(await storeImage(db, orgId, file, { tags, caption }));
}

/** Checks (type from the content, pixel budget) and stores one image in the org's library; returns the row. */
export async function storeImage(db: Db, orgId: string, file: { name: string; bytes: Buffer }, meta: { tags: string[]; caption: string | null }) {
  const type = detectImageType(file.bytes);
  if (!type) throw unsupported(`the file's content is not an image of a supported type (${SUPPORTED_IMAGES}), whatever its name`);
  await checkUploadContent(type, file.bytes);
  return persist(db, orgId, 'image', file.name, file.bytes, type, meta.tags, meta.caption);
}

async function persist(
  db: Db,
  orgId: string,
  kind: UploadKind,
  clientName: string,
  bytes: Buffer,
  type: DetectedType,
  tags: string[],
  caption: string | null,
) {
  const id = newId(kind === 'image' ? 'img' : 'file');
  const blobKey = `uploads/${orgId}/${id}.${type.ext}`;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const store = getBlobStore();
  await store.put(blobKey, bytes, { contentType: type.mime });
  try {
    return await db.fileObject.create({
      data: { id, orgId, kind, name: displayName(clientName, type), mime: type.mime, size: bytes.length, sha256, blobKey, tags, caption },
    });
  } catch (err) {
    await store.delete(blobKey).catch(() => {});
    throw err;
  }
}

/** The client's base name (no folders, no control characters, ≤ 200 chars), or a name from the type. */
function displayName(clientName: string, type: DetectedType): string {
  const base = (clientName.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001F\u007F]/g, '').trim().slice(0, 200);
  return base || `upload.${type.ext}`;
}

function unsupported(message: string) {
  return new ApiError('unsupported_media_type', message);
}
