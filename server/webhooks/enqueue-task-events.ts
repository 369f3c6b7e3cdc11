// The outbox: called inside the transaction that makes a task completed or failed, it writes one
// pending delivery per subscribed endpoint and one for the task's webhook_url. Committed with the
// status change or not at all, so a crash can neither lose the event nor send it twice, and the
// unique dedupeKey (task + target) keeps a re-run of the transaction from adding a second one.
// Every task kind emits (generate, outline, analyze, text): the reference lets each async
// generation endpoint, /slides/outline and /text/* included, be answered by webhook.
import type { Tx } from '../db/client';
import type { Task } from '../db/generated/client';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace';
import { newId } from '../db/ids';
import { serializeTask } from '../runs/serialize-task';
import type { WebhookEventType } from './events';

/**
 * The stored event: Standard Webhooks' {type, timestamp, data}; data is the task object of
 * GET /tasks/{id} without its URLs (download_url / edit_url stay null here: they are credentials,
 * minted for each attempt by server/webhooks/delivery-body.ts and never stored).
 */
export function buildTaskEvent(task: Task, type: WebhookEventType) {
  return { type, timestamp: (task.finishedAt ?? new Date()).toISOString(), data: serializeTask(task) };
}

export function eventTypeFor(status: Task['status']): WebhookEventType | null {
  return status === 'completed' ? 'run.completed' : status === 'failed' ? 'run.failed' : null;
}

/** Returns the ids of the deliveries created (to hand to the delivery executor after commit). */
export async function enqueueTaskEvents(tx: Tx, taskId: string, row?: Task): Promise<string[]> {
  // `row`: the task as this transaction just wrote it (saves reading it again)
  const task = row && row.id === taskId ? row : await tx.task.findUniqueOrThrow({ where: { id: taskId } });
  const type = eventTypeFor(task.status);
  if (!type) return [];
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { orgId: task.orgId, disabledAt: null, events: { has: type } },
    select: { id: true, url: true },
    orderBy: { id: 'asc' },
  });
  if (!endpoints.length && !task.webhookUrl) return [];
  const payload = buildTaskEvent(task, type) as unknown as InputJsonValue;
  const now = new Date();
  const targets = [
    ...endpoints.map((e) => ({ target: 'endpoint', endpointId: e.id, url: e.url, dedupeKey: `${task.id}:${e.id}` })),
    ...(task.webhookUrl ? [{ target: 'webhook_url', endpointId: null, url: task.webhookUrl, dedupeKey: `${task.id}:webhook_url` }] : []),
  ];
  const created = await tx.webhookDelivery.createManyAndReturn({
    data: targets.map((t) => ({ id: newId('whd'), orgId: task.orgId, taskId: task.id, event: type, payload, nextAttemptAt: now, ...t })),
    skipDuplicates: true,
    select: { id: true },
  });
  return created.map((c) => c.id);
}
