// POST /api/auth/register: the public sign-up. Its answer never says whether the email already had
// an account — the same status and body either way, in about the same time — so it cannot be used
// to find out who has an account. A new email gets its account; an existing one is left exactly as
// it was. For the time to match, an existing email costs the same work as a new one: the password
// is hashed and the same inserts run, on a throwaway email, in a transaction that is rolled back.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { createUserRows, isUniqueViolation } from './create-user-rows';
import { normaliseEmail } from './normalise-email';
import { hashPassword } from './password';
import { assertAcceptablePassword } from './password-policy';
import type { RegisterInput } from './register-user';

export const REGISTER_ACCEPTED_MESSAGE =
  'Sign in with this email and password. If the email already belonged to an account, that account and its password are unchanged.';

class Rehearsal extends Error {}

export async function registerAccount(db: Db, input: RegisterInput) {
  const email = normaliseEmail(input.email);
  assertAcceptablePassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const name = input.name ?? null;
  const exists = (await db.user.findUnique({ where: { email }, select: { id: true } })) !== null;
  try {
    await db.$transaction(async (tx) => {
      if (!exists) return createUserRows(tx, { email, name, passwordHash });
      await createUserRows(tx, { email: `rehearsal-${randomUUID()}@invalid`, name, passwordHash });
      throw new Rehearsal();
    });
  } catch (err) {
    // A rehearsal, or a registration of the same email that won a race: nothing to tell either way.
    if (!(err instanceof Rehearsal) && !isUniqueViolation(err)) throw err;
  }
  return { status: 'accepted' as const, email, message: REGISTER_ACCEPTED_MESSAGE };
}
