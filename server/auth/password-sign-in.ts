// The credentials check behind the dashboard's email + password sign-in (next-auth authorize).
// It does the same work whether or not the email has an account — one lookup, one scrypt
// verification (against UNUSABLE_PASSWORD_HASH when there is no password to check), one failure
// count — so neither its answer nor its time tells which emails are registered.
import 'server-only';
import type { Db } from '../db/client';
import { UNUSABLE_PASSWORD_HASH, verifyPassword } from './password';
import { normaliseEmail } from './normalise-email';
import { recordFailedSignIn } from './sign-in-throttle';

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
}

export async function signInWithPassword(
  db: Db,
  credentials: { email?: string; password?: string } | undefined,
  address: string,
): Promise<SignedInUser | null> {
  const email = normaliseEmail(credentials?.email ?? '');
  const password = credentials?.password ?? '';
  if (!email || !password) return null;
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
  const matches = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_PASSWORD_HASH);
  if (user?.passwordHash && matches) return { id: user.id, email: user.email, name: user.name };
  await recordFailedSignIn(db, email, address);
  return null;
}
