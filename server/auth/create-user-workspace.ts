// A workspace created by a signed-in user (POST /api/v1/signup, the dashboard's "Create workspace").
// The sign-up grant is per user, not per workspace: only the first SIGNUP_GRANTED_WORKSPACES (1)
// workspaces a user creates receive SIGNUP_CREDITS; later ones start at 0 (an admin can top up with
// `npm run admin -- grant-credits`). "Already granted" is read from the ledger: creation grants
// name the user who created the org, so it holds even after ownership moved or the user left.
import 'server-only';
import type { Tx } from '../db/client';
import { env } from '../env';
import { createOrganization, signupGrantNote } from './create-organization';

export async function createUserWorkspace(tx: Tx, userId: string, name: string) {
  // Serialises one user's concurrent workspace creations, so two at once cannot both be granted.
  await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
  const e = env();
  const granted = await tx.creditLedgerEntry.count({
    where: { reason: 'grant', note: signupGrantNote('workspace', userId) },
  });
  const grant = granted < e.SIGNUP_GRANTED_WORKSPACES ? e.SIGNUP_CREDITS : 0;
  return createOrganization(tx, { name, kind: 'workspace', ownerId: userId, grant });
}
