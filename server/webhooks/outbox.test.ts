// The webhook outbox: deliveries are written in the transaction that ends the task (so a crash
// neither loses nor duplicates them), once per task and target, only for subscribed, active
// endpoints, and for every way a task fails (pipeline failure, workers lost).
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../db/ids';
import { failExhaustedTasks } from '../jobs/claim-task';
import { failTask } from '../jobs/task-pipeline';
import { createTask } from '../runs/create-task';
import { orgWithKey } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { enqueueTaskEvents } from './enqueue-task-events';

const t = setupTestDb();
let orgId = '';
let completedOnly = '';
let failedOnly = '';
let disabled = '';

beforeAll(async () => {
  ({ orgId } = await orgWithKey(t.db, { name: 'Outbox Org' }));
  const ep = (events: string[], disabledAt: Date | null = null) =>
    t.db.webhookEndpoint.create({ data: { id: newId('wh'), orgId, url: 'https://93.184.216.34/h', events, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', disabledAt } });
  completedOnly = (await ep(['run.completed'])).id;
  failedOnly = (await ep(['run.failed'])).id;
  disabled = (await ep(['run.completed', 'run.failed'], new Date())).id;
});

async function task(webhookUrl?: string) {
  const { task } = await createTask(t.db, { orgId, apiKeyId: null, format: 'text', kind: 'text', prompt: 'Say hi', request: { prompt: 'Say hi' }, webhookUrl });
  return t.db.task.update({ where: { id: task.id }, data: { status: 'running', startedAt: new Date() } });
}

const targets = async (taskId: string) =>
  (await t.db.webhookDelivery.findMany({ where: { taskId }, orderBy: { id: 'asc' } })).map((d) => [d.event, d.target, d.endpointId]);

describe('outbox', () => {
  it('a completed task: one run.completed per subscribed active endpoint and one for webhook_url; enqueueing again adds nothing', async () => {
    const tk = await task('https://93.184.216.34/per-request');
    const complete = () =>
      t.db.$transaction(async (tx) => {
        await tx.task.update({ where: { id: tk.id }, data: { status: 'completed', finishedAt: new Date(), result: { summary: 'hi' } } });
        return enqueueTaskEvents(tx, tk.id);
      });
    expect(await complete()).toHaveLength(2);
    expect(await complete()).toEqual([]); // e.g. the finalize step re-run after a crash
    expect(await targets(tk.id)).toEqual([
      ['run.completed', 'endpoint', completedOnly],
      ['run.completed', 'webhook_url', null],
    ]);
    const d = await t.db.webhookDelivery.findFirstOrThrow({ where: { taskId: tk.id, target: 'webhook_url' } });
    expect(d.payload).toMatchObject({ type: 'run.completed', data: { task_id: tk.id, run_id: tk.runId, status: 'completed', result: { summary: 'hi' }, error: null } });
    expect(d.url).toBe('https://93.184.216.34/per-request');
    expect(d.status).toBe('pending');
    expect(await t.db.webhookDelivery.count({ where: { endpointId: disabled } })).toBe(0);
  });

  it('the deliveries commit with the status change or not at all', async () => {
    const tk = await task('https://93.184.216.34/per-request');
    await expect(
      t.db.$transaction(async (tx) => {
        await tx.task.update({ where: { id: tk.id }, data: { status: 'completed', finishedAt: new Date() } });
        expect(await enqueueTaskEvents(tx, tk.id)).toHaveLength(2);
        throw new Error('process died before commit');
      }),
    ).rejects.toThrow('process died');
    expect(await t.db.webhookDelivery.count({ where: { taskId: tk.id } })).toBe(0);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: tk.id } })).status).toBe('running');
  });

  it('failTask writes run.failed with the error; a cancelled task emits nothing', async () => {
    const tk = await task('https://93.184.216.34/per-request');
    await failTask(t.db, tk.id, 'model_error', 'the model refused');
    expect(await targets(tk.id)).toEqual([
      ['run.failed', 'endpoint', failedOnly],
      ['run.failed', 'webhook_url', null],
    ]);
    const d = await t.db.webhookDelivery.findFirstOrThrow({ where: { taskId: tk.id, target: 'endpoint' } });
    expect(d.payload).toMatchObject({ type: 'run.failed', data: { status: 'failed', result: null, error: { code: 'model_error', message: 'the model refused' } } });
    // failing it again (already failed) adds nothing
    await failTask(t.db, tk.id, 'model_error', 'again');
    expect(await t.db.webhookDelivery.count({ where: { taskId: tk.id } })).toBe(2);

    const cancelled = await task('https://93.184.216.34/per-request');
    await t.db.task.update({ where: { id: cancelled.id }, data: { status: 'cancelled' } });
    expect(await t.db.$transaction((tx) => enqueueTaskEvents(tx, cancelled.id))).toEqual([]);
  });

  it('a task given up after its workers kept dying emits run.failed (worker_lost)', async () => {
    const tk = await task();
    await t.db.task.update({ where: { id: tk.id }, data: { attempts: 3, leaseOwner: 'w_dead', leaseExpiresAt: new Date(Date.now() - 1000) } });
    expect(await failExhaustedTasks(t.db, 3)).toBe(1);
    const d = await t.db.webhookDelivery.findFirstOrThrow({ where: { taskId: tk.id } });
    expect(d).toMatchObject({ event: 'run.failed', endpointId: failedOnly });
    expect(d.payload).toMatchObject({ data: { error: { code: 'worker_lost' } } });
    expect(await failExhaustedTasks(t.db, 3)).toBe(0);
  });
});
