// Per-key fixed-window rate limiting, counted in the database so that every app instance shares
// the same budget. One upsert per request.
import type { Db } from '../db/client';

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  limited: boolean;
}

const WINDOW_MS = 60_000;
let lastSweep = 0;

export async function hitRateLimit(db: Db, bucket: string, limit: number, now = Date.now()): Promise<RateLimitState> {
  const windowStart = new Date(Math.floor(now / WINDOW_MS) * WINDOW_MS);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${bucket}, ${windowStart}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
    RETURNING "count"`;
  const count = Number(rows[0]?.count ?? 1);
  if (now - lastSweep > 10 * WINDOW_MS) {
    lastSweep = now;
    await db.$executeRaw`DELETE FROM "RateLimitBucket" WHERE "windowStart" < ${new Date(now - 5 * WINDOW_MS)}`;
  }
  return {
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000)),
    limited: count > limit,
  };
}

export function rateLimitHeaders(s: RateLimitState): Record<string, string> {
  return {
    'RateLimit-Limit': String(s.limit),
    'RateLimit-Remaining': String(s.remaining),
    'RateLimit-Reset': String(s.resetSeconds),
    'RateLimit-Policy': `${s.limit};w=${WINDOW_MS / 1000}`,
  };
}
