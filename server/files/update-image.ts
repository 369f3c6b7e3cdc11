// Replaces an image's tags and/or caption (dashboard; the same limits as the upload form fields).
import 'server-only';
import type { Db } from '../db/client';
import { findImage } from './get-image';
import { serializeImage } from './serialize-file';
import { parseCaption, parseTags } from './upload-metadata';

export async function updateImage(db: Db, orgId: string, id: string, input: { tags?: string[]; caption?: string | null }) {
  const row = await findImage(db, orgId, id);
  const tags = input.tags === undefined ? undefined : parseTags(input.tags);
  const caption = input.caption === undefined ? undefined : parseCaption(input.caption === null ? [] : [input.caption]);
  const updated = await db.fileObject.update({ where: { id: row.id }, data: { ...(tags ? { tags } : {}), ...(caption !== undefined ? { caption } : {}) } });
  return serializeImage(updated);
}
