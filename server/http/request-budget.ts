// The per-key request limit (RATE_LIMIT_PER_MINUTE) without a database write per request. Requests
// are counted in memory in fixed one-minute windows (kept on globalThis, like the process buses:
// one count per process whatever copy of this module counts).
// - Embedded database: one process serves it, so the memory count is the whole count; nothing is
//   written.
// - PostgreSQL: instances share a key's budget through its RateLimitBucket row. Each instance adds
//   what it counted there in one batched upsert per FLUSH_MS (only keys that had requests since) and
//   learns from the answer what the others added. An instance does not see the others' latest
//   requests until its next flush, so a key spread over N instances can get up to what N−1 instances
//   admit in one FLUSH_MS beyond the limit; one instance alone never exceeds it.
// Why not a write per request: it was one upsert per API call, on the same row for a busy key — the
// most expensive part of a poll. Why not memory only on PostgreSQL: N instances would each grant the
// whole budget.
import { currentDbHandle, type Db } from '../db/client';
import { log } from '../log';
import { processSingleton } from '../signals/process-bus';
import { DEFAULT_WINDOW_MS, stateOf, sweepRateLimitBuckets, type RateLimitState } from './rate-limit';

export const FLUSH_MS = 1000;

interface Count {
  windowStart: number;
  /** Counted here and not yet added to the shared row. */
  pending: number;
  /** The shared row's count at the last flush (every instance's flushed requests, ours included). */
  shared: number;
}

interface Budget {
  counts: Map<string, Count>;
  timer: NodeJS.Timeout | undefined;
  flushing: Promise<void> | undefined;
  prunedWindow: number;
}

const budget = processSingleton<Budget>('request-budget', () => ({ counts: new Map(), timer: undefined, flushing: undefined, prunedWindow: 0 }));

const windowOf = (now: number) => Math.floor(now / DEFAULT_WINDOW_MS) * DEFAULT_WINDOW_MS;

/** Counts one request of the API key and says whether it is past `limit` in the current minute. */
export async function hitKeyBudget(db: Db, keyId: string, limit: number, now = Date.now()): Promise<RateLimitState> {
  const bucket = `key:${keyId}`;
  const windowStart = windowOf(now);
  if (budget.prunedWindow !== windowStart) prune(windowStart);
  let c = budget.counts.get(bucket);
  if (!c || c.windowStart !== windowStart) {
    c = { windowStart, pending: 0, shared: 0 };
    budget.counts.set(bucket, c);
  }
  c.pending++;
  if ((await currentDbHandle())?.kind === 'postgres') scheduleFlush(db);
  return stateOf(c.shared + c.pending, limit, windowStart, DEFAULT_WINDOW_MS, now, true);
}

/** Forgets the counts of ended windows. */
function prune(windowStart: number): void {
  budget.prunedWindow = windowStart;
  for (const [k, c] of budget.counts) if (c.windowStart < windowStart) budget.counts.delete(k);
}

function scheduleFlush(db: Db): void {
  if (budget.timer || budget.flushing) return;
  budget.timer = setTimeout(() => {
    budget.timer = undefined;
    void flushKeyBudgets(db);
  }, FLUSH_MS);
  budget.timer.unref();
}

/**
 * Adds the counts of this process to the shared rows (one statement) and takes the totals back.
 * Runs by itself on PostgreSQL; exported for tests.
 */
export async function flushKeyBudgets(db: Db, now = Date.now()): Promise<void> {
  if (budget.flushing) return budget.flushing;
  budget.flushing = (async () => {
    const windowStart = windowOf(now);
    const batch = [...budget.counts].filter(([, c]) => c.windowStart === windowStart && c.pending > 0);
    if (!batch.length) return;
    const sent = new Map(batch.map(([k, c]) => [k, c.pending]));
    try {
      const rows = await db.$queryRaw<{ key: string; count: number }[]>`
        INSERT INTO "RateLimitBucket" ("key", "windowStart", "count")
        SELECT k, ${new Date(windowStart)}, n FROM unnest(${[...sent.keys()]}::text[], ${[...sent.values()]}::int[]) AS x(k, n)
        ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + EXCLUDED."count"
        RETURNING "key", "count"`;
      for (const r of rows) {
        const c = budget.counts.get(r.key);
        if (!c || c.windowStart !== windowStart) continue;
        c.pending -= sent.get(r.key) ?? 0;
        c.shared = Number(r.count);
      }
      await sweepRateLimitBuckets(db, now);
    } catch (err) {
      // The counts stay pending: the next flush adds them.
      log().warn({ err }, 'request budget: could not add the counts to the shared buckets');
    }
  })().finally(() => {
    budget.flushing = undefined;
    if ([...budget.counts.values()].some((c) => c.pending > 0 && c.windowStart === windowOf(Date.now()))) scheduleFlush(db);
  });
  return budget.flushing;
}

/** Tests: forget every count. */
export function resetKeyBudgetsForTests(): void {
  clearTimeout(budget.timer);
  budget.timer = undefined;
  budget.counts.clear();
}
