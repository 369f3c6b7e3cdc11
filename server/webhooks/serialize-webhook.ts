import 'server-only';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../db/generated/client';
import { iso } from '../http/common-schemas';
import type { WebhookEventType } from './events';

/** The endpoint as the API shows it: never its secret. */
export function serializeEndpoint(e: WebhookEndpoint) {
  return {
    id: e.id,
    url: e.url,
    events: e.events as WebhookEventType[],
    description: e.description,
    status: e.disabledAt ? ('disabled' as const) : ('active' as const),
    disabled_at: iso(e.disabledAt),
    disabled_reason: e.disabledReason,
    created_at: e.createdAt.toISOString(),
  };
}

export function serializeDelivery(d: WebhookDelivery & { attemptLog: WebhookAttempt[] }) {
  return {
    id: d.id,
    event: d.event as WebhookEventType,
    target: d.target as 'endpoint' | 'webhook_url',
    endpoint_id: d.endpointId,
    url: d.url,
    task_id: d.taskId,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    delivered_at: iso(d.deliveredAt),
    last_response: d.lastResponse ?? null,
    redelivery_of: d.redeliveryOfId,
    payload: d.payload,
    created_at: d.createdAt.toISOString(),
    attempt_log: [...d.attemptLog]
      .sort((a, b) => a.number - b.number)
      .map((a) => ({
        number: a.number,
        status_code: a.statusCode,
        error: a.error,
        response_body: a.responseBody,
        duration_ms: a.durationMs,
        created_at: a.createdAt.toISOString(),
        finished_at: iso(a.finishedAt),
      })),
  };
}
