import 'server-only';
import type { Account as NextAuthAccount } from 'next-auth';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { createOrganization } from './create-organization';

/** Finds or creates the user of an OAuth sign-in (by email) and records the provider account. */
export async function linkOAuthUser(db: Db, input: { email: string; name: string | null; account: NextAuthAccount }) {
  const email = input.email.toLowerCase();
  return db.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email } });
    if (!user) {
      user = await tx.user.create({ data: { id: newId('usr'), email, name: input.name, emailVerified: new Date() } });
      await createOrganization(tx, { name: `${input.name ?? email.split('@')[0]}'s personal org`, kind: 'personal', ownerId: user.id });
    }
    const a = input.account;
    await tx.account.upsert({
      where: { provider_providerAccountId: { provider: a.provider, providerAccountId: a.providerAccountId } },
      update: {},
      create: { id: newId('acct'), userId: user.id, type: a.type, provider: a.provider, providerAccountId: a.providerAccountId },
    });
    return user;
  });
}
