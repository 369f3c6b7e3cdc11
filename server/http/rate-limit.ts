// Fixed-window counters, kept in the database so that every app instance shares the same budget:
// failure budgets (failed API keys, failed sign-ins), written only when something fails and read
// with peekRateLimit. The per-key request limit counts in memory and adds its counts to the same
// table in batches (request-budget.ts).
import type { Db } from '../db/client';

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  /** Length of the window, in seconds. */
  windowSeconds: number;
  limited: boolean;
}

export const DEFAULT_WINDOW_MS = 60_000;
/** Longest window a bucket may use; rows of longer-window buckets are kept this much longer by the sweep. */
export const MAX_WINDOW_MS = 3_600_000;
/** Buckets whose window is not the default one carry this marker (and their window) in their key. */
const LONG_WINDOW_MARK = '~w';
let lastSweep = 0;

function bucketKey(bucket: string, windowMs: number): string {
  if (windowMs <= 0 || windowMs > MAX_WINDOW_MS) throw new RangeError(`rate-limit window must be within 1 ms..${MAX_WINDOW_MS} ms`);
  return windowMs === DEFAULT_WINDOW_MS ? bucket : `${bucket}${LONG_WINDOW_MARK}${windowMs / 1000}`;
}

export function stateOf(count: number, limit: number, windowStart: number, windowMs: number, now: number, countsThis: boolean): RateLimitState {
  return {
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
    windowSeconds: Math.round(windowMs / 1000),
    // A hit is over the limit when it is the (limit+1)th; a peek is when the budget is used up.
    limited: countsThis ? count > limit : count >= limit,
  };
}

/** Counts one hit in the bucket's current window and says whether it went past the limit. */
export async function hitRateLimit(
  db: Db,
  bucket: string,
  limit: number,
  now = Date.now(),
  windowMs = DEFAULT_WINDOW_MS,
): Promise<RateLimitState> {
  const key = bucketKey(bucket, windowMs);
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${key}, ${new Date(windowStart)}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
    RETURNING "count"`;
  const count = Number(rows[0]?.count ?? 1);
  await sweepRateLimitBuckets(db, now);
  return stateOf(count, limit, windowStart, windowMs, now, true);
}

/** Reads the bucket's current window without counting (no write): `limited` once `limit` hits are in. */
export async function peekRateLimit(
  db: Db,
  bucket: string,
  limit: number,
  now = Date.now(),
  windowMs = DEFAULT_WINDOW_MS,
): Promise<RateLimitState> {
  const key = bucketKey(bucket, windowMs);
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const rows = await db.$queryRaw<{ count: number }[]>`
    SELECT "count" FROM "RateLimitBucket" WHERE "key" = ${key} AND "windowStart" = ${new Date(windowStart)}`;
  return stateOf(Number(rows[0]?.count ?? 0), limit, windowStart, windowMs, now, false);
}

/** Every ten minutes per instance: drops windows that ended long ago (long-window buckets are kept an hour more). */
export async function sweepRateLimitBuckets(db: Db, now: number): Promise<void> {
  if (now - lastSweep <= 10 * DEFAULT_WINDOW_MS) return;
  lastSweep = now;
  const shortCutoff = new Date(now - 5 * DEFAULT_WINDOW_MS);
  const longCutoff = new Date(now - 5 * DEFAULT_WINDOW_MS - MAX_WINDOW_MS);
  await db.$executeRaw`
    DELETE FROM "RateLimitBucket"
    WHERE "windowStart" < ${longCutoff} OR ("windowStart" < ${shortCutoff} AND "key" NOT LIKE ${`%${LONG_WINDOW_MARK}%`})`;
}

export function rateLimitHeaders(s: RateLimitState): Record<string, string> {
  return {
    'RateLimit-Limit': String(s.limit),
    'RateLimit-Remaining': String(s.remaining),
    'RateLimit-Reset': String(s.resetSeconds),
    'RateLimit-Policy': `${s.limit};w=${s.windowSeconds}`,
  };
}
