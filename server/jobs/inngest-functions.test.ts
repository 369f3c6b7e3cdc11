// The Inngest executor (EXECUTOR=inngest): @inngest/test's engine runs runTaskFunction — the same
// pipeline as the local worker, with Inngest's step tooling — on the test database.
import { InngestTestEngine } from '@inngest/test';
import { beforeAll, describe, expect, it } from 'vitest';
import { balanceOf } from '../credits/ledger';
import { createTask } from '../runs/create-task';
import { orgWithKey } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { TASK_QUEUED_EVENT, type TaskQueuedData } from '../inngest/inngest-client';
import { runTaskFunction } from './inngest-functions';

const t = setupTestDb();
const GRANT = 1000;
let orgId = '';

beforeAll(async () => {
  ({ orgId } = await orgWithKey(t.db, { credits: GRANT, name: 'Inngest Org' }));
});

async function queuedTask(prompt: string) {
  const { task } = await createTask(t.db, { orgId, apiKeyId: null, format: 'excel', kind: 'generate', prompt, request: { prompt } });
  return task;
}

const engine = () => new InngestTestEngine({ function: runTaskFunction });
const eventFor = (task: { id: string; orgId: string; runId: string }) => {
  const data: TaskQueuedData = { taskId: task.id, orgId: task.orgId, runId: task.runId };
  return [{ name: TASK_QUEUED_EVENT, data }];
};

describe('runTaskFunction under @inngest/test', () => {
  it('runs a queued task to completion: a stored version, one debit; a redelivered event changes nothing', async () => {
    const task = await queuedTask('A workbook with sheets "Revenue" and "Costs", each with columns Month, Amount');
    const before = await balanceOf(t.db, orgId);

    const { result, ctx, error } = await engine().execute({ events: eventFor(task) as never });
    expect(error).toBeUndefined();
    expect(result).toEqual({ taskId: task.id, status: 'completed' });
    const stepIds = (ctx.step.run as unknown as { mock: { calls: unknown[][] } }).mock.calls.map((c) => c[0]);
    expect(stepIds).toEqual(expect.arrayContaining(['claim', 'start', 'agent', 'render', 'finalize']));

    const done = await t.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(done).toMatchObject({ status: 'completed', phase: 'completed', progress: 100, leaseOwner: null, creditsUsed: task.creditsEstimated });
    expect((done.result as { summary: string }).summary).toMatch(/offline model/);
    const versions = await t.db.artifactVersion.findMany({ where: { runId: task.runId } });
    expect(versions.map((v) => [v.version, v.taskId])).toEqual([[1, task.id]]);
    expect(versions[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.db.run.findUniqueOrThrow({ where: { id: task.runId } })).toMatchObject({ status: 'completed', currentVersion: 1 });
    expect(await t.db.creditLedgerEntry.count({ where: { taskId: task.id, reason: 'task_debit' } })).toBe(1);
    expect(await balanceOf(t.db, orgId)).toBe(before - task.creditsEstimated);
    // Inngest drives the steps: the local step memo is not used.
    expect(await t.db.taskStep.count({ where: { taskId: task.id } })).toBe(0);

    // The same event delivered again (at-least-once delivery): the task is not claimed again.
    const again = await engine().execute({ events: eventFor(task) as never });
    expect(again.result).toEqual({ taskId: task.id, skipped: true });
    expect(await t.db.artifactVersion.count({ where: { runId: task.runId } })).toBe(1);
    expect(await t.db.creditLedgerEntry.count({ where: { taskId: task.id, reason: 'task_debit' } })).toBe(1);
    expect(await balanceOf(t.db, orgId)).toBe(before - task.creditsEstimated);
  });

  it('a task cancelled before Inngest picks it up is skipped and not charged', async () => {
    const task = await queuedTask('A workbook with a sheet named Plan');
    await t.db.task.update({ where: { id: task.id }, data: { status: 'cancelled', finishedAt: new Date() } });
    const before = await balanceOf(t.db, orgId);
    const { result } = await engine().execute({ events: eventFor(task) as never });
    expect(result).toEqual({ taskId: task.id, skipped: true });
    expect(await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'cancelled' });
    expect(await t.db.artifactVersion.count({ where: { runId: task.runId } })).toBe(0);
    expect(await balanceOf(t.db, orgId)).toBe(before);
  });
});
