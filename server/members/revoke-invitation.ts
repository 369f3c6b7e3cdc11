// Revokes a pending invitation: its link stops working.
import 'server-only';
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';
import type { OrgActor } from '../auth/org-actor';
import { requireMemberManager } from './member-rules';
import { serializeInvitation } from './serialize-invitation';

export async function revokeInvitation(db: Db, actor: OrgActor, invitationId: string, now = new Date()) {
  const row = await db.invitation.findFirst({ where: { id: invitationId, orgId: actor.orgId } });
  if (!row) throw notFound('invitation');
  requireMemberManager(actor, 'revoke invitations');
  const updated = row.revokedAt || row.acceptedAt ? row : await db.invitation.update({ where: { id: row.id }, data: { revokedAt: now } });
  return serializeInvitation(updated);
}
