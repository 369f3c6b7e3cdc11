// Standard Webhooks signing (https://www.standardwebhooks.com): secrets are "whsec_" + base64 of
// 32 random bytes; each request carries webhook-id, webhook-timestamp and
// webhook-signature = "v1," + base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")).
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function signatureHeaders(secret: string, id: string, body: string, at: Date = new Date()): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}
