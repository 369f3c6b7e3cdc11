// A fresh, migrated database per test file: in-memory PGlite by default, or a new database on the
// PostgreSQL server named by TEST_DATABASE_URL (the same suite runs on both).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openPglite, openPostgres, setDbHandle, type Db, type DbHandle } from '../db/client';

export async function openTestDb(): Promise<DbHandle & { name: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const template = process.env.DOCSMITH_PGLITE_TEMPLATE;
    const loadDataDir = template && existsSync(template) ? new Blob([readFileSync(template)]) : undefined;
    return Object.assign(await openPglite(undefined, { loadDataDir }), { name: 'pglite:memory' });
  }
  const name = `docsmith_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = '/' + name;
  const handle = await openPostgres(u.toString(), { migrate: true, poolSize: 5 });
  return {
    ...handle,
    name,
    async close() {
      await handle.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Opens a test database for the current file and makes it the process database. */
export function setupTestDb(): { readonly db: Db; readonly handle: DbHandle } {
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    handle = await openTestDb();
    setDbHandle(handle);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await handle?.close();
  });
  return {
    get db() {
      if (!handle) throw new Error('test database not open yet');
      return handle.prisma;
    },
    get handle() {
      if (!handle) throw new Error('test database not open yet');
      return handle;
    },
  };
}
