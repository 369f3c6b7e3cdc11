import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { yieldingPglite } from './yielding-pglite';

/** Runs `n` statements back to back and reports how many had finished when a 0 ms timer fired. */
async function timerFiresAfter(db: PGlite, n: number, inTransaction = false): Promise<number> {
  let done = 0;
  let firedAt = -1;
  setTimeout(() => (firedAt = done), 0);
  const run = async (q: Pick<PGlite, 'query'>) => {
    for (let i = 0; i < n; i++) {
      await q.query('SELECT $1::int AS i', [i]);
      done++;
    }
  };
  if (inTransaction) await db.transaction((tx) => run(tx));
  else await run(db);
  await new Promise((r) => setTimeout(r, 5));
  return firedAt;
}

describe('yieldingPglite', () => {
  const lite = new PGlite();
  afterAll(() => lite.close());

  it('control: plain PGlite runs a chain of statements without giving timers or I/O a turn', async () => {
    await lite.query('SELECT 1'); // warm
    expect(await timerFiresAfter(lite, 200)).toBe(200);
  });

  it('lets the event loop run between statements, also inside a transaction', async () => {
    const db = yieldingPglite(lite);
    expect(await timerFiresAfter(db, 200)).toBeLessThan(5);
    expect(await timerFiresAfter(db, 200, true)).toBeLessThan(5);
  });

  it('keeps results, errors and rollbacks as they were', async () => {
    const db = yieldingPglite(lite);
    expect((await db.query<{ n: number }>('SELECT 41 + 1 AS n')).rows).toEqual([{ n: 42 }]);
    await expect(db.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    await db.exec('CREATE TABLE t (x int)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (1)');
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (2)');
      await tx.rollback();
    });
    expect((await db.query('SELECT * FROM t')).rows).toEqual([]);
  });
});
