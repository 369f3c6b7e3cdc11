// The organization's invitations that are still pending, newest first (owners and admins).
import 'server-only';
import type { Db } from '../db/client';
import type { OrgActor } from '../auth/org-actor';
import { requireMemberManager } from './member-rules';
import { serializeInvitation } from './serialize-invitation';

export async function listInvitations(db: Db, actor: OrgActor, now = new Date()) {
  requireMemberManager(actor, 'see invitations');
  const rows = await db.invitation.findMany({
    where: { orgId: actor.orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { id: 'desc' },
    take: 100,
  });
  return rows.map(serializeInvitation);
}
