// Renames an organization (owner or admin).
import 'server-only';
import type { Db } from '../db/client';
import type { OrgActor } from '../auth/org-actor';
import { serializeOrganization } from '../auth/serialize-organization';
import { requireMemberManager } from './member-rules';

export async function renameOrganization(db: Db, actor: OrgActor, name: string) {
  requireMemberManager(actor, 'rename the organization');
  return serializeOrganization(await db.organization.update({ where: { id: actor.orgId }, data: { name } }));
}
