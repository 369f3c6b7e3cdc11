// Claiming due deliveries with a lease, so that several loops (in one process or on several
// instances, or Inngest functions beside a sweeper) never send the same attempt twice. A claim
// reserves the next attempt number, pushes nextAttemptAt past the attempt's deadline (the lease:
// if the process dies mid-attempt the delivery becomes due again after it), records the attempt
// row as "in flight" and closes the row of an earlier attempt that never finished (its process
// died) — all in one transaction. SKIP LOCKED lets claimers pass each other.
//
// Claims are per target: a registered endpoint, or a per-request webhook_url. The caller says how
// many attempts it already has in flight per target and how many it allows; a claim never goes
// past that, and it takes the targets in turn (every target's first due delivery before any
// target's second), so one slow or dead receiver cannot fill the caller's slots.
import type { Db } from '../db/client';
import { newId } from '../db/ids';

export interface ClaimedAttempt {
  deliveryId: string;
  /** The attempt number reserved by this claim (1-based); the fencing token of its outcome. */
  number: number;
  /** Who receives it: "endpoint:<id>" or "url:<webhook_url>" (concurrency is counted per target). */
  targetKey: string;
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
  /** At most `limit` attempts in flight per target, counting the caller's `busy` ones (target key → count). */
  perTarget?: { limit: number; busy: ReadonlyMap<string, number> };
}

/** What an attempt row says when its process stopped before it finished. */
export const INTERRUPTED_ATTEMPT = 'interrupted: the attempt never finished (its process stopped mid-attempt)';

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
  const perTarget = opts.perTarget?.limit ?? opts.limit;
  const busy = [...(opts.perTarget?.busy ?? new Map<string, number>())].filter(([, n]) => n > 0);
  const busyKeys = busy.map(([k]) => k);
  const busyCounts = busy.map(([, n]) => n);
  if (opts.limit <= 0 || perTarget <= 0) return [];
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; attempts: number; targetKey: string }[]>`
      WITH busy AS (
        SELECT b."key", b."n" FROM unnest(${busyKeys}::text[], ${busyCounts}::int[]) AS b("key", "n")
      ), due AS (
        SELECT c."id", c."nextAttemptAt",
          CASE WHEN c."target" = 'endpoint' THEN 'endpoint:' || COALESCE(c."endpointId", '') ELSE 'url:' || c."url" END AS "key"
        FROM "WebhookDelivery" c
        WHERE c."status" = 'pending'
          AND c."nextAttemptAt" <= now() - (${overdueMs}::int * interval '1 millisecond')
          AND c."attempts" < ${opts.maxAttempts}
          AND (${deliveryId}::text IS NULL OR c."id" = ${deliveryId}::text)
          AND (c."target" <> 'endpoint' OR EXISTS (
            SELECT 1 FROM "WebhookEndpoint" e WHERE e."id" = c."endpointId" AND e."disabledAt" IS NULL))
      ), ranked AS (
        SELECT d."id", d."key", d."nextAttemptAt",
          COALESCE(b."n", 0) + row_number() OVER (PARTITION BY d."key" ORDER BY d."nextAttemptAt", d."id") AS "slot"
        FROM due d LEFT JOIN busy b ON b."key" = d."key"
        WHERE COALESCE(b."n", 0) < ${perTarget}
      ), picked AS (
        SELECT r."id", r."key" FROM ranked r
        WHERE r."slot" <= ${perTarget}
        ORDER BY r."slot", r."nextAttemptAt", r."id"
        LIMIT ${opts.limit}
      ), locked AS (
        SELECT c."id", p."key" FROM "WebhookDelivery" c JOIN picked p ON p."id" = c."id"
        WHERE c."status" = 'pending'
          AND c."nextAttemptAt" <= now() - (${overdueMs}::int * interval '1 millisecond')
          AND c."attempts" < ${opts.maxAttempts}
        FOR UPDATE OF c SKIP LOCKED
      )
      UPDATE "WebhookDelivery" w SET
        "attempts" = w."attempts" + 1,
        "nextAttemptAt" = now() + (${opts.leaseMs}::int * interval '1 millisecond'),
        "updatedAt" = now()
      FROM locked l
      WHERE w."id" = l."id"
      RETURNING w."id", w."attempts", l."key" AS "targetKey"`;
    if (rows.length) {
      // An earlier attempt still open was interrupted: its claim ran out, so it will never finish.
      await tx.webhookAttempt.updateMany({
        where: { deliveryId: { in: rows.map((r) => r.id) }, finishedAt: null },
        data: { finishedAt: new Date(), error: INTERRUPTED_ATTEMPT },
      });
      await tx.webhookAttempt.createMany({
        data: rows.map((r) => ({ id: newId('wha'), deliveryId: r.id, number: r.attempts, durationMs: 0 })),
      });
    }
    return rows.map((r) => ({ deliveryId: r.id, number: r.attempts, targetKey: r.targetKey }));
  });
}

