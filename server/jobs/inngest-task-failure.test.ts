// EXECUTOR=inngest, failures: a task failure with a code (here insufficient_credits) fails the task
// at once with that code; Inngest does not retry it. Two harnesses, both on the test database:
//  - @inngest/test runs runTaskFunction up to the failed step and shows the op the SDK reports for
//    it (StepFailed = final, StepError = Inngest retries). It stops at a failed step and cannot
//    replay one: with inngest v4 its mocked step state always has a `data` promise, so a mocked
//    step that throws comes back to the function as a success returning undefined.
//  - the app's own serve endpoint (app/api/inngest, dev mode: no request signing) is called the
//    way the Inngest server calls it, one request per step, with the step state the server keeps:
//    this is the whole run, through the failed step to the function's end.
import { InngestTestEngine } from '@inngest/test';
import { InngestExecutionEngine } from 'inngest/internals';
import { StepOpCode } from 'inngest/types';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { POST as inngestEndpoint } from '@/app/api/inngest/route';
import { appendLedgerEntry, balanceOf } from '../credits/ledger';
import { resetEnvForTests } from '../env';
import { orgWithKey, queueExcelTask } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { inngest, TASK_QUEUED_EVENT, type TaskQueuedData } from '../inngest/inngest-client';
import { runTaskFunction } from './inngest-functions';

// Before any import reads the environment: the endpoint answers only under EXECUTOR=inngest, and
// dev mode skips request signatures.
const savedEnv = vi.hoisted(() => {
  const saved = { EXECUTOR: process.env.EXECUTOR, INNGEST_DEV: process.env.INNGEST_DEV };
  Object.assign(process.env, { EXECUTOR: 'inngest', INNGEST_DEV: 'true' });
  return saved;
});
afterAll(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
});

const t = setupTestDb();

type QueuedTask = { id: string; orgId: string; runId: string; creditsEstimated: number };

/** A queued task of a new org (accepted: the org had the credits then). */
async function queuedTask(prompt: string): Promise<QueuedTask> {
  const { orgId } = await orgWithKey(t.db, { credits: 1000, name: 'Inngest Failures' });
  return (await queueExcelTask(t.db, orgId, prompt)).task;
}

/** Spends the org's whole balance (as other tasks may have done since this one was accepted). */
async function spendAllCredits(orgId: string) {
  const balance = await balanceOf(t.db, orgId);
  await t.db.$transaction((tx) => appendLedgerEntry(tx, { orgId, delta: -balance, reason: 'adjustment' }));
  expect(await balanceOf(t.db, orgId)).toBe(0);
}

const queuedEvent = (task: Omit<QueuedTask, 'creditsEstimated'>) => {
  const data: TaskQueuedData = { taskId: task.id, orgId: task.orgId, runId: task.runId };
  return { name: TASK_QUEUED_EVENT, data };
};

// What Inngest's state store keeps of a step's error and sends back on its next call: name,
// message, stack and cause (the Go struct state.UserError in inngest/inngest); other fields, such
// as an error's `code`, are dropped.
interface StoredError {
  name: string;
  message: string;
  stack?: string;
  cause?: StoredError;
}
function asInngestStoresIt(err: unknown): StoredError {
  const e = err as { name?: unknown; message?: unknown; stack?: unknown; cause?: unknown };
  return {
    name: String(e.name),
    message: String(e.message),
    ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
    ...(e.cause ? { cause: asInngestStoresIt(e.cause) } : {}),
  };
}

type StepState = { data: unknown } | { error: StoredError };
interface OutgoingStep {
  op: string;
  id: string;
  data?: unknown;
  error?: unknown;
}

/** One call of the serve endpoint as Inngest makes it: the event and the steps completed so far. */
async function callEndpoint(task: QueuedTask, done: Array<[string, StepState]>) {
  const hash = (id: string) => InngestExecutionEngine._internals.hashId(id);
  const steps = Object.fromEntries(done.map(([id, state]) => [hash(id), state]));
  const event = queuedEvent(task);
  const body = {
    event,
    events: [event],
    steps,
    ctx: { run_id: `inngest-run-${task.id}`, attempt: 0, disable_immediate_execution: false, use_api: false },
  };
  const url = new URL('http://localhost/api/inngest');
  url.searchParams.set('fnId', runTaskFunction.id(inngest.id));
  url.searchParams.set('stepId', 'step');
  const res = await inngestEndpoint(
    new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    {},
  );
  return { status: res.status, noRetry: res.headers.get('x-inngest-no-retry'), body: (await res.json()) as unknown };
}

