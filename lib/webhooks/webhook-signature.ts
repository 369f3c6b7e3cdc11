// Standard Webhooks signatures (https://www.standardwebhooks.com) with no Node built-in and no
// server state: the server signs deliveries with signWebhook (through server/webhooks/signing.ts) and the SDK
// (sdk/) re-exports verifyWebhook for receivers. Keep this file importable outside the server
// (no `server-only`, no env, no database).
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export const WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/** The three Standard Webhooks headers of one delivery: signature = "v1," + base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")). */
export function signWebhook(
  secret: string,
  id: string,
  body: string,
  at: Date = new Date(),
): Record<(typeof WEBHOOK_HEADERS)[number], string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : rec[key];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Checks a delivery: the signature over the raw body (as received, before any JSON parsing) with
 * the signing secret ("whsec_…"), and a timestamp within 5 minutes of now. Returns the parsed
 * JSON payload; throws WebhookSignatureError when the headers are missing, the signature does not
 * match (a tampered body, another secret) or the timestamp is too old or too new.
 */
export function verifyWebhook(secret: string, body: string, headers: HeaderSource): unknown {
  const given = Object.fromEntries(WEBHOOK_HEADERS.map((h) => [h, header(headers, h) ?? '']));
  try {
    return new Webhook(secret).verify(body, given);
  } catch (err) {
    if (err instanceof WebhookVerificationError) throw new WebhookSignatureError(err.message);
    throw err;
  }
}
