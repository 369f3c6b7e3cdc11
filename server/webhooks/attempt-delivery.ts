// One attempt of a claimed delivery: build its body (the stored event with the task's URLs minted
// now: no edit token is ever stored), sign it (the delivery id is the webhook-id, the same on
// every retry), POST, record the attempt (edit tokens cut out of the answer), then decide:
// 2xx → delivered; 410 → failed and the endpoint disabled; anything else → the next attempt is
// scheduled (backoff with jitter, never before Retry-After) or, after the last one, the delivery
// is failed. The outcome is written only if the
// claim still holds (same attempt number), so a lease taken over by another loop is not clobbered.
import type { Db, Tx } from '../db/client';
import type { WebhookDelivery } from '../db/generated/client';
import { env } from '../env';
import { log } from '../log';
import { recordWebhookAttempt } from '../metrics/webhook-metrics';
import { INTERRUPTED_ATTEMPT, type ClaimedAttempt } from './claim-deliveries';
import { deliveryBody } from './delivery-body';
import { orgSigningSecret } from './org-signing-secret';
import { redactEditTokens } from './redact-edit-tokens';
import { nextDelayMs, parseRetryAfter, retryConfig, type RetryConfig } from './retry-schedule';
import { sendWebhook, type SendResult } from './send-webhook';
import { signatureHeaders } from './signing';
import { networkPolicy, type NetworkPolicy, type Resolver } from '../http/ssrf-guard';

export interface DeliveryDeps {
  policy: NetworkPolicy;
  timeoutMs: number;
  retry: RetryConfig;
  resolver?: Resolver;
  random?: () => number;
}

export function deliveryDeps(): DeliveryDeps {
  return { policy: networkPolicy(), timeoutMs: env().WEBHOOK_TIMEOUT_MS, retry: retryConfig() };
}

/** The claim lease: the attempt deadline plus room for recording it. */
export const leaseMsFor = (deps: DeliveryDeps) => deps.timeoutMs + 30_000;

export interface AttemptOutcome {
  deliveryId: string;
  number: number;
  status: 'delivered' | 'pending' | 'failed';
  statusCode: number | null;
  /** When pending: milliseconds until the next attempt is due. */
  nextAttemptInMs: number | null;
}

const LAST_RESPONSE_BODY = 1024;

export async function attemptDelivery(db: Db, claim: ClaimedAttempt, deps: DeliveryDeps = deliveryDeps()): Promise<AttemptOutcome> {
  const d = await db.webhookDelivery.findUniqueOrThrow({ where: { id: claim.deliveryId }, include: { endpoint: true } });
  const secret = d.target === 'endpoint' ? (d.endpoint && !d.endpoint.disabledAt ? d.endpoint.secret : null) : await orgSigningSecret(db, d.orgId);
  const sent: SendResult = secret
    ? await send(db, d, secret, deps)
    : { statusCode: null, error: 'the endpoint was deleted or disabled', retryAfter: null, body: null, durationMs: 0 };
  const result: SendResult = { ...sent, error: redactEditTokens(sent.error), body: redactEditTokens(sent.body) };
  const code = result.statusCode;
  const ok = code !== null && code >= 200 && code < 300;
  const gone = code === 410;
  const delay = ok || gone || !secret ? null : nextDelayMs(claim.number, parseRetryAfter(result.retryAfter), deps.retry, deps.random);
  const status = ok ? 'delivered' : delay === null ? 'failed' : 'pending';
  const error = result.error ?? (ok ? null : `HTTP ${code}`);
  const lastResponse = {
    attempt: claim.number,
    status_code: code,
    error,
    body: result.body === null ? null : result.body.slice(0, LAST_RESPONSE_BODY),
    duration_ms: result.durationMs,
  };

  await db.$transaction(async (tx) => {
    await tx.webhookAttempt.updateMany({
      where: { deliveryId: d.id, number: claim.number },
      data: { statusCode: code, error, responseBody: result.body, durationMs: result.durationMs, finishedAt: new Date() },
    });
    const updated = await tx.$executeRaw`
      UPDATE "WebhookDelivery" SET
        "status" = ${status}::"DeliveryStatus",
        "nextAttemptAt" = CASE WHEN ${delay}::int IS NULL THEN NULL ELSE now() + (${delay}::int * interval '1 millisecond') END,
        "lastResponse" = ${JSON.stringify(lastResponse)}::jsonb,
        "deliveredAt" = CASE WHEN ${ok} THEN now() ELSE "deliveredAt" END,
        "updatedAt" = now()
      WHERE "id" = ${d.id} AND "attempts" = ${claim.number} AND "status" = 'pending'`;
    if (!updated) log().warn({ deliveryId: d.id, attempt: claim.number }, 'webhook attempt finished after its claim was taken over');
    if (gone && d.endpointId) await disableEndpoint(tx, d.endpointId, `the receiver answered 410 Gone (delivery ${d.id})`);
  });
  log().info({ deliveryId: d.id, attempt: claim.number, statusCode: code, status, ms: result.durationMs }, 'webhook attempt');
  recordWebhookAttempt(status);
  return { deliveryId: d.id, number: claim.number, status, statusCode: code, nextAttemptInMs: delay };
}

/** Builds this attempt's body and POSTs it; a body that cannot be built is a failed attempt (retried). */
async function send(db: Db, d: WebhookDelivery, secret: string, deps: DeliveryDeps): Promise<SendResult> {
  let body: string;
  try {
    body = await deliveryBody(db, d);
  } catch (err) {
    log().error({ err, deliveryId: d.id }, 'webhook body could not be built');
    return { statusCode: null, error: `the event could not be prepared: ${(err as Error).message}`, retryAfter: null, body: null, durationMs: 0 };
  }
  return sendWebhook(d.url, body, signatureHeaders(secret, d.id, body), deps);
}

/** Disables an endpoint and closes its other pending deliveries (and any attempt of theirs left open). */
export async function disableEndpoint(tx: Tx, endpointId: string, reason: string): Promise<void> {
  await tx.webhookEndpoint.updateMany({ where: { id: endpointId, disabledAt: null }, data: { disabledAt: new Date(), disabledReason: reason } });
  await tx.webhookAttempt.updateMany({
    where: { finishedAt: null, delivery: { endpointId, status: 'pending' } },
    data: { finishedAt: new Date(), error: INTERRUPTED_ATTEMPT },
  });
  await tx.webhookDelivery.updateMany({
    where: { endpointId, status: 'pending' },
    data: { status: 'failed', nextAttemptAt: null, lastResponse: { error: `endpoint disabled: ${reason}` } },
  });
}
