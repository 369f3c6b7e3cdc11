import type { Tx } from '../db/client';
import { newId } from '../db/ids';
import { createOrganization } from './create-organization';

export interface NewUserRows {
  email: string;
  name: string | null;
  passwordHash: string;
}

/** Prisma's unique-constraint violation: here, another registration of the same email won a race. */
export const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'P2002';

/** Inserts a password user and their personal organization (owner, sign-up grant) inside the caller's transaction. */
export async function createUserRows(tx: Tx, input: NewUserRows) {
  const user = await tx.user.create({
    data: { id: newId('usr'), email: input.email, name: input.name, passwordHash: input.passwordHash },
  });
  const personalOrg = await createOrganization(tx, {
    name: `${input.name ?? input.email.split('@')[0]}'s personal org`,
    kind: 'personal',
    ownerId: user.id,
  });
  return { user, personalOrg };
}
