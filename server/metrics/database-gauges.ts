// The deployment-wide gauges that only the database knows (every instance's tasks and deliveries):
// one statement per scrape, four indexed lookups (Task(status, createdAt), WebhookDelivery(status, …)).
// The gauges of one scrape share the reading; a database that does not answer makes them NaN for
// that scrape rather than failing the whole scrape (the readiness check reports the database).
import { getDb } from '../db/client';
import { log } from '../log';

export interface DatabaseGauges {
  queued: number;
  running: number;
  oldestQueuedSeconds: number;
  webhooksPending: number;
}

const KEY = Symbol.for('docsmith.metrics.database-gauges');

interface Cache {
  reading: Promise<DatabaseGauges | null> | undefined;
}

function cache(): Cache {
  const g = globalThis as unknown as Record<symbol, Cache | undefined>;
  return (g[KEY] ??= { reading: undefined });
}

async function query(): Promise<DatabaseGauges | null> {
  try {
    const db = await getDb();
    const [row] = await db.$queryRaw<{ queued: number; running: number; oldest: Date | null; pending: number }[]>`
      SELECT
        (SELECT count(*)::int FROM "Task" WHERE "status" = 'queued') AS "queued",
        (SELECT count(*)::int FROM "Task" WHERE "status" = 'running') AS "running",
        (SELECT min("createdAt") FROM "Task" WHERE "status" = 'queued') AS "oldest",
        (SELECT count(*)::int FROM "WebhookDelivery" WHERE "status" = 'pending') AS "pending"`;
    if (!row) return null;
    return {
      queued: row.queued,
      running: row.running,
      oldestQueuedSeconds: row.oldest ? Math.max(0, (Date.now() - row.oldest.getTime()) / 1000) : 0,
      webhooksPending: row.pending,
    };
  } catch (err) {
    log().warn({ err }, 'metrics: the database gauges could not be read');
    return null;
  }
}

/** Starts a new reading: each scrape calls it first, and its gauges (collected together) share it. */
export function refreshDatabaseGauges(): void {
  cache().reading = query();
}

/** The reading of the current scrape (null when the database did not answer). */
export function readDatabaseGauges(): Promise<DatabaseGauges | null> {
  const c = cache();
  return (c.reading ??= query());
}
