// The dashboard's run procedures over the real tRPC handler, with the local worker and the offline
// model: history with tasks and search, follow-ups as new versions, restore, org scoping and
// bad input that writes nothing.
import { describe, expect, it } from 'vitest';
import { runLocalWorker } from '@/server/test/generation-harness';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';
import { dashboardUser } from '@/server/test/trpc-client';

const t = setupTestDb();
runLocalWorker();

type User = Awaited<ReturnType<typeof dashboardUser>>;

async function waitForTask(u: User, orgId: string, taskId: string) {
  for (let i = 0; i < 300; i++) {
    const r = await u.query('runs.task', { orgId, taskId });
    expect(r.status).toBe(200);
    if (!['queued', 'running'].includes(r.data.status)) return r.data;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`task ${taskId} did not finish`);
}

/** Row counts once the worker has finished its trailing steps (two equal snapshots in a row). */
async function settledCounts() {
  let prev = JSON.stringify(await rowCounts(t.db));
  for (let i = 0; i < 50; i++) {
    await new Promise((res) => setTimeout(res, 100));
    const next = JSON.stringify(await rowCounts(t.db));
    if (next === prev) return JSON.parse(next) as Record<string, number>;
    prev = next;
  }
  throw new Error('the database did not settle');
}

describe('runs router', () => {
  it('starts a run, lists it with its tasks, resumes it, restores a version', async () => {
    const a = await dashboardUser(t.db, 'runs-a@example.test');
    const orgId = a.personalOrg.id;
    const empty = await a.query('runs.list', { orgId });
    expect(empty.data).toEqual({ items: [], next_cursor: null });

    const started = await a.mutate('runs.start', { orgId, format: 'excel', prompt: 'A workbook with sheets "Revenue" and "Costs", columns Month, Amount' });
    expect(started.status).toBe(200);
    expect(started.data).toMatchObject({ status: 'queued', run_id: expect.stringMatching(/^run_/), task_id: expect.stringMatching(/^task_/) });
    const runId = started.data.run_id as string;
    const done = await waitForTask(a, orgId, started.data.task_id);
    expect(done.status).toBe('completed');
    expect(done.progress).toBe(100);
    expect(done.credits_used).toBeGreaterThan(0);

    const list = await a.query('runs.list', { orgId });
    expect(list.data.items).toHaveLength(1);
    expect(list.data.items[0]).toMatchObject({ run_id: runId, format: 'excel', status: 'completed', current_version: 1 });
    expect(list.data.items[0].download_url).toMatch(/^http/);
    expect(list.data.items[0].tasks.map((x: { task_id: string }) => x.task_id)).toEqual([started.data.task_id]);

    // Search in the prompt, and the filters.
    expect((await a.query('runs.list', { orgId, q: 'revenue' })).data.items).toHaveLength(1);
    expect((await a.query('runs.list', { orgId, q: 'no such words' })).data.items).toHaveLength(0);
    expect((await a.query('runs.list', { orgId, format: 'word' })).data.items).toHaveLength(0);
    expect((await a.query('runs.list', { orgId, status: 'completed', format: 'excel' })).data.items).toHaveLength(1);

    // A follow-up on the same run makes version 2.
    const follow = await a.mutate('runs.start', { orgId, format: 'excel', prompt: 'Add a sheet named "Forecast"', run_id: runId });
    expect(follow.data.run_id).toBe(runId);
    expect((await waitForTask(a, orgId, follow.data.task_id)).status).toBe('completed');
    const detail = await a.query('runs.get', { orgId, runId });
    expect(detail.data.current_version).toBe(2);
    expect(detail.data.tasks).toHaveLength(2);
    expect(detail.data.versions.map((v: { version: number; source: string; current: boolean }) => [v.version, v.source, v.current])).toEqual([
      [2, 'agent', true],
      [1, 'agent', false],
    ]);
    expect(detail.data.versions[0].prompt).toContain('Forecast');

    // Restore v1: a new version 3 with v1's model and file (pointed at, not copied).
    const restored = await a.mutate('runs.restoreVersion', { orgId, runId, version: 1 });
    expect(restored.data).toEqual({ version: 3, restored_from: 1 });
    const v1 = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 1 } } });
    const v3 = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 3 } } });
    expect(v3).toMatchObject({ source: 'restore', restoredFrom: 1, blobKey: v1.blobKey, sha256: v1.sha256 });
    expect(v1.modelKey).toBeTruthy();
    expect(v3).toMatchObject({ model: null, modelKey: v1.modelKey });
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.currentVersion).toBe(3);
    const memory = run.memory as { index: unknown; history: { prompt: string }[] };
    expect(JSON.stringify(memory.index)).not.toContain('Forecast');
    expect(memory.history.at(-1)?.prompt).toBe('restore version 1');

    // Restoring the current version is a conflict and writes nothing.
    const before = await settledCounts();
    const again = await a.mutate('runs.restoreVersion', { orgId, runId, version: 3 });
    expect(again.status).toBe(409);
    expect(await rowCounts(t.db)).toEqual(before);

    // The editor URL is minted for this run.
    const edit = await a.query('runs.editUrl', { orgId, runId });
    expect(edit.data.edit_url).toContain(`/api/v1/edit/${runId}?token=`);
  });

  it("another org's run is NOT_FOUND, exactly like a random id", async () => {
    const a = await dashboardUser(t.db, 'runs-b@example.test');
    const b = await dashboardUser(t.db, 'runs-c@example.test');
    const started = await a.mutate('runs.start', { orgId: a.personalOrg.id, format: 'word', prompt: 'A memo with sections Goals and Risks' });
    const runId = started.data.run_id as string;
    await waitForTask(a, a.personalOrg.id, started.data.task_id);
    const bOrg = b.personalOrg.id;
    const random = 'run_01J9Z3V8K6Q2T4X7B1N5M0C8D3';
    const before = await settledCounts();
    for (const id of [runId, random]) {
      const get = await b.query('runs.get', { orgId: bOrg, runId: id });
      expect(get.status).toBe(404);
      expect(get.error?.message).toBe('run not found');
      expect((await b.mutate('runs.restoreVersion', { orgId: bOrg, runId: id, version: 1 })).status).toBe(404);
      expect((await b.query('runs.editUrl', { orgId: bOrg, runId: id })).status).toBe(404);
      expect((await b.mutate('runs.export', { orgId: bOrg, runId: id, format: 'pdf' })).status).toBe(404);
      const resume = await b.mutate('runs.start', { orgId: bOrg, format: 'word', prompt: 'more', run_id: id });
      expect(resume.status).toBe(404);
    }
    // Their task, and their org itself.
    expect((await b.query('runs.task', { orgId: bOrg, taskId: started.data.task_id })).status).toBe(404);
    expect((await b.query('runs.get', { orgId: a.personalOrg.id, runId })).error?.message).toBe('organization not found');
    expect((await b.query('runs.list', { orgId: a.personalOrg.id })).status).toBe(404);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('bad input is BAD_REQUEST and writes nothing', async () => {
    const a = await dashboardUser(t.db, 'runs-d@example.test');
    const orgId = a.personalOrg.id;
    const before = await rowCounts(t.db);
    const cases = [
      ['runs.start', { orgId, format: 'excel', prompt: '   ' }],
      ['runs.start', { orgId, format: 'pdf', prompt: 'x' }],
      ['runs.start', { orgId, format: 'excel', prompt: 'x', surprise: true }],
      ['runs.start', { orgId, format: 'excel', prompt: 'x'.repeat(20_001) }],
      ['runs.outline', { orgId, prompt: 'deck', slide_count: 31 }],
      ['runs.restoreVersion', { orgId, runId: 'run_01J9Z3V8K6Q2T4X7B1N5M0C8D3', version: 0 }],
      ['runs.export', { orgId, runId: 'run_01J9Z3V8K6Q2T4X7B1N5M0C8D3', format: 'exe' }],
    ] as const;
    for (const [path, input] of cases) {
      const r = await a.mutate(path, input);
      expect(r.status, `${path} ${JSON.stringify(input).slice(0, 80)}`).toBe(400);
      expect(r.error?.data.code).toBe('BAD_REQUEST');
    }
    const list = await a.query('runs.list', { orgId, status: 'done' });
    expect(list.status).toBe(400);
    expect(await rowCounts(t.db)).toEqual(before);
  });
});
