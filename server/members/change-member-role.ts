// Changes a member's role (owner or admin; only an owner touches the owner role; one owner stays).
import 'server-only';
import type { Db } from '../db/client';
import type { Role } from '../db/generated/enums';
import { notFound } from '../http/api-error';
import type { OrgActor } from '../auth/org-actor';
import { keepAnOwner, requireMemberManager, requireOwnerForOwnerRole } from './member-rules';
import { serializeMember } from './serialize-member';

export async function changeMemberRole(db: Db, actor: OrgActor, memberId: string, role: Role) {
  const member = await db.membership.findFirst({ where: { id: memberId, orgId: actor.orgId } });
  if (!member) throw notFound('member');
  requireMemberManager(actor, 'change roles');
  requireOwnerForOwnerRole(actor, [member.role, role], 'make or change');
  return db.$transaction(async (tx) => {
    if (member.role === 'owner' && role !== 'owner') await keepAnOwner(tx, actor.orgId, member.userId);
    const row = await tx.membership.update({
      where: { id: member.id },
      data: { role },
      include: { user: { select: { id: true, email: true, name: true } } },
    });
    return serializeMember(row);
  });
}
