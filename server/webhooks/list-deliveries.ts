// Deliveries of an organization with their attempts, newest first: all, one endpoint's, the
// per-request (webhook_url) ones, or one task's.
import 'server-only';
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';
import { decodeCursor, page } from '../http/pagination';
import { serializeDelivery } from './serialize-webhook';

export interface DeliveryFilter {
  endpointId?: string;
  target?: 'endpoint' | 'webhook_url';
  taskId?: string;
  status?: 'pending' | 'delivered' | 'failed';
  limit: number;
  cursor?: string;
}

export async function listWebhookDeliveries(db: Db, orgId: string, f: DeliveryFilter) {
  if (f.endpointId) {
    const e = await db.webhookEndpoint.findFirst({ where: { id: f.endpointId, orgId }, select: { id: true } });
    if (!e) throw notFound('webhook');
  }
  const after = decodeCursor(f.cursor);
  const rows = await db.webhookDelivery.findMany({
    where: {
      orgId,
      ...(f.endpointId ? { endpointId: f.endpointId } : {}),
      ...(f.target ? { target: f.target } : {}),
      ...(f.taskId ? { taskId: f.taskId } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(after ? { id: { lt: after } } : {}),
    },
    include: { attemptLog: true },
    orderBy: { id: 'desc' },
    take: f.limit + 1,
  });
  const p = page(rows, f.limit);
  return { items: p.items.map(serializeDelivery), next_cursor: p.next_cursor };
}

export async function getWebhookDelivery(db: Db, orgId: string, id: string) {
  const d = await db.webhookDelivery.findFirst({ where: { id, orgId }, include: { attemptLog: true } });
  if (!d) throw notFound('webhook delivery');
  return serializeDelivery(d);
}
