/**
 * The production server over HTTP (`next start` of the existing build, started here on its own port)
 * — what `npm run bench generation` cannot see because it calls the services in-process:
 *   - sync overhead: p50 wall of 30 sync 3-sheet Excel generations ÷ p50 of their duration_ms
 *     (target ≤ 1.3×);
 *   - polling: GET /tasks/{id} of a completed task under 50 connections for 20 s, in requests per
 *     second, ÷ those of a bare route of the same server in the same run (GET /api/health; target
 *     ≥ 0.5×); rows written per poll, counting the rows of every table before and after (target 0);
 *     the server's RSS after the load ÷ before it, each taken after 6 s of quiet (target ≤ 1.3×);
 *     then the same polls with the poll cache off (POLL_CACHE_MS=0), as information;
 *   - on PostgreSQL, also two instances on one database: the sync calls go to an instance started
 *     with WORKER=off, so their tasks run on the other one (target ≤ 1.5×).
 * Runs on a private embedded stack (PGlite in a temporary DATA_DIR) and, when BENCH_DATABASE_URL
 * names a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/postgres), also on a fresh
 * database created there (and dropped afterwards). With PGlite the server holds the database, so
 * the rows are counted with the server stopped (it is restarted before the load).
 * Builds nothing: run `npm run build` first.
 * Run: npm run bench production   (PRODUCTION_BENCH_PORT, default 3217; the second instance uses the next port)
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import type { Db, DbHandle } from '../../server/db/client';
import { benchOrg, embeddedStack, machineLine, p50, percentile, runBench } from './lib/bench-kit';
import { requireBuild, rssMiB, startNextServer, stopNextServer, type NextServer } from './lib/next-server';

const PORT = Number(process.env.PRODUCTION_BENCH_PORT ?? 3217);
const SYNC_REQUESTS = 30;
const LOAD_SECONDS = Number(process.env.PRODUCTION_BENCH_LOAD_SECONDS ?? 20);
const CONNECTIONS = 50;
const SETTLE_MS = 6000;
const TARGETS = { sync: 1.3, syncOtherInstance: 1.5, pollVsBare: 0.5, rowsPerPoll: 0, rss: 1.3 };
const PROMPT = 'A workbook with sheets "Revenue", "Costs" and "Summary", columns Month, Amount';
const stack = embeddedStack('production', { LOG_LEVEL: 'silent' });
const AUTH_SECRET = randomBytes(32).toString('base64url');

interface Backend {
  name: string;
  /** Opens the bench's database in this process. */
  open(): Promise<DbHandle>;
  /** Only one process may hold it (PGlite): closed while the server runs. */
  exclusive: boolean;
  env: Record<string, string>;
}

const serverEnv = (extra: Record<string, string>) => ({
  DATA_DIR: stack.dir,
  AUTH_SECRET,
  EXECUTOR: 'local',
  STORAGE_DRIVER: 'local',
  AI_PROVIDER: 'offline',
  // the limiter runs (its cost is part of a poll) but never refuses the load
  RATE_LIMIT_PER_MINUTE: '1000000000',
  ...extra,
});

const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const fmt = (n: number, d = 0) => n.toFixed(d);

async function api(base: string, key: string, method: string, p: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, ms };
}

