// Who manages an org's webhooks: an API key or a signed-in member, reduced to org + role.
// Endpoints, secrets and redeliveries need owner or admin; every member may look.
import type { Role } from '../db/generated/enums';
import { forbidden } from '../http/api-error';

export interface WebhookActor {
  orgId: string;
  role: Role;
}

export function requireWebhookManager(actor: WebhookActor, what: string): void {
  if (actor.role !== 'owner' && actor.role !== 'admin') throw forbidden(`a ${actor.role} cannot ${what} (owner or admin required)`);
}
