// GET /images/{id}: one of the org's images (another org's id is not found, like a random one).
import 'server-only';
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';
import { serializeImage } from './serialize-file';

export async function findImage(db: Db, orgId: string, id: string) {
  const row = await db.fileObject.findFirst({ where: { id, orgId, kind: 'image' } });
  if (!row) throw notFound('image');
  return row;
}

export async function getImage(db: Db, orgId: string, id: string) {
  return serializeImage(await findImage(db, orgId, id));
}
