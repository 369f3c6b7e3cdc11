// Invites someone by email with a role. No mail is sent: the link (shown once, like an API key)
// is for the inviter to pass on. Personal organizations have a single member and take no invites.
import 'server-only';
import type { Db } from '../db/client';
import type { Role } from '../db/generated/enums';
import { newId } from '../db/ids';
import { ApiError } from '../http/api-error';
import type { OrgActor } from '../auth/org-actor';
import { newInvitationToken, invitationUrl, INVITATION_TTL_DAYS } from './invitation-token';
import { requireMemberManager, requireOwnerForOwnerRole } from './member-rules';
import { serializeInvitation } from './serialize-invitation';

export async function createInvitation(db: Db, actor: OrgActor, input: { email: string; role: Role }, now = new Date()) {
  requireMemberManager(actor, 'invite members');
  requireOwnerForOwnerRole(actor, [input.role], 'invite');
  const org = await db.organization.findUniqueOrThrow({ where: { id: actor.orgId } });
  if (org.kind === 'personal') {
    throw new ApiError('invalid_request', 'a personal organization has only you: create a workspace to invite people');
  }
  const email = input.email.trim().toLowerCase();
  const already = await db.membership.findFirst({ where: { orgId: actor.orgId, user: { email } } });
  if (already) throw new ApiError('conflict', `${email} is already a member`);
  const { token, hash } = newInvitationToken();
  const row = await db.invitation.create({
    data: {
      id: newId('inv'),
      orgId: actor.orgId,
      email,
      role: input.role,
      tokenHash: hash,
      invitedById: actor.userId,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000),
    },
  });
  return { ...serializeInvitation(row), url: invitationUrl(token) };
}
