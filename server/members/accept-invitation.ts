// The invitation behind a link (for the accept page) and accepting it: the signed-in user joins the
// organization with the invited role. A link works once; an unknown, used, revoked or expired
// link is the same "not found or no longer valid" error.
import 'server-only';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { ApiError } from '../http/api-error';
import { hashInvitationToken } from './invitation-token';
import { invitationState } from './serialize-invitation';

const invalid = () => new ApiError('not_found', 'this invitation link is not valid: it may have been used, revoked or have expired');

async function pendingInvitation(db: Db, token: string, now: Date) {
  const row = token.startsWith('dsi_')
    ? await db.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) }, include: { org: true } })
    : null;
  if (!row || invitationState(row, now) !== 'pending') throw invalid();
  return row;
}

export async function previewInvitation(db: Db, token: string, now = new Date()) {
  const row = await pendingInvitation(db, token, now);
  return { org_id: row.orgId, org_name: row.org.name, email: row.email, role: row.role, expires_at: row.expiresAt.toISOString() };
}

export async function acceptInvitation(db: Db, userId: string, token: string, now = new Date()) {
  const row = await pendingInvitation(db, token, now);
  return db.$transaction(async (tx) => {
    // Claim the invitation first so two concurrent accepts cannot both use it.
    const claimed = await tx.invitation.updateMany({
      where: { id: row.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: now, acceptedById: userId },
    });
    if (claimed.count === 0) throw invalid();
    const existing = await tx.membership.findUnique({ where: { orgId_userId: { orgId: row.orgId, userId } } });
    if (!existing) await tx.membership.create({ data: { id: newId('mem'), orgId: row.orgId, userId, role: row.role } });
    return { org_id: row.orgId, org_name: row.org.name, role: existing?.role ?? row.role, already_member: Boolean(existing) };
  });
}
