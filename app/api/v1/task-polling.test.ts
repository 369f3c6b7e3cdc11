// Polling GET /tasks/{id} of a completed task writes nothing: no edit session per poll (the caller's
// poll session is handed out again), no rate-limit row per request, and once the key is verified it costs
// one read — none while the answer is kept (POLL_CACHE_MS). The edit_url stays a working, per-key URL
// that revocation still ends.
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from './excel/generate/route';
import { GET as getRun } from './runs/[run_id]/route';
import { DELETE as revokeSessions } from './runs/[run_id]/edit-sessions/route';
import { GET as getTask } from './tasks/[task_id]/route';
import { GET as getDoc } from './edit/[run_id]/document/route';
import { POST as mintKey } from './organizations/[org_id]/api-keys/route';
import { setDbHandle } from '@/server/db/client';
import { env, resetEnvForTests } from '@/server/env';
import { enforceRetention } from '@/server/retention/enforce-retention';
import { flushKeyBudgets } from '@/server/http/request-budget';
import { forgetAllPolls, pollCacheSize } from '@/server/runs/poll-cache';
import { announceRunVersion } from '@/server/signals/edit-signals';
import { call } from '@/server/test/api-client';
import { orgWithKey, queueExcelTask, runLocalWorker } from '@/server/test/generation-harness';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();
let org = { orgId: '', key: '' };
let runId = '';
let taskId = '';

const poll = (key: string, id = taskId) => call(getTask, 'GET', `/api/v1/tasks/${id}`, { key, params: { task_id: id } });
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
const opens = async (url: string) => (await call(getDoc, 'GET', `/x?token=${tokenOf(url)}`, { params: { run_id: runId } })).status;

