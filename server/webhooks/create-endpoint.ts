// POST /webhooks: validates the URL against the SSRF guard (resolving its host), then stores the
// endpoint with a fresh signing secret, returned once.
import 'server-only';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { ApiError, badRequest } from '../http/api-error';
import { WEBHOOK_EVENTS } from './events';
import type { CreateWebhookInput } from './schemas';
import { serializeEndpoint } from './serialize-webhook';
import { newSigningSecret } from './signing';
import { assertWebhookUrlAllowed, WebhookUrlRefused, type NetworkPolicy, type Resolver } from '../http/ssrf-guard';
import { requireWebhookManager, type WebhookActor } from './webhook-actor';

export const MAX_ENDPOINTS_PER_ORG = 20;

/** The SSRF guard's verdict as a 400 (nothing is written). */
export async function checkWebhookUrl(url: string, opts: { policy?: NetworkPolicy; resolver?: Resolver } = {}): Promise<string> {
  try {
    return (await assertWebhookUrlAllowed(url, opts)).url.toString();
  } catch (err) {
    if (err instanceof WebhookUrlRefused) throw badRequest(err.message, { field: 'url', reason: err.reason });
    throw err;
  }
}

export async function createWebhookEndpoint(
  db: Db,
  actor: WebhookActor,
  input: CreateWebhookInput,
  opts: { policy?: NetworkPolicy; resolver?: Resolver } = {},
) {
  requireWebhookManager(actor, 'create webhooks');
  const url = await checkWebhookUrl(input.url, opts);
  const events = WEBHOOK_EVENTS.filter((e) => (input.events ?? WEBHOOK_EVENTS).includes(e));
  const count = await db.webhookEndpoint.count({ where: { orgId: actor.orgId } });
  if (count >= MAX_ENDPOINTS_PER_ORG) {
    throw new ApiError('conflict', `an organization can have at most ${MAX_ENDPOINTS_PER_ORG} webhook endpoints; delete one first`);
  }
  const secret = newSigningSecret();
  const row = await db.webhookEndpoint.create({
    data: { id: newId('wh'), orgId: actor.orgId, url, events: [...events], secret, description: input.description || null },
  });
  return { ...serializeEndpoint(row), secret };
}
