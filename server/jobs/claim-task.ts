// Claiming work from the Task table with leases. A task is claimable when it is queued (and not
// older than the queue window) or running with an expired lease (its worker died). Tasks of the
// same run never run at the same time. SKIP LOCKED lets several workers and instances share it.
import type { Db } from '../db/client';
import { countTasksEnded } from '../metrics/task-metrics';
import { announceTaskEnded } from '../signals/task-signals';
import { dispatchDeliveries } from '../webhooks/dispatch-deliveries';
import { enqueueTaskEvents } from '../webhooks/enqueue-task-events';

export const QUEUE_WINDOW_MS = 24 * 3600 * 1000;

/** `busy`: tasks this worker is still running (never re-claimed by it, even if their lease lapsed). */
export async function claimNextTask(
  db: Db,
  workerId: string,
  leaseMs: number,
  maxAttempts: number,
  busy: string[] = [],
): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Task" SET
      "status" = 'running',
      "leaseOwner" = ${workerId},
      "leaseExpiresAt" = now() + (${leaseMs}::int * interval '1 millisecond'),
      "startedAt" = COALESCE("startedAt", now()),
      "attempts" = "attempts" + 1,
      "updatedAt" = now()
    WHERE "id" = (
      SELECT t."id" FROM "Task" t
      WHERE (
          (t."status" = 'queued' AND t."createdAt" > now() - (${QUEUE_WINDOW_MS}::bigint * interval '1 millisecond'))
          OR (t."status" = 'running' AND t."leaseExpiresAt" < now())
        )
        AND t."attempts" < ${maxAttempts}
        AND NOT (t."id" = ANY(${busy}::text[]))
        AND NOT EXISTS (
          SELECT 1 FROM "Task" o
          WHERE o."runId" = t."runId" AND o."id" <> t."id" AND o."status" = 'running' AND o."leaseExpiresAt" >= now()
        )
        AND NOT EXISTS (
          SELECT 1 FROM "Task" e
          WHERE e."runId" = t."runId" AND e."status" = 'queued' AND e."id" < t."id"
        )
      ORDER BY t."createdAt", t."id"
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id"`;
  return rows[0]?.id ?? null;
}

/** Extends the lease; false when this worker no longer owns the task (cancelled or taken over). */
export async function renewLease(db: Db, taskId: string, workerId: string, leaseMs: number): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Task" SET "leaseExpiresAt" = now() + (${leaseMs}::int * interval '1 millisecond')
    WHERE "id" = ${taskId} AND "leaseOwner" = ${workerId} AND "status" = 'running'`;
  return n > 0;
}

/** Tasks that ran out of attempts (their workers kept dying) are failed (with their run.failed webhooks). */
export async function failExhaustedTasks(db: Db, maxAttempts: number): Promise<number> {
  const [any] = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Task" WHERE "status" = 'running' AND "leaseExpiresAt" < now() AND "attempts" >= ${maxAttempts} LIMIT 1`;
  if (!any) return 0;
  const { failed, deliveries } = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Task" SET "status" = 'failed', "finishedAt" = now(), "updatedAt" = now(), "leaseOwner" = NULL,
        "error" = ${JSON.stringify({ code: 'worker_lost', message: `the task was interrupted ${maxAttempts} times and was given up` })}::jsonb
      WHERE "status" = 'running' AND "leaseExpiresAt" < now() AND "attempts" >= ${maxAttempts}
      RETURNING "id"`;
    const ids: string[] = [];
    for (const r of rows) ids.push(...(await enqueueTaskEvents(tx, r.id)));
    return { failed: rows.map((r) => r.id), deliveries: ids };
  });
  for (const id of failed) announceTaskEnded(id);
  countTasksEnded('failed', failed.length);
  await dispatchDeliveries(deliveries);
  return failed.length;
}

/** Queued for longer than the queue window without a worker: expired (terminal). */
export async function expireStaleQueuedTasks(db: Db): Promise<number> {
  const expired = await db.$executeRaw`
    UPDATE "Task" SET "status" = 'expired', "finishedAt" = now(), "updatedAt" = now(),
      "error" = ${JSON.stringify({ code: 'task_expired', message: 'queued for more than 24 hours without being picked up' })}::jsonb
    WHERE "status" = 'queued' AND "createdAt" <= now() - (${QUEUE_WINDOW_MS}::bigint * interval '1 millisecond')`;
  countTasksEnded('expired', expired);
  return expired;
}
