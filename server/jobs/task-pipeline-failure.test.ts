// The local executor's failure path (EXECUTOR=local): a task failure with a code fails the task with
// that code, an unexpected error as internal_error; both at once, uncharged.
import { describe, expect, it } from 'vitest';
import { appendLedgerEntry, balanceOf } from '../credits/ledger';
import { orgWithKey, queueExcelTask } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { localStepRunner, type StepRunner } from './step-runner';
import { runTaskPipeline } from './task-pipeline';

const t = setupTestDb();

/** A task of a new org, claimed as the local worker claims it. */
async function runningTask(prompt: string) {
  const { orgId } = await orgWithKey(t.db, { credits: 1000, name: 'Local Failures' });
  const { task } = await queueExcelTask(t.db, orgId, prompt);
  await t.db.task.update({
    where: { id: task.id },
    data: { status: 'running', startedAt: new Date(), attempts: 1, leaseOwner: 'w_test' },
  });
  return task;
}

describe('runTaskPipeline failures (local step runner)', () => {
  it('a task whose org has no credits fails with insufficient_credits, uncharged', async () => {
    const task = await runningTask('A workbook with a sheet named Budget');
    const balance = await balanceOf(t.db, task.orgId);
    await t.db.$transaction((tx) =>
      appendLedgerEntry(tx, { orgId: task.orgId, delta: -balance, reason: 'adjustment' }),
    );

    await runTaskPipeline({ db: t.db, taskId: task.id, step: localStepRunner(t.db, task.id) });

    const failed = await t.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(failed).toMatchObject({ status: 'failed', phase: 'failed', attempts: 1, leaseOwner: null, creditsUsed: 0 });
    expect(failed.error).toEqual({
      code: 'insufficient_credits',
      message: `this task needs ${task.creditsEstimated} credits; the balance is 0`,
    });
    expect(await t.db.creditLedgerEntry.count({ where: { taskId: task.id } })).toBe(0);
  });

  it('an unexpected error in a step fails the task as internal_error', async () => {
    const task = await runningTask('A workbook with a sheet named Notes');
    const local = localStepRunner(t.db, task.id);
    const failingAgent: StepRunner = {
      run: (name, fn) => (name === 'agent' ? Promise.reject(new Error('connection reset')) : local.run(name, fn)),
    };

    await runTaskPipeline({ db: t.db, taskId: task.id, step: failingAgent });

    const failed = await t.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(failed).toMatchObject({ status: 'failed', creditsUsed: 0 });
    expect(failed.error).toEqual({ code: 'internal_error', message: 'the task failed unexpectedly' });
  });
});
