// The organization's signing secret for per-request webhook_url deliveries, created on first use.
// Concurrent first uses agree: only the first write lands, everyone reads it back.
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';
import { newSigningSecret } from './signing';
import { requireWebhookManager, type WebhookActor } from './webhook-actor';

export async function orgSigningSecret(db: Db, orgId: string): Promise<string> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { webhookSigningSecret: true } });
  if (!org) throw notFound('organization');
  if (org.webhookSigningSecret) return org.webhookSigningSecret;
  await db.organization.updateMany({ where: { id: orgId, webhookSigningSecret: null }, data: { webhookSigningSecret: newSigningSecret() } });
  const again = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { webhookSigningSecret: true } });
  return again.webhookSigningSecret!;
}

/** GET /webhooks/signing-secret: the secret that signs webhook_url deliveries (owner or admin). */
export async function revealOrgSigningSecret(db: Db, actor: WebhookActor): Promise<{ secret: string }> {
  requireWebhookManager(actor, 'read the webhook signing secret');
  return { secret: await orgSigningSecret(db, actor.orgId) };
}
