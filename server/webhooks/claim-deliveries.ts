// Claiming due deliveries with a lease, so that several loops (in one process or on several
// instances, or Inngest functions beside a sweeper) never send the same attempt twice. A claim
// reserves the next attempt number, pushes nextAttemptAt past the attempt's deadline (the lease:
// if the process dies mid-attempt the delivery becomes due again after it), and records the
// attempt row as "in flight" — all in one transaction. SKIP LOCKED lets claimers pass each other.
import type { Db } from '../db/client';
import { newId } from '../db/ids';

export interface ClaimedAttempt {
  deliveryId: string;
  /** The attempt number reserved by this claim (1-based); the fencing token of its outcome. */
  number: number;
}

export interface ClaimOptions {
  limit: number;
  /** How long the claim holds the delivery (≥ the attempt timeout). */
  leaseMs: number;
  maxAttempts: number;
  /** Claim only this delivery. */
  deliveryId?: string;
  /** Only deliveries due for at least this long (the Inngest sweeper leaves fresh ones to their functions). */
  overdueMs?: number;
}

/** One cheap indexed look (no transaction) so an idle poll costs a single query. */
export async function hasDueDeliveries(db: Db, overdueMs = 0): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "WebhookDelivery"
    WHERE "status" = 'pending' AND "nextAttemptAt" <= now() - (${overdueMs}::int * interval '1 millisecond')
    LIMIT 1`;
  return rows.length > 0;
}

export async function claimDueDeliveries(db: Db, opts: ClaimOptions): Promise<ClaimedAttempt[]> {
  const deliveryId = opts.deliveryId ?? null;
  const overdueMs = opts.overdueMs ?? 0;
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; attempts: number }[]>`
      UPDATE "WebhookDelivery" SET
        "attempts" = "attempts" + 1,
        "nextAttemptAt" = now() + (${opts.leaseMs}::int * interval '1 millisecond'),
        "updatedAt" = now()
      WHERE "id" IN (
        SELECT c."id" FROM "WebhookDelivery" c
        WHERE c."status" = 'pending'
          AND c."nextAttemptAt" <= now() - (${overdueMs}::int * interval '1 millisecond')
          AND c."attempts" < ${opts.maxAttempts}
          AND (${deliveryId}::text IS NULL OR c."id" = ${deliveryId}::text)
          AND (c."target" <> 'endpoint' OR EXISTS (
            SELECT 1 FROM "WebhookEndpoint" e WHERE e."id" = c."endpointId" AND e."disabledAt" IS NULL))
        ORDER BY c."nextAttemptAt", c."id"
        LIMIT ${opts.limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id", "attempts"`;
    if (rows.length) {
      await tx.webhookAttempt.createMany({
        data: rows.map((r) => ({ id: newId('wha'), deliveryId: r.id, number: r.attempts, durationMs: 0 })),
      });
    }
    return rows.map((r) => ({ deliveryId: r.id, number: r.attempts }));
  });
}

/**
 * Pending deliveries that can never be sent are closed: their endpoint was deleted or disabled,
 * or their last attempt was interrupted (process died) with no attempt left.
 */
export async function closeStuckDeliveries(db: Db, maxAttempts: number): Promise<number> {
  const orphaned = await db.$executeRaw`
    UPDATE "WebhookDelivery" d SET "status" = 'failed', "nextAttemptAt" = NULL, "updatedAt" = now(),
      "lastResponse" = ${JSON.stringify({ error: 'the endpoint was deleted or disabled' })}::jsonb
    WHERE d."status" = 'pending' AND d."target" = 'endpoint' AND NOT EXISTS (
      SELECT 1 FROM "WebhookEndpoint" e WHERE e."id" = d."endpointId" AND e."disabledAt" IS NULL)`;
  const exhausted = await db.$executeRaw`
    UPDATE "WebhookDelivery" SET "status" = 'failed', "nextAttemptAt" = NULL, "updatedAt" = now()
    WHERE "status" = 'pending' AND "attempts" >= ${maxAttempts} AND "nextAttemptAt" <= now()`;
  return orphaned + exhausted;
}