/** The single step a 206 answer reports (Inngest runs one step per call here). */
function ranStep(answer: { status: number; body: unknown }, id: string): OutgoingStep {
  expect(answer.status).toBe(206);
  const [step, ...more] = answer.body as OutgoingStep[];
  expect(more).toHaveLength(0);
  expect(step?.id).toBe(InngestExecutionEngine._internals.hashId(id));
  return step!;
}

const engine = () => new InngestTestEngine({ function: runTaskFunction });

describe('runTaskFunction: a task failure with a code is not retried', () => {
  it('@inngest/test: the failing preflight step is a final failure (StepFailed: Inngest does not retry it)', async () => {
    const task = await queuedTask('A workbook with a sheet named Budget');
    await spendAllCredits(task.orgId);
    const { step, error } = await engine().executeStep('start', { events: [queuedEvent(task)] as never });
    expect(step.op).toBe(StepOpCode.StepFailed);
    expect(error).toMatchObject({
      name: 'NonRetriableError',
      message: `this task needs ${task.creditsEstimated} credits; the balance is 0`,
    });
  });

  it('@inngest/test: an unexpected error in a step stays retriable (StepError): Inngest retries it', async () => {
    // A task that does not exist, its claim memoized as done: the start step's lookup throws.
    const ghost = { id: 'task_missing', orgId: 'org_missing', runId: 'run_missing' };
    const { step, error } = await engine().executeStep('start', {
      events: [queuedEvent(ghost)] as never,
      steps: [{ id: 'claim', handler: () => true }],
    });
    expect(step.op).toBe(StepOpCode.StepError);
    expect(error).toMatchObject({ name: 'PrismaClientKnownRequestError' });
  });

  it('a task whose org has no credits ends failed with insufficient_credits after a single attempt, no retry, no charge', async () => {
    const task = await queuedTask('A workbook with a sheet named Forecast');
    await spendAllCredits(task.orgId);

    // Call 1: the task is claimed (one attempt).
    const claim = ranStep(await callEndpoint(task, []), 'claim');
    expect(claim).toMatchObject({ op: StepOpCode.StepRun, data: 'claimed' });

    // Call 2: the preflight step fails for good; the SDK tells Inngest not to retry it.
    const answer = await callEndpoint(task, [['claim', { data: claim.data }]]);
    expect(answer.noRetry).toBe('true');
    const start = ranStep(answer, 'start');
    expect(start.op).toBe(StepOpCode.StepFailed);

    // Call 3: Inngest calls again with the step's error as it stored it; the function ends.
    const end = await callEndpoint(task, [
      ['claim', { data: claim.data }],
      ['start', { error: asInngestStoresIt(start.error) }],
    ]);
    expect(end).toMatchObject({ status: 200, body: { taskId: task.id, status: 'failed' } });

    const failed = await t.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(failed).toMatchObject({ status: 'failed', phase: 'failed', attempts: 1, leaseOwner: null, creditsUsed: 0 });
    expect(failed.error).toEqual({
      code: 'insufficient_credits',
      message: `this task needs ${task.creditsEstimated} credits; the balance is 0`,
    });
    expect(failed.finishedAt).toBeInstanceOf(Date);
    expect(await t.db.run.findUniqueOrThrow({ where: { id: task.runId } })).toMatchObject({
      status: 'failed',
      currentVersion: 0,
    });
    expect(await t.db.artifactVersion.count({ where: { runId: task.runId } })).toBe(0);
    expect(await t.db.creditLedgerEntry.count({ where: { taskId: task.id } })).toBe(0);
    expect(await balanceOf(t.db, task.orgId)).toBe(0);
  });

  it('a step that failed without a code (its retries used up) fails the task as internal_error', async () => {
    const task = await queuedTask('A workbook with a sheet named Notes');
    const claim = ranStep(await callEndpoint(task, []), 'claim');
    const end = await callEndpoint(task, [
      ['claim', { data: claim.data }],
      ['start', { data: null }],
      ['agent', { error: { name: 'Error', message: 'connection reset' } }],
    ]);
    expect(end).toMatchObject({ status: 200, body: { taskId: task.id, status: 'failed' } });
    expect((await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).error).toEqual({
      code: 'internal_error',
      message: 'the task failed unexpectedly',
    });
  });
});
