import 'server-only';
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';
import { balanceOf } from '../credits/ledger';
import { createUserWorkspace } from './create-user-workspace';
import { mintApiKey } from './mint-api-key';
import { serializeOrganization } from './serialize-organization';

/**
 * POST /signup: a workspace org owned by the signed-in user, and its first API key (shown once).
 * The workspace gets the sign-up credits only if it is among the user's first granted workspaces.
 */
export async function signupWorkspace(db: Db, userId: string, input: { orgName?: string; keyName?: string }) {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound('user');
  const result = await db.$transaction(async (tx) => {
    const org = await createUserWorkspace(tx, user.id, input.orgName ?? `${user.name ?? user.email.split('@')[0]}'s workspace`);
    const key = await mintApiKey(
      tx,
      { orgId: org.id, userId: user.id, role: 'owner', scope: null, keyId: null },
      { name: input.keyName ?? 'Default key' },
    );
    return { org, key };
  });
  return {
    organization: serializeOrganization(result.org),
    api_key: result.key,
    credits: { balance: await balanceOf(db, result.org.id) },
  };
}
