// GET /images: the org's images newest first (ids are time-ordered), keyset-paginated, by tag.
import 'server-only';
import type { Db } from '../db/client';
import { decodeCursor, page } from '../http/pagination';
import { serializeImage } from './serialize-file';

export interface ListImagesInput {
  limit: number;
  cursor?: string;
  tag?: string;
}

export async function listImages(db: Db, orgId: string, input: ListImagesInput) {
  const before = decodeCursor(input.cursor);
  const rows = await db.fileObject.findMany({
    where: {
      orgId,
      kind: 'image',
      ...(input.tag ? { tags: { has: input.tag } } : {}),
      ...(before ? { id: { lt: before } } : {}),
    },
    orderBy: { id: 'desc' },
    take: input.limit + 1,
  });
  const p = page(rows, input.limit);
  return { items: await Promise.all(p.items.map(serializeImage)), next_cursor: p.next_cursor };
}
