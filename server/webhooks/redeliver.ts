// Redelivery (dashboard): a NEW delivery of the same event to the same target, with a new
// webhook-id and a fresh attempt sequence (receivers that deduplicate by webhook-id would drop a
// resend that reused the old one). The event is rebuilt from the task (like every delivery it is
// stored without URLs; each attempt mints a fresh download_url and edit_url); the original
// delivery keeps its history.
import 'server-only';
import type { Db } from '../db/client';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace';
import { newId } from '../db/ids';
import { ApiError, notFound } from '../http/api-error';
import { dispatchDeliveries } from './dispatch-deliveries';
import { buildTaskEvent } from './enqueue-task-events';
import type { WebhookEventType } from './events';
import { NO_TASK_URLS, withTaskUrls } from './event-urls';
import { getWebhookDelivery } from './list-deliveries';
import { requireWebhookManager, type WebhookActor } from './webhook-actor';

export async function redeliverWebhook(db: Db, actor: WebhookActor, deliveryId: string) {
  const original = await db.webhookDelivery.findFirst({ where: { id: deliveryId, orgId: actor.orgId }, include: { endpoint: true } });
  if (!original) throw notFound('webhook delivery');
  requireWebhookManager(actor, 'redeliver webhooks');
  if (original.target === 'endpoint') {
    if (!original.endpoint) throw new ApiError('conflict', 'the endpoint of this delivery was deleted');
    if (original.endpoint.disabledAt) throw new ApiError('conflict', 'the endpoint of this delivery is disabled');
  }
  const id = newId('whd');
  await db.$transaction(async (tx) => {
    const task = original.taskId ? await tx.task.findUnique({ where: { id: original.taskId } }) : null;
    // Without its task, the original event is resent as stored, minus any URL an older row kept.
    const payload = task ? buildTaskEvent(task, original.event as WebhookEventType) : withTaskUrls(original.payload, NO_TASK_URLS);
    await tx.webhookDelivery.create({
      data: {
        id,
        orgId: original.orgId,
        endpointId: original.endpointId,
        url: original.endpoint?.url ?? original.url,
        event: original.event,
        payload: payload as InputJsonValue,
        target: original.target,
        taskId: original.taskId,
        redeliveryOfId: original.id,
        nextAttemptAt: new Date(),
      },
    });
  });
  await dispatchDeliveries([id]);
  return getWebhookDelivery(db, actor.orgId, id);
}
