import type { Tx } from '../db/client';
import type { OrgKind } from '../db/generated/enums';
import { newId } from '../db/ids';
import { appendLedgerEntry } from '../credits/ledger';
import { env } from '../env';

export interface CreateOrganizationInput {
  name: string;
  kind: OrgKind;
  /** The user who becomes owner (null for an org created from the command line without a user). */
  ownerId: string | null;
  /** Credits granted at creation (default SIGNUP_CREDITS). */
  grant?: number;
}

/**
 * The note of the creation grant of an org a user created: it names the user, so later grants can
 * be counted per user from the ledger (create-user-workspace.ts) whatever happened to the org's
 * memberships since.
 */
export const signupGrantNote = (kind: OrgKind, userId: string) => `sign-up grant (${kind} of ${userId})`;

/** Creates an organization, its owner membership and its credit grant, inside the caller's transaction. */
export async function createOrganization(tx: Tx, input: CreateOrganizationInput) {
  const org = await tx.organization.create({ data: { id: newId('org'), name: input.name, kind: input.kind } });
  if (input.ownerId) {
    await tx.membership.create({ data: { id: newId('mem'), orgId: org.id, userId: input.ownerId, role: 'owner' } });
  }
  const grant = input.grant ?? env().SIGNUP_CREDITS;
  const note = input.ownerId ? signupGrantNote(input.kind, input.ownerId) : 'grant on organization creation';
  if (grant > 0) await appendLedgerEntry(tx, { orgId: org.id, delta: grant, reason: 'grant', note });
  return org;
}
