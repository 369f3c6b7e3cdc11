// DELETE /images/{id}: removes the row, then the stored bytes.
import 'server-only';
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';
import { getBlobStore } from '../storage/get-blob-store';
import { findImage } from './get-image';

export async function deleteImage(db: Db, orgId: string, id: string): Promise<void> {
  const row = await findImage(db, orgId, id);
  const { count } = await db.fileObject.deleteMany({ where: { id: row.id, orgId } });
  if (count === 0) throw notFound('image');
  await getBlobStore().delete(row.blobKey);
}
