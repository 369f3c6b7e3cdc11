// Who may manage an organization's members: owners and admins. Only owners touch the owner role
// (grant it, change or remove an owner), and an organization always keeps at least one owner.
import 'server-only';
import type { Db, Tx } from '../db/client';
import type { Role } from '../db/generated/enums';
import { ApiError, forbidden } from '../http/api-error';
import type { OrgActor } from '../auth/org-actor';

export const canManageMembers = (role: Role) => role === 'owner' || role === 'admin';

export function requireMemberManager(actor: OrgActor, action: string): void {
  if (!canManageMembers(actor.role)) throw forbidden(`a ${actor.role} cannot ${action} (owner or admin required)`);
}

/** An admin may not grant, change or remove the owner role. */
export function requireOwnerForOwnerRole(actor: OrgActor, roles: Role[], action: string): void {
  if (roles.includes('owner') && actor.role !== 'owner') throw forbidden(`only an owner can ${action} an owner`);
}

/** Refuses a change that would leave the organization without an owner. */
export async function keepAnOwner(db: Db | Tx, orgId: string, leavingUserId: string): Promise<void> {
  const others = await db.membership.count({ where: { orgId, role: 'owner', userId: { not: leavingUserId } } });
  if (others === 0) throw new ApiError('conflict', 'an organization needs at least one owner: make someone else owner first');
}
