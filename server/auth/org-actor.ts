// Who is acting on an organization: an API key of that org, or a signed-in member. Anything else
// is a 404, indistinguishable from an organization that does not exist.
import type { Db } from '../db/client';
import type { KeyScope, Role } from '../db/generated/enums';
import { notFound } from '../http/api-error';
import type { ApiKeyPrincipal } from './verify-api-key';
import type { SessionPrincipal } from './session-user';

export interface OrgActor {
  orgId: string;
  userId: string | null;
  role: Role;
  /** The scope of the calling key; null for a dashboard session. */
  scope: KeyScope | null;
  keyId: string | null;
}

export async function orgActor(db: Db, principal: ApiKeyPrincipal | SessionPrincipal, orgId: string): Promise<OrgActor> {
  if (principal.kind === 'apiKey') {
    if (principal.orgId !== orgId) throw notFound('organization');
    return { orgId, userId: principal.userId, role: principal.role, scope: principal.scope, keyId: principal.keyId };
  }
  const m = await db.membership.findUnique({ where: { orgId_userId: { orgId, userId: principal.userId } } });
  if (!m) throw notFound('organization');
  return { orgId, userId: principal.userId, role: m.role, scope: null, keyId: null };
}

export const canManageKeys = (role: Role) => role === 'owner' || role === 'admin';
