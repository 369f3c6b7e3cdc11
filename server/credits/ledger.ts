// The append-only credit ledger: every movement is a row with the balance after it.
import type { Db, Tx } from '../db/client';
import type { LedgerReason } from '../db/generated/enums';
import { newId } from '../db/ids';

export interface LedgerEntryInput {
  orgId: string;
  delta: number;
  reason: LedgerReason;
  taskId?: string;
  note?: string;
}

/** Appends an entry inside the caller's transaction; the org row lock serialises writers. */
export async function appendLedgerEntry(tx: Tx, input: LedgerEntryInput) {
  await tx.$queryRaw`SELECT "id" FROM "Organization" WHERE "id" = ${input.orgId} FOR UPDATE`;
  const balance = await balanceOf(tx, input.orgId);
  return tx.creditLedgerEntry.create({
    data: {
      id: newId('led'),
      orgId: input.orgId,
      delta: input.delta,
      reason: input.reason,
      taskId: input.taskId ?? null,
      note: input.note ?? null,
      balanceAfter: balance + input.delta,
    },
  });
}

export async function balanceOf(db: Db | Tx, orgId: string): Promise<number> {
  const last = await db.creditLedgerEntry.findFirst({
    where: { orgId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { balanceAfter: true },
  });
  return last?.balanceAfter ?? 0;
}
