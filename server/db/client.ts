// The Prisma client factory: embedded PGlite (default) or PostgreSQL through the `pg` adapter.
// Prisma 7's query compiler runs in WebAssembly, so no native engine is needed at run time.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { yieldingPglite } from './yielding-pglite';
import { PgliteThread } from './pglite-thread';
import pg from 'pg';
import { PrismaClient } from './generated/client';
import { applyMigrations, type SqlExecutor } from './migrate';
import { DbNotifications } from './notifications';
import { env } from '../env';
import { log } from '../log';

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface DbHandle {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgres';
  /**
   * PostgreSQL: LISTEN/NOTIFY between the processes sharing the database (its listening connection
   * opens on first use). Null for PGlite, which only one process can open.
   */
  notifications: DbNotifications | null;
  close(): Promise<void>;
}

export function pgliteExecutor(db: Pick<PGlite, 'query' | 'exec'>): SqlExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

export function pgExecutor(client: pg.ClientBase): SqlExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PGlite is single-process: refuse to open a data folder another live process holds. */
function takePgliteLock(dir: string): () => void {
  const lock = path.join(dir, '.docsmith.lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (pid && pid !== process.pid && pidAlive(pid)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${pid}. ` +
          'Stop that Docsmith process first (the embedded database allows one process), or use PostgreSQL (DATABASE_URL).',
      );
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => {
    try {
      if (readFileSync(lock, 'utf8').trim() === String(process.pid)) rmSync(lock);
    } catch {
      /* already gone */
    }
  };
}

/**
 * Opens an embedded database. `dir` undefined = in memory (tests). `thread` (default PGLITE_THREAD):
 * PGlite runs in its own worker thread (pglite-thread.ts); otherwise in this thread, each statement
 * started on a new event-loop turn (yielding-pglite.ts).
 */
export async function openPglite(
  dir?: string,
  opts: { migrate?: boolean; loadDataDir?: Blob; thread?: boolean } = {},
): Promise<DbHandle> {
  let release = () => {};
  if (dir) {
    mkdirSync(dir, { recursive: true });
    release = takePgliteLock(dir);
  }
  try {
    const options = { ...(dir ? { dataDir: dir } : {}), ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) };
    const thread = (opts.thread ?? env().PGLITE_THREAD) && PgliteThread.available();
    const e = env();
    const lite = thread ? await PgliteThread.create({ ...options, idleGc: e.IDLE_GC && e.NODE_ENV === 'production' }) : await PGlite.create(options);
    if (opts.migrate ?? true) await applyMigrations(pgliteExecutor(lite));
    const client = lite instanceof PgliteThread ? lite.asPglite() : yieldingPglite(lite);
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
    return {
      prisma,
      kind: 'pglite',
      notifications: null,
      async close() {
        await prisma.$disconnect();
        await lite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

export async function migratePostgres(connectionString: string): Promise<Awaited<ReturnType<typeof applyMigrations>>> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await applyMigrations(pgExecutor(client));
  } finally {
    await client.end();
  }
}

export async function openPostgres(
  connectionString: string,
  opts: { migrate?: boolean; poolSize?: number } = {},
): Promise<DbHandle> {
  if (opts.migrate) await migratePostgres(connectionString);
  const pool = new pg.Pool({ connectionString, max: opts.poolSize ?? 10 });
  // An idle pooled connection that the server ends (restart, failover, admin termination) emits
  // 'error' on the pool; without a listener that would crash the process. The pool replaces it.
  pool.on('error', (err) => log().warn({ err: err.message }, 'database: an idle connection was closed by the server'));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const notifications = new DbNotifications(connectionString, pool);
  return {
    prisma,
    kind: 'postgres',
    notifications,
    async close() {
      await notifications.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

const g = globalThis as unknown as { __docsmithDb?: Promise<DbHandle> };

/** The process-wide database, opened (and migrated when configured) on first use. */
export function getDbHandle(): Promise<DbHandle> {
  if (!g.__docsmithDb) {
    const e = env();
    g.__docsmithDb = e.DATABASE_URL
      ? openPostgres(e.DATABASE_URL, { migrate: e.DB_AUTO_MIGRATE, poolSize: e.DATABASE_POOL_SIZE })
      : openPglite(path.join(e.DATA_DIR, 'pglite'));
    g.__docsmithDb.catch(() => {
      g.__docsmithDb = undefined;
    });
  }
  return g.__docsmithDb;
}

/** The process-wide database if it was opened (or set), without opening it. */
export function currentDbHandle(): Promise<DbHandle> | undefined {
  return g.__docsmithDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).prisma;
}

/** Tests: make every service use this database. */
export function setDbHandle(handle: DbHandle | undefined): void {
  g.__docsmithDb = handle ? Promise.resolve(handle) : undefined;
}