/** Sync generations: p50 wall (client side) against p50 duration_ms (the task's own time). */
async function syncOverhead(base: string, key: string, n: number): Promise<{ wall: number; duration: number; taskId: string }> {
  const wall: number[] = [];
  const duration: number[] = [];
  let taskId = '';
  for (let i = 0; i < n; i++) {
    const r = await api(base, key, 'POST', '/api/v1/excel/generate', { prompt: PROMPT });
    if (r.status !== 200 || r.json.status !== 'completed') throw new Error(`sync generate answered ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
    wall.push(r.ms);
    duration.push(Number(r.json.duration_ms));
    taskId = String(r.json.task_id);
  }
  return { wall: p50(wall), duration: p50(duration), taskId };
}

/** `connections` clients on keep-alive connections, each sending its next GET when the last one answered. */
async function load(base: string, p: string, headers: Record<string, string>, seconds: number, connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(p, base);
  const statuses = new Map<number, number>();
  const lat: number[] = [];
  const get = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const s0 = performance.now();
        const status = await get();
        lat.push(performance.now() - s0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { requests: lat.length, rps: lat.length / elapsed, p50: p50(lat), p99: percentile(lat, 99), statuses: Object.fromEntries(statuses) };
}

/** Rows of every table (RateLimitBucket included). */
async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name`;
  const out: Record<string, number> = {};
  for (const { table_name } of tables) {
    const r = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "${table_name}"`);
    out[table_name] = Number(r[0]?.n ?? 0);
  }
  return out;
}

function grown(before: Record<string, number>, after: Record<string, number>): { total: number; limiterRows: number; tables: string } {
  const diff = Object.keys(after)
    .map((t) => [t, (after[t] ?? 0) - (before[t] ?? 0)] as const)
    .filter(([, d]) => d !== 0);
  return {
    total: diff.reduce((s, [, d]) => s + d, 0),
    limiterRows: Math.max(0, (after.RateLimitBucket ?? 0) - (before.RateLimitBucket ?? 0)),
    tables: diff.map(([t, d]) => `${t} ${d > 0 ? '+' : ''}${d}`).join(', ') || 'none',
  };
}

async function measure(backend: Backend): Promise<void> {
  const { setDbHandle } = await import('../../server/db/client');
  console.log(`\n  ${backend.name}`);
  let handle: DbHandle | undefined = await backend.open();
  setDbHandle(handle);
  const { apiKey } = await benchOrg(100_000_000);
  const counts = async () => {
    if (!backend.exclusive) return rowCounts(handle!.prisma);
    const h = await backend.open();
    try {
      return await rowCounts(h.prisma);
    } finally {
      await h.close();
    }
  };
  if (backend.exclusive) {
    setDbHandle(undefined);
    await handle.close();
    handle = undefined;
  }
  let server: NextServer | undefined;
  try {
    server = await startNextServer(PORT, serverEnv(backend.env));
    const base = server.base;
    await syncOverhead(base, apiKey, 3); // warm: the code of these routes is loaded and compiled
    const sync = await syncOverhead(base, apiKey, SYNC_REQUESTS);
    const ratio = sync.wall / sync.duration;
    console.log(
      `    sync excel, 3 sheets (${SYNC_REQUESTS} calls): p50 wall ${fmt(sync.wall)} ms, p50 duration_ms ${fmt(sync.duration)} ms → ${fmt(ratio, 2)}× (target ≤ ${TARGETS.sync}×) ${verdict(ratio <= TARGETS.sync)}`,
    );

    // the completed task polled below; its first polls mint the key's poll session, as a client's would
    const taskPath = `/api/v1/tasks/${sync.taskId}`;
    const pollsFrom = Date.now();
    for (let i = 0; i < 5; i++) await api(base, apiKey, 'GET', taskPath);
    if (backend.exclusive) {
      await stopNextServer(server);
      server = undefined;
    } else await new Promise((r) => setTimeout(r, 2500)); // the request budget's batched counts are in
    const before = await counts();
    if (!server) server = await startNextServer(PORT, serverEnv(backend.env));
    const pid = server.pid;
    const warm = await load(server.base, taskPath, { 'x-api-key': apiKey }, 2, CONNECTIONS);
    // RSS is compared settled: SETTLE_MS of quiet after the warm-up and after the load (the server
    // gives a burst's memory back once idle: IDLE_GC); the value right after the load is shown too.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const idle = rssMiB(pid);
    const bare = await load(server.base, '/api/health', {}, LOAD_SECONDS, CONNECTIONS);
    const afterBare = rssMiB(pid);
    const polls = await load(server.base, taskPath, { 'x-api-key': apiKey }, LOAD_SECONDS, CONNECTIONS);
    const rightAfter = rssMiB(pid);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const after = rssMiB(pid);
    if (backend.exclusive) {
      await stopNextServer(server);
      server = undefined;
    } else await new Promise((r) => setTimeout(r, 2500));
    const rows = grown(before, await counts());
    const pollCount = warm.requests + polls.requests;
    const pollRatio = polls.rps / bare.rps;
    // PostgreSQL: the key's request count is one RateLimitBucket row per minute (batched, shared by
    // the instances), whatever the number of requests: not a row per poll. Allowed: one row for each
    // minute the polls touched (the first poll's minute included: its batched count may land only
    // after the rows were counted when the machine is busy).
    const minutesTouched = Math.floor(Date.now() / 60_000) - Math.floor(pollsFrom / 60_000) + 1;
    const perPollRows = rows.total - Math.min(rows.limiterRows, backend.exclusive ? 0 : minutesTouched);
    console.log(
      `    GET /api/health, ${CONNECTIONS} connections, ${LOAD_SECONDS} s: ${fmt(bare.rps)} rps (p50 ${fmt(bare.p50, 1)} ms, p99 ${fmt(bare.p99, 1)} ms) ${JSON.stringify(bare.statuses)}`,
    );
    console.log(
      `    GET /tasks/{id} (completed), same load: ${fmt(polls.rps)} rps (p50 ${fmt(polls.p50, 1)} ms, p99 ${fmt(polls.p99, 1)} ms) ${JSON.stringify(polls.statuses)} → ${fmt(pollRatio, 2)}× the bare route (target ≥ ${TARGETS.pollVsBare}×) ${verdict(pollRatio >= TARGETS.pollVsBare)}`,
    );
    console.log(
      `    rows written by ${pollCount} polls: ${rows.total} (${rows.tables}); beyond the per-minute rate-limit row: ${perPollRows} → ${fmt(perPollRows / pollCount, 4)} per poll (target ${TARGETS.rowsPerPoll}) ${verdict(perPollRows === 0)}`,
    );
    console.log(
      `    server RSS: ${fmt(idle)} MiB idle before the load → ${fmt(afterBare)} MiB after the bare route's → ${fmt(rightAfter)} MiB right after the polls → ${fmt(after)} MiB ${SETTLE_MS / 1000} s later (${fmt(after / idle, 2)}× idle, target ≤ ${TARGETS.rss}×) ${verdict(after / idle <= TARGETS.rss)}`,
    );

    // The same load with the poll cache off (POLL_CACHE_MS=0): what one database read per poll costs.
    // Information, no target: the repeated polls of a client are what the cache is for.
    if (server) await stopNextServer(server);
    server = await startNextServer(PORT, serverEnv({ ...backend.env, POLL_CACHE_MS: '0' }));
    await load(server.base, taskPath, { 'x-api-key': apiKey }, 2, CONNECTIONS);
    const uncached = await load(server.base, taskPath, { 'x-api-key': apiKey }, LOAD_SECONDS, CONNECTIONS);
    console.log(
      `    GET /tasks/{id} with POLL_CACHE_MS=0 (one database read per poll), same load: ${fmt(uncached.rps)} rps (p50 ${fmt(uncached.p50, 1)} ms) ${JSON.stringify(uncached.statuses)} → ${fmt(uncached.rps / bare.rps, 2)}× the bare route (information)`,
    );
  } finally {
    if (server) await stopNextServer(server);
  }

  if (backend.exclusive) return;
  // Two instances on one database: A (WORKER=off) takes the calls, B runs the tasks.
  let a: NextServer | undefined;
  let b: NextServer | undefined;
  try {
    b = await startNextServer(PORT + 1, serverEnv({ ...backend.env, WORKER: 'on' }));
    a = await startNextServer(PORT, serverEnv({ ...backend.env, WORKER: 'off' }));
    await syncOverhead(a.base, apiKey, 3);
    const sync = await syncOverhead(a.base, apiKey, SYNC_REQUESTS);
    const ratio = sync.wall / sync.duration;
    console.log(
      `    two instances, tasks run on the other one (${SYNC_REQUESTS} sync calls to the WORKER=off instance): p50 wall ${fmt(sync.wall)} ms, p50 duration_ms ${fmt(sync.duration)} ms → ${fmt(ratio, 2)}× (target ≤ ${TARGETS.syncOtherInstance}×) ${verdict(ratio <= TARGETS.syncOtherInstance)}`,
    );
  } finally {
    await Promise.all([a && stopNextServer(a), b && stopNextServer(b)]);
    setDbHandle(undefined);
    await handle?.close();
  }
}

async function freshPostgres(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `docsmith_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

let dropPostgres: (() => Promise<void>) | undefined;
runBench(
  async () => {
    requireBuild();
    const { openPglite, openPostgres } = await import('../../server/db/client');
    console.log(`production server (next start) over HTTP (${machineLine()})`);
    await measure({ name: 'PGlite (embedded)', open: () => openPglite(path.join(stack.dir, 'pglite')), exclusive: true, env: {} });
    const adminUrl = process.env.BENCH_DATABASE_URL;
    if (!adminUrl) {
      console.log('\n  PostgreSQL: skipped (set BENCH_DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres)');
      return;
    }
    const db = await freshPostgres(adminUrl);
    dropPostgres = db.drop;
    let migrated = false;
    await measure({
      name: 'PostgreSQL',
      open: async () => {
        const h = await openPostgres(db.url, { migrate: !migrated, poolSize: 4 });
        migrated = true;
        return h;
      },
      exclusive: false,
      env: { DATABASE_URL: db.url, DB_AUTO_MIGRATE: 'false' },
    });
  },
  () => {
    void (dropPostgres?.() ?? Promise.resolve()).finally(() => stack.remove());
  },
);
