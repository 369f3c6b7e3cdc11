// POST …/edit/{run_id}/images?token=…: an image uploaded from the editor (multipart, one `file`
// part). It is checked (check-editor-image.ts), kept in the org's image library (tag "editor") and
// returned as a data: URL — the form the document and deck models keep images in.
import 'server-only';
import type { Db } from '../db/client';
import { toDataUrl } from '../documents/common/image-data';
import { ApiError } from '../http/api-error';
import { readMultipart } from '../files/read-multipart';
import { storeImage } from '../files/store-upload';
import { checkEditorImage, tooLarge } from './check-editor-image';
import { openImageSession } from './open-image-session';
import { MAX_EDITOR_IMAGE_BYTES } from './schemas';

export async function uploadEditorImage(db: Db, args: { runId: string; token: string; req: Request }) {
  const { run } = await openImageSession(db, args);
  const { file } = await readMultipart(args.req, { maxFileBytes: MAX_EDITOR_IMAGE_BYTES, allowedFields: [] }).catch((err: unknown) => {
    throw err instanceof ApiError && err.code === 'payload_too_large' ? tooLarge() : err;
  });
  const checked = checkEditorImage(file.bytes);
  const row = await storeImage(db, run.orgId, file, { tags: ['editor'], caption: null });
  return { id: row.id, name: row.name, mime: checked.mime, size: row.size, width: checked.width, height: checked.height, src: toDataUrl(file.bytes, checked.mime) };
}
