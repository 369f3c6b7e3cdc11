import 'server-only';
import type { Db } from '../db/client';
import { decodeCursor, page } from '../http/pagination';
import type { OrgActor } from './org-actor';
import { serializeApiKey } from './serialize-api-key';

/** Newest first. A personal-scope key sees only keys created by its own user. Never secrets. */
export async function listApiKeys(db: Db, actor: OrgActor, opts: { limit: number; cursor?: string }) {
  const after = decodeCursor(opts.cursor);
  const rows = await db.apiKey.findMany({
    where: {
      orgId: actor.orgId,
      ...(actor.scope === 'personal' ? { createdById: actor.userId } : {}),
      ...(after ? { id: { lt: after } } : {}),
    },
    orderBy: { id: 'desc' },
    take: opts.limit + 1,
  });
  const p = page(rows, opts.limit);
  return { items: p.items.map(serializeApiKey), next_cursor: p.next_cursor };
}
