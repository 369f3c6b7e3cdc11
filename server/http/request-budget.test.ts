import { beforeEach, describe, expect, it } from 'vitest';
import { setupTestDb } from '../test/test-db';
import { flushKeyBudgets, hitKeyBudget, resetKeyBudgetsForTests } from './request-budget';

const t = setupTestDb();
const now = Date.UTC(2030, 0, 1, 12, 0, 15); // 45 s left in its minute
const windowStart = new Date(Date.UTC(2030, 0, 1, 12, 0, 0));

beforeEach(async () => {
  resetKeyBudgetsForTests();
  await t.db.rateLimitBucket.deleteMany();
});

describe('per-key request budget', () => {
  it('counts requests in memory: the (limit+1)th of a minute is limited, and no request writes a row', async () => {
    const states = [];
    for (let i = 0; i < 4; i++) states.push(await hitKeyBudget(t.db, 'k1', 3, now));
    expect(states.map((s) => s.limited)).toEqual([false, false, false, true]);
    expect(states.map((s) => s.remaining)).toEqual([2, 1, 0, 0]);
    expect(states[3]).toMatchObject({ resetSeconds: 45, windowSeconds: 60 });
    expect(await t.db.rateLimitBucket.count()).toBe(0);
    // other keys have their own budget, the next minute starts afresh
    expect((await hitKeyBudget(t.db, 'k2', 3, now)).limited).toBe(false);
    expect((await hitKeyBudget(t.db, 'k1', 3, now + 60_000)).remaining).toBe(2);
  });

  it('a flush adds the counts of every key in one batch and learns what other instances counted', async () => {
    // another instance already admitted 4 requests of k1 in this minute
    await t.db.rateLimitBucket.create({ data: { key: 'key:k1', windowStart, count: 4 } });
    await hitKeyBudget(t.db, 'k1', 6, now);
    await hitKeyBudget(t.db, 'k2', 6, now);
    await hitKeyBudget(t.db, 'k2', 6, now);
    await flushKeyBudgets(t.db, now);
    const rows = await t.db.rateLimitBucket.findMany({ orderBy: { key: 'asc' } });
    expect(rows.map((r) => [r.key, r.count])).toEqual([
      ['key:k1', 5],
      ['key:k2', 2],
    ]);
    // k1: 5 counted in all, so the 6th is the last one allowed
    expect((await hitKeyBudget(t.db, 'k1', 6, now)).remaining).toBe(0);
    expect((await hitKeyBudget(t.db, 'k1', 6, now)).limited).toBe(true);
    // a second flush adds only what was counted since the first
    await flushKeyBudgets(t.db, now);
    expect((await t.db.rateLimitBucket.findUniqueOrThrow({ where: { key_windowStart: { key: 'key:k1', windowStart } } })).count).toBe(7);
    expect((await t.db.rateLimitBucket.findUniqueOrThrow({ where: { key_windowStart: { key: 'key:k2', windowStart } } })).count).toBe(2);
  });
});
