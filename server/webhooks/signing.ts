// Standard Webhooks signing (https://www.standardwebhooks.com): secrets are "whsec_" + base64 of
// 32 random bytes; each request carries webhook-id, webhook-timestamp and
// webhook-signature = "v1," + base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")).
// The signature itself is computed by lib/webhooks/webhook-signature.ts, which the SDK shares for verifying.
import { randomBytes } from 'node:crypto';
import { signWebhook } from '@/lib/webhooks/webhook-signature';

export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function signatureHeaders(secret: string, id: string, body: string, at: Date = new Date()): Record<string, string> {
  return signWebhook(secret, id, body, at);
}
