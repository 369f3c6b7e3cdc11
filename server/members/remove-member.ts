// Removes a member from an organization (owner or admin; only an owner removes an owner; one
// owner stays). Their API keys of this org are revoked with them: a key acts with its creator's
// role, and someone who left must not keep acting in the org. The edit sessions they granted end too.
import 'server-only';
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';
import type { OrgActor } from '../auth/org-actor';
import { announceKeysChanged } from '../signals/key-signals';
import { keepAnOwner, requireMemberManager, requireOwnerForOwnerRole } from './member-rules';

export async function removeMember(db: Db, actor: OrgActor, memberId: string, now = new Date()) {
  const member = await db.membership.findFirst({ where: { id: memberId, orgId: actor.orgId } });
  if (!member) throw notFound('member');
  requireMemberManager(actor, 'remove members');
  requireOwnerForOwnerRole(actor, [member.role], 'remove');
  await db.$transaction(async (tx) => {
    if (member.role === 'owner') await keepAnOwner(tx, actor.orgId, member.userId);
    await tx.membership.delete({ where: { id: member.id } });
    await tx.apiKey.updateMany({
      where: { orgId: actor.orgId, createdById: member.userId, revokedAt: null },
      data: { revokedAt: now },
    });
    // and every edit_url they opened in the dashboard or minted with those keys
    await tx.editSession.deleteMany({ where: { orgId: actor.orgId, OR: [{ userId: member.userId }, { apiKey: { createdById: member.userId } }] } });
  });
  // their keys are revoked: instances that remember them as valid forget them
  await announceKeysChanged(actor.orgId);
  return { id: member.id, removed: true as const };
}
