// The members of an organization (any member may see who else is in it), oldest first.
import 'server-only';
import type { Db } from '../db/client';
import type { OrgActor } from '../auth/org-actor';
import { serializeMember } from './serialize-member';

export async function listMembers(db: Db, actor: OrgActor) {
  const rows = await db.membership.findMany({
    where: { orgId: actor.orgId },
    include: { user: { select: { id: true, email: true, name: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(serializeMember);
}
