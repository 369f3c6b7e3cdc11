import 'server-only';
import type { Db } from '../db/client';
import { balanceOf } from '../credits/ledger';
import { serializeOrganization } from './serialize-organization';

/** The user's organizations with their role and credit balance: personal first, then oldest first. */
export async function listUserOrganizations(db: Db, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { org: true },
    orderBy: { createdAt: 'asc' },
  });
  const rows = await Promise.all(
    memberships.map(async (m) => ({
      ...serializeOrganization(m.org),
      role: m.role,
      credits: { balance: await balanceOf(db, m.orgId) },
    })),
  );
  return rows.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'personal' ? -1 : 1));
}
