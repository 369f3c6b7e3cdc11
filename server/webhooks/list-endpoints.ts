import 'server-only';
import type { Db } from '../db/client';
import { decodeCursor, page } from '../http/pagination';
import { serializeEndpoint } from './serialize-webhook';

/** Newest first; never the secrets. */
export async function listWebhookEndpoints(db: Db, orgId: string, opts: { limit: number; cursor?: string }) {
  const after = decodeCursor(opts.cursor);
  const rows = await db.webhookEndpoint.findMany({
    where: { orgId, ...(after ? { id: { lt: after } } : {}) },
    orderBy: { id: 'desc' },
    take: opts.limit + 1,
  });
  const p = page(rows, opts.limit);
  return { items: p.items.map(serializeEndpoint), next_cursor: p.next_cursor };
}
