// Runs and tasks read endpoints: pagination, filters, org scoping, cancellation, bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listRuns } from './route';
import { GET as getRun } from './[run_id]/route';
import { GET as getTask } from '../tasks/[task_id]/route';
import { POST as cancelTask } from '../tasks/[task_id]/cancel/route';
import { generateApiKey } from '@/server/auth/api-key-format';
import { newId } from '@/server/db/ids';
import type { RunFormat, TaskStatus } from '@/server/db/generated/enums';
import { call } from '@/server/test/api-client';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();

async function org(name: string) {
  const o = await t.db.organization.create({ data: { id: newId('org'), name, kind: 'workspace' } });
  const k = generateApiKey();
  await t.db.apiKey.create({ data: { id: newId('key'), orgId: o.id, name: 'k', role: 'owner', prefix: k.prefix, hash: k.hash } });
  return { orgId: o.id, key: k.secret };
}

const FORMATS: RunFormat[] = ['excel', 'word', 'slides'];
const STATUSES: TaskStatus[] = ['completed', 'failed', 'running'];

let a: { orgId: string; key: string };
let b: { orgId: string; key: string };
let bRun = '';
let bTask = '';

beforeAll(async () => {
  a = await org('A');
  b = await org('B');
  const runs = Array.from({ length: 250 }, (_, i) => ({
    id: newId('run'),
    orgId: a.orgId,
    format: FORMATS[i % 3]!,
    status: STATUSES[i % 3 === 0 ? i % 2 : 2]!,
    prompt: `prompt ${i}`,
  }));
  await t.db.run.createMany({ data: runs });
  const r = await t.db.run.create({ data: { id: newId('run'), orgId: b.orgId, format: 'word', prompt: 'b' } });
  bRun = r.id;
  bTask = (await t.db.task.create({ data: { id: newId('task'), runId: r.id, orgId: b.orgId, kind: 'generate', prompt: 'b', request: {} } })).id;
}, 120_000);

async function walk(query: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q: string = `?limit=20${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const r = await call(listRuns, 'GET', `/api/v1/runs${q}`, { key: a.key });
    expect(r.status).toBe(200);
    expect(r.json.items.length).toBeLessThanOrEqual(20);
    ids.push(...r.json.items.map((x: { run_id: string }) => x.run_id));
    cursor = r.json.next_cursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe('GET /runs', () => {
  it('walks 250 runs with limit 20, newest first, without duplicates or gaps', async () => {
    const { ids, pages } = await walk('');
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(pages).toBe(13);
    const all = await t.db.run.findMany({ where: { orgId: a.orgId }, orderBy: { id: 'desc' }, select: { id: true } });
    expect(ids).toEqual(all.map((r) => r.id));
  });

  it('filters by format and status across pages', async () => {
    const excel = await walk('&format=excel');
    expect(excel.ids).toHaveLength(84);
    const completedSlides = await walk('&format=slides&status=running');
    const expected = await t.db.run.count({ where: { orgId: a.orgId, format: 'slides', status: 'running' } });
    expect(completedSlides.ids).toHaveLength(expected);
    const items = (await call(listRuns, 'GET', '/api/v1/runs?format=word&status=running&limit=100', { key: a.key })).json.items;
    expect(items.every((x: { format: string; status: string }) => x.format === 'word' && x.status === 'running')).toBe(true);
  });

  it('never shows another org’s runs', async () => {
    const r = await call(listRuns, 'GET', '/api/v1/runs?limit=100', { key: b.key });
    expect(r.json.items.map((x: { run_id: string }) => x.run_id)).toEqual([bRun]);
  });

  it.each([
    ['format=pdf', 'invalid_request'],
    ['status=done', 'invalid_request'],
    ['sort=asc', 'unknown_parameter'],
    ['cursor=not-a-cursor', 'invalid_request'],
  ])('rejects ?%s', async (q, code) => {
    const r = await call(listRuns, 'GET', `/api/v1/runs?${q}`, { key: a.key });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe(code);
  });
});

describe('runs and tasks by id', () => {
  it("another org's run and task ids are 404, like random ids, and write nothing", async () => {
    const strip = (j: { error: object }) => ({ ...j.error, request_id: undefined });
    const before = await rowCounts(t.db);
    const pairs = [
      [getRun, 'GET', { run_id: bRun }, { run_id: newId('run') }],
      [getTask, 'GET', { task_id: bTask }, { task_id: newId('task') }],
      [cancelTask, 'POST', { task_id: bTask }, { task_id: newId('task') }],
    ] as const;
    for (const [h, m, foreign, random] of pairs) {
      const f = await call(h, m, '/x', { key: a.key, params: foreign });
      const r = await call(h, m, '/x', { key: a.key, params: random });
      expect([f.status, r.status]).toEqual([404, 404]);
      expect(strip(f.json)).toEqual(strip(r.json));
    }
    expect(await rowCounts(t.db)).toEqual(before);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: bTask } })).status).toBe('queued');
  });

  it('returns the task object and the run with its latest task and expiry', async () => {
    const task = await call(getTask, 'GET', '/x', { key: b.key, params: { task_id: bTask } });
    expect(task.status).toBe(200);
    expect(task.json).toMatchObject({ task_id: bTask, run_id: bRun, status: 'queued', progress: 0, turn_index: 0, result: null, error: null });
    const run = await call(getRun, 'GET', '/x', { key: b.key, params: { run_id: bRun } });
    expect(run.json).toMatchObject({ run_id: bRun, format: 'word', latest_task: { task_id: bTask } });
    const expires = new Date(run.json.expires_at).getTime() - new Date(run.json.last_task_at).getTime();
    expect(expires).toBe(30 * 86_400_000);
  });

  it('a run past its retention window reads as expired', async () => {
    const old = await t.db.run.create({
      data: { id: newId('run'), orgId: b.orgId, format: 'excel', prompt: 'old', status: 'completed', lastTaskAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    const r = await call(getRun, 'GET', '/x', { key: b.key, params: { run_id: old.id } });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('expired');
    expect(new Date(r.json.expires_at).getTime()).toBeLessThan(Date.now());
  });

  it('cancels a queued task once; a second cancel is a 409', async () => {
    const c = await call(cancelTask, 'POST', '/x', { key: b.key, params: { task_id: bTask } });
    expect(c.status).toBe(200);
    expect(c.json).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    const again = await call(cancelTask, 'POST', '/x', { key: b.key, params: { task_id: bTask } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('conflict');
  });
});
