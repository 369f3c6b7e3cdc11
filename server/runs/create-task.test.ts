// Accepting a task writes the run (new, or reopened on resume) and its queued task in one statement.
import { describe, expect, it } from 'vitest';
import { orgWithKey } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { createTask } from './create-task';

const t = setupTestDb();

describe('createTask', () => {
  it('writes a queued run and task with the request, the estimate and UTC timestamps', async () => {
    const { orgId } = await orgWithKey(t.db);
    const before = Date.now();
    const request = { prompt: 'A workbook with a sheet named Plan', nested: { a: [1, 'x'] } };
    const { run, task } = await createTask(t.db, { orgId, apiKeyId: null, format: 'excel', kind: 'generate', prompt: request.prompt, request, webhookUrl: 'https://example.com/hook', title: 'Plan' });
    const storedRun = await t.db.run.findUniqueOrThrow({ where: { id: run.id } });
    const storedTask = await t.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(storedRun).toMatchObject({ orgId, format: 'excel', status: 'queued', prompt: request.prompt, title: 'Plan', currentVersion: 0, creditsUsed: 0, durationMs: null });
    expect(storedTask).toMatchObject({ runId: run.id, orgId, kind: 'generate', status: 'queued', phase: 'queued', request, webhookUrl: 'https://example.com/hook', creditsEstimated: task.creditsEstimated, attempts: 0 });
    expect(task.creditsEstimated).toBeGreaterThan(0);
    for (const d of [storedRun.createdAt, storedRun.updatedAt, storedRun.lastTaskAt, storedTask.createdAt, storedTask.updatedAt]) {
      expect(Math.abs(d.getTime() - before)).toBeLessThan(10_000);
    }
  });

  it('reopens the run on resume, and writes nothing for another organization’s run', async () => {
    const a = await orgWithKey(t.db);
    const b = await orgWithKey(t.db);
    const first = await createTask(t.db, { orgId: a.orgId, apiKeyId: null, format: 'excel', kind: 'generate', prompt: 'A workbook', request: { prompt: 'A workbook' } });
    await t.db.run.update({ where: { id: first.run.id }, data: { status: 'completed' } });
    const second = await createTask(t.db, { orgId: a.orgId, apiKeyId: null, format: 'excel', kind: 'generate', prompt: 'Add a sheet', runId: first.run.id, request: { prompt: 'Add a sheet' } });
    expect(second.run.id).toBe(first.run.id);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: first.run.id } })).status).toBe('queued');
    const tasksBefore = await t.db.task.count();
    await expect(
      createTask(t.db, { orgId: b.orgId, apiKeyId: null, format: 'excel', kind: 'generate', prompt: 'Add a sheet', runId: first.run.id, request: { prompt: 'Add a sheet' } }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await t.db.task.count()).toBe(tasksBefore);
  });
});
