// EXECUTOR=inngest, concurrency: runTaskFunction is limited per organization and to one executing
// step per run. Inngest's server enforces these limits, not the SDK, so this tests what the app
// controls: the configuration it registers, that the event it sends carries the values the keys
// read, and (with @inngest/test) what two tasks of one run store when run one after the other.
import { createHash } from 'node:crypto';
import { InngestTestEngine } from '@inngest/test';
import { functionConfigSchema } from 'inngest/types';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { env, resetEnvForTests } from '../env';
import { getBlobStore } from '../storage/get-blob-store';
import { orgWithKey, queueExcelTask } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { enqueueTask } from './executor';
import { inngest, TASK_QUEUED_EVENT, type TaskQueuedData } from '../inngest/inngest-client';
import { claimTaskForInngest, runTaskFunction } from './inngest-functions';

// Before any import reads the environment: enqueueTask sends the event only under EXECUTOR=inngest.
const savedExecutor = vi.hoisted(() => {
  const saved = process.env.EXECUTOR;
  process.env.EXECUTOR = 'inngest';
  return saved;
});
afterAll(() => {
  if (savedExecutor === undefined) delete process.env.EXECUTOR;
  else process.env.EXECUTOR = savedExecutor;
  resetEnvForTests();
});

const t = setupTestDb();

async function queuedTask(orgId: string, prompt: string, runId?: string) {
  return (await queueExcelTask(t.db, orgId, prompt, runId)).task;
}

/** The function configuration the serve endpoint registers with Inngest. */
function registeredConfig() {
  const [config] = runTaskFunction['getConfig']({
    baseUrl: new URL('http://localhost/api/inngest'),
    appPrefix: inngest.id,
  });
  return functionConfigSchema.parse(config);
}

/** A concurrency key's value for an event; the keys here are plain `event.data.<field>` paths. */
function keyValue(key: string, event: { data: Record<string, unknown> }): unknown {
  const path = /^event\.data\.([A-Za-z_]\w*)$/.exec(key);
  if (!path) throw new Error(`not a plain event.data path: ${key}`);
  return event.data[path[1]!];
}

