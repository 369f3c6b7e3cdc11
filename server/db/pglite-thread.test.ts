import { existsSync, readFileSync } from 'node:fs';
import { messages, PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type DbHandle } from './client';
import { PgliteThread } from './pglite-thread';

const HEAVY = 'SELECT count(*)::int AS n FROM generate_series(1, 2000000) g WHERE g % 7 = 0';

/** Counts the ticks of a 5 ms interval while `work` runs. */
async function ticksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

const TYPES_SQL = `SELECT 1::int AS i, 9007199254740993::bigint AS b, 12.50::numeric AS n, 'x'::text AS t, true AS ok,
  '{"a":[1,2]}'::jsonb AS j, '\\x0102ff'::bytea AS bytes, '2026-12-06 10:11:12.345'::timestamp AS ts,
  '2026-12-06 10:11:12.345+02'::timestamptz AS tstz, '2026-12-06'::date AS d, ARRAY['a','b,c',NULL]::text[] AS arr,
  ARRAY[1,2,3]::int[] AS ints, NULL::text AS nothing, 'happy'::mood AS m, ARRAY['sad','happy']::mood[] AS moods`;

describe('PgliteThread', () => {
  let thread: PgliteThread;
  let inThread: PGlite;

  beforeAll(async () => {
    thread = await PgliteThread.create();
    inThread = await PGlite.create();
    for (const db of [thread, inThread]) {
      await db.exec(`CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE t (id int PRIMARY KEY, name text)`);
    }
    // PGlite learns new array types on request (our thread refreshes after a CREATE TYPE itself)
    await inThread.refreshArrayTypes();
  });
  afterAll(async () => {
    await thread.close();
    await inThread.close();
  });

  it('control: in-thread PGlite holds the event loop for the whole statement', async () => {
    await inThread.query('SELECT 1');
    expect(await ticksDuring(() => inThread.query(HEAVY))).toBe(0);
  });

  it('leaves the event loop free while a statement runs', async () => {
    await thread.query('SELECT 1');
    const started = Date.now();
    const ticks = await ticksDuring(() => thread.query(HEAVY));
    const ms = Date.now() - started;
    expect(ms).toBeGreaterThan(40); // the statement is heavy enough to measure anything
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 5 / 3));
  });

  it('returns the same values as in-thread PGlite, in object and array row modes, with caller parsers', async () => {
    for (const rowMode of ['object', 'array'] as const) {
      const a = await thread.query(TYPES_SQL, [], { rowMode });
      const b = await inThread.query(TYPES_SQL, [], { rowMode });
      expect(a.rows).toEqual(b.rows);
      expect(a.fields).toEqual(b.fields);
    }
    const parsers = { 1700: (x: string) => `numeric:${x}`, 1114: (x: string) => `ts:${x}` };
    const a = await thread.query(TYPES_SQL, [], { rowMode: 'array', parsers });
    const b = await inThread.query(TYPES_SQL, [], { rowMode: 'array', parsers });
    expect(a.rows).toEqual(b.rows);
    expect((a.rows[0] as unknown as unknown[])[2]).toBe('numeric:12.50');
  });

  it('passes parameters of every kind and reports affected rows', async () => {
    const r = await thread.query('INSERT INTO t VALUES ($1, $2), ($3, $4)', [1, 'one\u00e9', 2, null]);
    expect(r.affectedRows).toBe(2);
    const bytes = await thread.query<{ b: Uint8Array }>('SELECT $1::bytea AS b', [new Uint8Array([0, 1, 255])]);
    expect(Array.from(bytes.rows[0]!.b)).toEqual([0, 1, 255]);
    expect((await thread.query('SELECT name FROM t ORDER BY id')).rows).toEqual([{ name: 'one\u00e9' }, { name: null }]);
  });

  it("rebuilds PostgreSQL errors as PGlite's DatabaseError", async () => {
    const err = await thread.query('INSERT INTO t VALUES (1, $1)', ['dup']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(messages.DatabaseError);
    expect(err).toMatchObject({ code: '23505', constraint: 't_pkey', severity: 'ERROR' });
    await expect(thread.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
  });

  it('commits, rolls back on a throw or on rollback(), and keeps other statements out of a transaction', async () => {
    await thread.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (10, $1)', ['ten']);
    });
    await expect(
      thread.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (11, $1)', ['eleven']);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    await thread.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (12, $1)', ['twelve']);
      await tx.rollback();
      expect(tx.closed).toBe(true);
    });
    // a statement sent while a transaction is open runs after it, and never inside it
    let outsideSawRow: unknown;
    let release!: () => void;
    const inside = thread.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (13, $1)', ['thirteen']);
      await new Promise<void>((r) => (release = r));
      await tx.rollback();
    });
    const outside = thread.query('SELECT count(*)::int AS n FROM t WHERE id = 13').then((r) => (outsideSawRow = r.rows[0]));
    await new Promise((r) => setTimeout(r, 30));
    expect(outsideSawRow).toBeUndefined();
    release();
    await inside;
    await outside;
    expect(outsideSawRow).toEqual({ n: 0 });
    expect((await thread.query('SELECT id FROM t WHERE id >= 10 ORDER BY id')).rows).toEqual([{ id: 10 }]);
  });

  it('prepares each statement once and keeps working after errors, rollbacks, DDL and more statements than it keeps', async () => {
    const t = await PgliteThread.create();
    try {
      await t.exec('CREATE TABLE p (id int PRIMARY KEY, name text)');
      const prepared = async (text: string) =>
        ((await t.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1', [text])).rows[0]!.n);
      const insert = 'INSERT INTO p VALUES ($1, $2)';
      for (let i = 1; i <= 3; i++) await t.query(insert, [i, `n${i}`]);
      expect(await prepared(insert)).toBe(1);
      // an error at bind/execute (duplicate key, bad parameter) leaves the statement usable
      await expect(t.query(insert, [1, 'dup'])).rejects.toMatchObject({ code: '23505' });
      await expect(t.query(insert, ['not a number', 'x'])).rejects.toMatchObject({ code: '22P02' });
      await t.query(insert, [4, 'n4']);
      // a statement first prepared inside a transaction that rolls back is still usable after it
      const select = 'SELECT name FROM p WHERE id = $1';
      await t.transaction(async (tx) => {
        expect((await tx.query(select, [4])).rows).toEqual([{ name: 'n4' }]);
        await expect(tx.query(insert, [4, 'dup'])).rejects.toMatchObject({ code: '23505' });
        // the transaction is aborted: nothing runs until it ends (and nothing is prepared)
        await expect(tx.query('SELECT id FROM p WHERE name = $1', ['n4'])).rejects.toMatchObject({ code: '25P02' });
      }).catch(() => undefined);
      expect((await t.query(select, [4])).rows).toEqual([{ name: 'n4' }]);
      expect((await t.query('SELECT id FROM p WHERE name = $1', ['n4'])).rows).toEqual([{ id: 4 }]);
      // a syntax error is not kept
      await expect(t.query('SELEC 1')).rejects.toMatchObject({ code: '42601' });
      // DDL: a changed table is read as it is now
      const all = 'SELECT * FROM p WHERE id = $1';
      expect((await t.query(all, [1])).fields.map((f) => f.name)).toEqual(['id', 'name']);
      await t.exec('ALTER TABLE p ADD COLUMN extra int DEFAULT 7');
      expect((await t.query(all, [1])).rows).toEqual([{ id: 1, name: 'n1', extra: 7 }]);
      // at most 200 statements are kept; the oldest are closed
      for (let i = 0; i < 260; i++) expect((await t.query(`SELECT $1::int + ${i} AS v`, [1])).rows).toEqual([{ v: 1 + i }]);
      const kept = (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows[0]!.n;
      expect(kept).toBeLessThanOrEqual(200);
      expect(kept).toBeGreaterThan(150);
    } finally {
      await t.close();
    }
  });

  it('dumps a database that loads into a new thread', async () => {
    const dump = await thread.dumpDataDir('gzip');
    const copy = await PgliteThread.create({ loadDataDir: dump });
    try {
      expect((await copy.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 3 }]);
    } finally {
      await copy.close();
    }
  });

  it('fails pending and later calls with a clear error when the thread stops', async () => {
    const t = await PgliteThread.create();
    await t.close();
    await expect(t.query('SELECT 1')).rejects.toThrow(/embedded database thread stopped/);
  });
});

describe('Prisma on the threaded PGlite', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    const template = process.env.DOCSMITH_PGLITE_TEMPLATE;
    const loadDataDir = template && existsSync(template) ? new Blob([readFileSync(template)]) : undefined;
    handle = await openPglite(undefined, { loadDataDir, thread: true });
  });
  afterAll(() => handle.close());

  it('creates, reads, maps a unique violation to P2002 and rolls back an interactive transaction', async () => {
    const db = handle.prisma;
    const org = await db.organization.create({ data: { id: 'org_thread', name: 'Thread org' } });
    expect((await db.organization.findUnique({ where: { id: org.id } }))?.createdAt).toBeInstanceOf(Date);
    await expect(db.organization.create({ data: { id: 'org_thread', name: 'again' } })).rejects.toMatchObject({ code: 'P2002' });
    await expect(
      db.$transaction(async (tx) => {
        await tx.organization.update({ where: { id: org.id }, data: { name: 'renamed' } });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await db.organization.findUnique({ where: { id: org.id } }))?.name).toBe('Thread org');
  });
});
