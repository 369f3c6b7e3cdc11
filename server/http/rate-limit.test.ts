import { describe, expect, it } from 'vitest';
import { setupTestDb } from '../test/test-db';
import { hitRateLimit, peekRateLimit, rateLimitHeaders } from './rate-limit';

const t = setupTestDb();

describe('rate-limit buckets', () => {
  it('the sweep drops ended one-minute windows but keeps longer windows until they are long over', async () => {
    const now = Date.UTC(2030, 0, 1, 12, 0, 0);
    const at = (msAgo: number) => new Date(now - msAgo);
    await t.db.rateLimitBucket.createMany({
      data: [
        { key: 'key:old', windowStart: at(6 * 60_000), count: 3 },
        { key: 'key:recent', windowStart: at(2 * 60_000), count: 3 },
        { key: 'loginfail:acct:x~w900', windowStart: at(6 * 60_000), count: 3 },
        { key: 'loginfail:acct:y~w900', windowStart: at(70 * 60_000), count: 3 },
      ],
    });
    await hitRateLimit(t.db, 'key:now', 10, now); // the first hit of the process sweeps
    const left = (await t.db.rateLimitBucket.findMany()).map((b) => b.key).sort();
    expect(left).toEqual(['key:now', 'key:recent', 'loginfail:acct:x~w900']);
  });

  it('long windows count apart from the default one; peek reads without counting', async () => {
    const now = Date.UTC(2030, 0, 1, 12, 7, 30);
    for (let i = 0; i < 3; i++) await hitRateLimit(t.db, 'b', 3, now, 900_000);
    const peek = await peekRateLimit(t.db, 'b', 3, now, 900_000);
    expect(peek).toMatchObject({ limited: true, remaining: 0, windowSeconds: 900, resetSeconds: 450 });
    expect((await peekRateLimit(t.db, 'b', 3, now, 900_000)).remaining).toBe(0); // still 3: peeks do not count
    expect((await peekRateLimit(t.db, 'b', 3, now)).limited).toBe(false); // the 60 s bucket is another one
    const fourth = await hitRateLimit(t.db, 'b', 3, now, 900_000);
    expect(fourth.limited).toBe(true);
    expect(rateLimitHeaders(fourth)['RateLimit-Policy']).toBe('3;w=900');
    // The next window starts afresh.
    expect((await hitRateLimit(t.db, 'b', 3, now + 900_000, 900_000)).limited).toBe(false);
  });
});