describe('runTaskFunction concurrency', () => {
  it('registers two concurrency limits with Inngest: per organization, and one per run', () => {
    const config = registeredConfig();
    expect(config.id).toBe(`${inngest.id}-run-task`);
    expect(config.triggers).toEqual([{ event: TASK_QUEUED_EVENT }]);
    expect(config.concurrency).toEqual([
      { key: 'event.data.orgId', limit: env().INNGEST_ORG_CONCURRENCY },
      { key: 'event.data.runId', limit: 1 },
    ]);
  });

  it('the queued event carries the run: two tasks of one run share both keys, a task of another run only the org key', async () => {
    const send = vi.spyOn(inngest, 'send').mockResolvedValue({ ids: [] });
    try {
      const { orgId } = await orgWithKey(t.db, { credits: 10_000, name: 'Concurrency Keys' });
      const first = await queuedTask(orgId, 'A workbook with a sheet named Plan');
      const second = await queuedTask(orgId, 'Add a sheet named Actuals', first.runId);
      const other = await queuedTask(orgId, 'A workbook with a sheet named Other');
      for (const task of [first, second, other]) await enqueueTask(task);

      const sent = send.mock.calls.map(([payload]) => payload as { name: string; data: TaskQueuedData });
      expect(sent.map((e) => [e.name, e.data])).toEqual(
        [first, second, other].map((task) => [TASK_QUEUED_EVENT, { taskId: task.id, orgId, runId: task.runId }]),
      );
      const keys = registeredConfig().concurrency as Array<{ key: string }>;
      const [firstKeys, secondKeys, otherKeys] = sent.map((e) => keys.map((c) => keyValue(c.key, e)));
      expect(firstKeys).toEqual([orgId, first.runId]);
      expect(secondKeys).toEqual(firstKeys);
      expect(otherKeys).toEqual([orgId, other.runId]);
      expect(other.runId).not.toBe(first.runId);
    } finally {
      send.mockRestore();
    }
  });

  it('@inngest/test: two tasks of one run, one after the other, store versions 1 and 2, each its own model and file', async () => {
    const { orgId } = await orgWithKey(t.db, { credits: 10_000, name: 'Concurrency Run' });
    const first = await queuedTask(orgId, 'A workbook with a sheet named Revenue with columns Month, Amount');
    const second = await queuedTask(orgId, 'Add a sheet named Costs with columns Month, Amount', first.runId);
    for (const task of [first, second]) {
      const data: TaskQueuedData = { taskId: task.id, orgId, runId: task.runId };
      const { result, error } = await new InngestTestEngine({ function: runTaskFunction }).execute({
        events: [{ name: TASK_QUEUED_EVENT, data }] as never,
      });
      expect(error).toBeUndefined();
      expect(result).toEqual({ taskId: task.id, status: 'completed' });
    }

    const versions = await t.db.artifactVersion.findMany({
      where: { runId: first.runId },
      orderBy: { version: 'asc' },
    });
    expect(versions.map((v) => [v.version, v.taskId])).toEqual([
      [1, first.id],
      [2, second.id],
    ]);
    expect(new Set(versions.map((v) => v.blobKey)).size).toBe(2);
    // each version's model is stored once, as its task's blob
    expect(versions.map((v) => [v.model, v.modelKey])).toEqual(versions.map((v) => [null, `runs/${first.runId}/models/${v.taskId}.json`]));
    const models = await Promise.all(versions.map(async (v) => (await getBlobStore().getBytes(v.modelKey!))!.toString('utf8')));
    expect(models[1]).not.toBe(models[0]);
    for (const v of versions) {
      if (!v.blobKey) throw new Error(`version ${v.version} has no file`);
      const file = await getBlobStore().getBytes(v.blobKey);
      if (!file) throw new Error(`the file of version ${v.version} is missing`);
      expect(createHash('sha256').update(file).digest('hex')).toBe(v.sha256);
    }
    expect(await t.db.run.findUniqueOrThrow({ where: { id: first.runId } })).toMatchObject({
      status: 'completed',
      currentVersion: 2,
    });
  });

  it('a task whose run has another task running waits (claim busy, then a sleep) and is claimed once that task ended; cancelled tasks are skipped', async () => {
    const { orgId } = await orgWithKey(t.db, { credits: 10_000, name: 'Concurrency Wait' });
    const first = await queuedTask(orgId, 'A workbook with a sheet named Plan');
    const second = await queuedTask(orgId, 'Add a sheet named Actuals', first.runId);
    expect(await claimTaskForInngest(t.db, first.id)).toBe('claimed');
    expect(await claimTaskForInngest(t.db, second.id)).toBe('busy');
    expect((await t.db.task.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('queued');

    // the function: its first claim is busy, so it sleeps instead of running the pipeline
    const data: TaskQueuedData = { taskId: second.id, orgId, runId: second.runId };
    const engine = new InngestTestEngine({ function: runTaskFunction, events: [{ name: TASK_QUEUED_EVENT, data }] as never });
    const claimStep = await engine.executeStep('claim');
    expect(claimStep.result).toBe('busy');
    const sleepStep = await engine.executeStep('wait-for-run-0');
    expect(sleepStep.step).toMatchObject({ displayName: 'wait-for-run-0', op: 'Sleep' });
    expect((await t.db.task.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('queued');

    await t.db.task.update({ where: { id: first.id }, data: { status: 'completed', leaseOwner: null } });
    expect(await claimTaskForInngest(t.db, second.id)).toBe('claimed');
    await t.db.task.update({ where: { id: second.id }, data: { status: 'cancelled' } });
    expect(await claimTaskForInngest(t.db, second.id)).toBe('gone');
  });

  it('after the last wait a task is claimed even if another task of its run still looks running (a lost run must not block forever)', async () => {
    const { orgId } = await orgWithKey(t.db, { credits: 10_000, name: 'Concurrency Lost' });
    const first = await queuedTask(orgId, 'A workbook with a sheet named Plan');
    const second = await queuedTask(orgId, 'Add a sheet named Actuals', first.runId);
    await claimTaskForInngest(t.db, first.id);
    expect(await claimTaskForInngest(t.db, second.id, { waitForRun: false })).toBe('claimed');
  });
});