/**
 * Pending deliveries that can never be sent are closed: their endpoint was deleted or disabled,
 * or their last attempt was interrupted (process died) with no attempt left. Attempt rows of the
 * closed deliveries that are still open are closed too (as interrupted), so none stays open for
 * ever; an attempt that is in fact still running overwrites that with its result when it ends.
 */
export async function closeStuckDeliveries(db: Db, maxAttempts: number): Promise<number> {
  const orphaned = await db.$queryRaw<{ deliveries: number }[]>`
    WITH closed AS (
      UPDATE "WebhookDelivery" d SET "status" = 'failed', "nextAttemptAt" = NULL, "updatedAt" = now(),
        "lastResponse" = ${JSON.stringify({ error: 'the endpoint was deleted or disabled' })}::jsonb
      WHERE d."status" = 'pending' AND d."target" = 'endpoint' AND NOT EXISTS (
        SELECT 1 FROM "WebhookEndpoint" e WHERE e."id" = d."endpointId" AND e."disabledAt" IS NULL)
      RETURNING d."id"
    ), open AS (
      UPDATE "WebhookAttempt" a SET "finishedAt" = now(), "error" = ${INTERRUPTED_ATTEMPT}
      FROM closed c WHERE a."deliveryId" = c."id" AND a."finishedAt" IS NULL
      RETURNING a."id"
    )
    SELECT (SELECT count(*) FROM closed)::int AS "deliveries", (SELECT count(*) FROM open)::int AS "attempts"`;
  const exhausted = await db.$queryRaw<{ deliveries: number }[]>`
    WITH closed AS (
      UPDATE "WebhookDelivery" d SET "status" = 'failed', "nextAttemptAt" = NULL, "updatedAt" = now(),
        "lastResponse" = CASE WHEN EXISTS (
          SELECT 1 FROM "WebhookAttempt" a WHERE a."deliveryId" = d."id" AND a."number" = d."attempts" AND a."finishedAt" IS NULL)
          THEN jsonb_build_object('attempt', d."attempts", 'status_code', NULL, 'error', ${INTERRUPTED_ATTEMPT}::text, 'body', NULL, 'duration_ms', NULL)
          ELSE d."lastResponse" END
      WHERE d."status" = 'pending' AND d."attempts" >= ${maxAttempts} AND d."nextAttemptAt" <= now()
      RETURNING d."id"
    ), open AS (
      UPDATE "WebhookAttempt" a SET "finishedAt" = now(), "error" = ${INTERRUPTED_ATTEMPT}
      FROM closed c WHERE a."deliveryId" = c."id" AND a."finishedAt" IS NULL
      RETURNING a."id"
    )
    SELECT (SELECT count(*) FROM closed)::int AS "deliveries", (SELECT count(*) FROM open)::int AS "attempts"`;
  return (orphaned[0]?.deliveries ?? 0) + (exhausted[0]?.deliveries ?? 0);
}
