// Webhook verification for receivers of Docsmith deliveries (run.completed / run.failed), signed
// with Standard Webhooks by the server's own code (lib/webhooks/webhook-signature.ts).
import { verifyWebhook, WebhookSignatureError, WEBHOOK_HEADERS } from '../lib/webhooks/webhook-signature';
import type { components } from './generated/openapi';

export { signWebhook } from '../lib/webhooks/webhook-signature';
export { WebhookSignatureError, WEBHOOK_HEADERS };

/** A delivery's payload: the task of GET /tasks/{task_id} when it ended. */
export interface DocsmithWebhookEvent {
  type: 'run.completed' | 'run.failed';
  timestamp: string;
  data: components['schemas']['Task'];
}

/**
 * Verifies a delivery with the signing secret (GET /webhooks/signing-secret for per-request
 * webhook_url, or the endpoint's own secret) and returns its event. Pass the raw body exactly as
 * received. Throws WebhookSignatureError for a wrong signature, a tampered body or a stale timestamp.
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string,
  headers: Headers | Record<string, string | string[] | undefined>,
): DocsmithWebhookEvent {
  return verifyWebhook(secret, rawBody, headers) as DocsmithWebhookEvent;
}
