import type { Db } from '../db/client';
import { ApiError } from '../http/api-error';
import { createUserRows, isUniqueViolation } from './create-user-rows';
import { normaliseEmail } from './normalise-email';
import { hashPassword } from './password';
import { assertAcceptablePassword } from './password-policy';

export interface RegisterInput {
  email: string;
  password: string;
  name?: string;
}

/**
 * Creates a user with a password and their personal organization (owner, with the sign-up grant).
 * An email that already has an account is a 409 here (the admin CLI and tests say so); the public
 * registration endpoint hides it (register-account.ts).
 */
export async function registerUser(db: Db, input: RegisterInput) {
  const email = normaliseEmail(input.email);
  assertAcceptablePassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const conflict = () => new ApiError('conflict', 'an account with this email already exists; sign in instead');
  if (await db.user.findUnique({ where: { email } })) throw conflict();
  try {
    return await db.$transaction((tx) => createUserRows(tx, { email, name: input.name ?? null, passwordHash }));
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict();
    throw err;
  }
}