/** Rows of every table, RateLimitBucket included. */
async function allRowCounts(): Promise<Record<string, number>> {
  const tables = await t.db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const out: Record<string, number> = {};
  for (const { table_name } of tables) {
    const r = await t.db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "${table_name}"`);
    out[table_name] = Number(r[0]?.n ?? 0);
  }
  return out;
}

beforeAll(async () => {
  org = await orgWithKey(t.db, { name: 'Polling' });
  const r = await call(excel, 'POST', '/api/v1/excel/generate', { key: org.key, json: { prompt: 'A workbook with a sheet named Budget, columns Item, Amount' } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  runId = r.json.run_id;
  taskId = r.json.task_id;
}, 120_000);

describe('polling a completed task', () => {
  it('writes no row in any table, however often it is polled', async () => {
    const first = await poll(org.key); // may mint the key's poll session
    expect(first.status).toBe(200);
    expect(first.json.status).toBe('completed');
    await flushKeyBudgets(t.db);
    const before = await allRowCounts();
    const windowsBefore = await t.db.rateLimitBucket.count();
    const n = 25;
    for (let i = 0; i < n; i++) {
      const r = await poll(org.key);
      expect(r.status).toBe(200);
      expect(r.json.result.edit_url).toBe(first.json.result.edit_url);
      expect(r.json.result.download_url).toMatch(/^http/);
    }
    await flushKeyBudgets(t.db); // PostgreSQL: the batched request counts
    const after = await allRowCounts();
    // The request counts of a key are one row per minute (PostgreSQL, batched; none on the embedded
    // database): a window may start during the polls, never a row per poll.
    expect(after.RateLimitBucket! - windowsBefore).toBeLessThanOrEqual(1);
    expect({ ...after, RateLimitBucket: 0 }).toEqual({ ...before, RateLimitBucket: 0 });
  });

  /** The database statements of one poll. */
  async function statementsOfPoll(): Promise<string[]> {
    const ops: string[] = [];
    const counted = t.db.$extends({
      query: {
        async $allOperations({ model, operation, args, query }) {
          ops.push(model ? `${model}.${operation}` : operation);
          return query(args);
        },
      },
    });
    setDbHandle({ ...t.handle, prisma: counted as unknown as typeof t.db });
    try {
      const r = await poll(org.key);
      expect(r.status).toBe(200);
      expect(r.json.result.edit_url).toMatch(/token=edt_/);
      expect(r.json.result.download_url).toMatch(/^http/);
    } finally {
      setDbHandle(t.handle);
    }
    return ops;
  }

  it('costs one read of the database (the key was verified moments ago: server/auth/api-key-cache.ts), none while the answer is kept', async () => {
    await poll(org.key); // warm: the key is verified and its lastUsedAt fresh, its poll session exists
    expect(await statementsOfPoll()).toEqual([]); // answered from memory (POLL_CACHE_MS)
    forgetAllPolls(); // as POLL_CACHE_MS later
    expect(await statementsOfPoll()).toEqual(['$queryRaw']);
    expect(await statementsOfPoll()).toEqual([]);
  });

  it('a new version of the run (here: announced by another instance or the editor) is read again at once', async () => {
    const before = (await poll(org.key)).json;
    expect(await statementsOfPoll()).toEqual([]);
    announceRunVersion(runId, 99, 'test'); // the signal every version store sends (LISTEN/NOTIFY across instances)
    expect(await statementsOfPoll()).toEqual(['$queryRaw']);
    expect((await poll(org.key)).json.result.edit_url).toBe(before.result.edit_url);
  });

  it('with POLL_CACHE_MS=0 every poll reads the database once', async () => {
    const saved = process.env.POLL_CACHE_MS;
    process.env.POLL_CACHE_MS = '0';
    resetEnvForTests();
    forgetAllPolls();
    try {
      expect(await statementsOfPoll()).toEqual(['$queryRaw']);
      expect(await statementsOfPoll()).toEqual(['$queryRaw']);
      expect(pollCacheSize()).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.POLL_CACHE_MS;
      else process.env.POLL_CACHE_MS = saved;
      resetEnvForTests();
    }
  });

  it('hands each key its own working edit_url; GET /runs still mints a fresh one per call', async () => {
    const m = await call(mintKey, 'POST', '/x', { key: org.key, params: { org_id: org.orgId }, json: { name: 'second app' } });
    expect(m.status).toBe(201);
    const mine = (await poll(org.key)).json.result.edit_url as string;
    const theirs = (await poll(m.json.key)).json.result.edit_url as string;
    expect(theirs).not.toBe(mine);
    expect((await poll(m.json.key)).json.result.edit_url).toBe(theirs);
    expect(await opens(mine)).toBe(200);
    expect(await opens(theirs)).toBe(200);

    const run1 = (await call(getRun, 'GET', `/api/v1/runs/${runId}`, { key: org.key, params: { run_id: runId } })).json.edit_url as string;
    const run2 = (await call(getRun, 'GET', `/api/v1/runs/${runId}`, { key: org.key, params: { run_id: runId } })).json.edit_url as string;
    expect(new Set([run1, run2, mine]).size).toBe(3);
    expect((await poll(org.key)).json.result.edit_url).toBe(mine); // a viewer's URL from GET /runs is never handed out by a poll
  });

  it('after DELETE /runs/{id}/edit-sessions the old URL is dead and the next poll mints a new one', async () => {
    const old = (await poll(org.key)).json.result.edit_url as string;
    expect((await call(revokeSessions, 'DELETE', '/x', { key: org.key, params: { run_id: runId } })).status).toBe(200);
    expect(await opens(old)).toBe(404);
    const fresh = (await poll(org.key)).json.result.edit_url as string;
    expect(fresh).not.toBe(old);
    expect(await opens(fresh)).toBe(200);
  });

  it('a session close to its end is not handed out again', async () => {
    const old = (await poll(org.key)).json.result.edit_url as string;
    // 5 minutes left: less than the 10 a handed-out URL is promised at least
    await t.db.editSession.updateMany({ where: { runId }, data: { expiresAt: new Date(Date.now() + 5 * 60_000) } });
    forgetAllPolls(); // the kept answer is at most POLL_CACHE_MS old: read again as it would be by then
    const next = (await poll(org.key)).json.result.edit_url as string;
    expect(next).not.toBe(old);
    expect(await opens(next)).toBe(200);
  });

  it('another organization’s task is a 404; a task still queued has no result', async () => {
    const other = await orgWithKey(t.db, { name: 'Other' });
    const foreign = await poll(other.key);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe('not_found');
    const { task } = await queueExcelTask(t.db, other.orgId, 'x'.repeat(20));
    await t.db.task.update({ where: { id: task.id }, data: { status: 'cancelled', finishedAt: new Date() } });
    const own = await poll(other.key, task.id);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ task_id: task.id, status: 'cancelled', result: null });
  });

  it('retention: once the run expires its poll hands out a read-only edit_url, once purged no URL at all — at once', async () => {
    const live = (await poll(org.key)).json.result;
    expect(live.download_url).toMatch(/^http/);
    const DAY = 86_400_000;
    const later = new Date(Date.now() + (env().RUN_RETENTION_DAYS + 1) * DAY);
    expect((await enforceRetention(t.db, later)).expired).toBeGreaterThanOrEqual(1);
    const expired = (await poll(org.key)).json.result;
    expect(expired.edit_url).not.toBe(live.edit_url);
    const doc = await call(getDoc, 'GET', `/x?token=${tokenOf(expired.edit_url)}`, { params: { run_id: runId } });
    expect(doc.status).toBe(200);
    expect(doc.json.read_only).toBe(true);
    const purgeAt = new Date(later.getTime() + (env().RUN_PURGE_AFTER_DAYS + 1) * DAY);
    expect((await enforceRetention(t.db, purgeAt)).purged).toBeGreaterThanOrEqual(1);
    const purged = (await poll(org.key)).json.result;
    expect(purged).toMatchObject({ download_url: null, edit_url: null });
  });
});
