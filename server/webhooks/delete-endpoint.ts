// DELETE /webhooks/{id} (or ?id= / {"id"}): removes the endpoint; its pending deliveries are closed
// as failed in the same transaction (past deliveries stay, detached, for the record).
import 'server-only';
import type { Db } from '../db/client';
import { badRequest, notFound } from '../http/api-error';
import { requireWebhookManager, type WebhookActor } from './webhook-actor';

export async function deleteWebhookEndpoint(db: Db, actor: WebhookActor, id: string): Promise<void> {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id, orgId: actor.orgId }, select: { id: true } });
  if (!endpoint) throw notFound('webhook');
  requireWebhookManager(actor, 'delete webhooks');
  await db.$transaction(async (tx) => {
    await tx.webhookDelivery.updateMany({
      where: { endpointId: endpoint.id, status: 'pending' },
      data: { status: 'failed', nextAttemptAt: null, lastResponse: { error: 'the endpoint was deleted' } },
    });
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id: endpoint.id, orgId: actor.orgId } });
    if (!count) throw notFound('webhook');
  });
}

/** The id of DELETE /webhooks from the query or the body (one of them; both must agree). */
export function webhookIdFromQueryOrBody(query: { id?: string }, body: { id?: string } | undefined): string {
  const q = query.id;
  const b = body?.id;
  if (q && b && q !== b) throw badRequest('the id in the query and the id in the body differ', { query_id: q, body_id: b });
  const id = q ?? b;
  if (!id) throw badRequest('which webhook? pass its id as /webhooks/{id}, ?id= or a JSON body {"id": "wh_…"}');
  return id;
}
