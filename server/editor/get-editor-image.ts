// GET …/edit/{run_id}/images/{image_id}?token=…: one library image of the run's organization, as the
// editor inserts it (a data: URL with its size). Another org's image is not found.
import 'server-only';
import type { Db } from '../db/client';
import { toDataUrl } from '../documents/common/image-data';
import { ApiError } from '../http/api-error';
import { findImage } from '../files/get-image';
import { getBlobStore } from '../storage/get-blob-store';
import { checkEditorImage } from './check-editor-image';
import { openImageSession } from './open-image-session';

export async function getEditorImage(db: Db, args: { runId: string; token: string; imageId: string }) {
  const { run } = await openImageSession(db, args);
  const row = await findImage(db, run.orgId, args.imageId);
  const bytes = await getBlobStore().getBytes(row.blobKey);
  if (!bytes) throw new ApiError('gone', `the bytes of image ${row.id} are no longer stored`);
  const checked = checkEditorImage(bytes);
  return { id: row.id, name: row.name, mime: checked.mime, size: row.size, width: checked.width, height: checked.height, src: toDataUrl(bytes, checked.mime) };
}
