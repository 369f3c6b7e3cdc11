import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { ApiError } from '../http/api-error';
import { createOrganization } from './create-organization';
import { hashPassword } from './password';

export interface RegisterInput {
  email: string;
  password: string;
  name?: string;
}

/** Creates a user with a password and their personal organization (owner). */
export async function registerUser(db: Db, input: RegisterInput) {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  if (await db.user.findUnique({ where: { email } })) {
    throw new ApiError('conflict', 'an account with this email already exists; sign in instead');
  }
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { id: newId('usr'), email, name: input.name ?? null, passwordHash },
      });
      const org = await createOrganization(tx, {
        name: `${input.name ?? email.split('@')[0]}'s personal org`,
        kind: 'personal',
        ownerId: user.id,
      });
      return { user, personalOrg: org };
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') {
      throw new ApiError('conflict', 'an account with this email already exists; sign in instead');
    }
    throw err;
  }
}
