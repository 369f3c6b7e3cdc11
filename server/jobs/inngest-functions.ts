// The task pipeline as an Inngest function: the same runTaskPipeline, with Inngest's durable
// `step` in place of the local step memo. Concurrency is limited per organization and to one
// executing step per run; a docsmith/task.cancelled event cancels the run. A task failure with a
// code (e.g. insufficient_credits) is not retried: it fails the task at once with that code.
import 'server-only';
import { NonRetriableError } from 'inngest';
import { getDb, type Db } from '../db/client';
import { env } from '../env';
import { inngest, TASK_CANCELLED_EVENT, taskQueued } from '../inngest/inngest-client';
import type { StepRunner } from './step-runner';
import { asTaskFailure, runTaskPipeline, TaskFailure } from './task-pipeline';
import { webhookFunctions } from '../webhooks/inngest-delivery-functions';
import { retentionFunction } from '../retention/retention-function';
import { settleEditedRunFunction } from '../editor/settle-function';

export type InngestClaim = 'claimed' | 'busy' | 'gone';

/**
 * Marks a queued task running for Inngest (Inngest, not a lease, guards its execution). `busy`
 * while another task of the same run is running: Inngest's per-run concurrency counts executing
 * steps, not whole functions, so without this a second task's steps could run between the first
 * one's render and finalize. `gone`: the task is no longer queued or running (done, cancelled).
 */
export async function claimTaskForInngest(db: Db, taskId: string, opts: { waitForRun?: boolean } = {}): Promise<InngestClaim> {
  const exclusive = opts.waitForRun !== false;
  const n = await db.$executeRaw`
    UPDATE "Task" t SET "status" = 'running', "leaseOwner" = 'inngest', "leaseExpiresAt" = NULL,
      "startedAt" = COALESCE(t."startedAt", now()), "attempts" = t."attempts" + 1, "updatedAt" = now()
    WHERE t."id" = ${taskId} AND t."status" IN ('queued', 'running')
      AND (${!exclusive} OR NOT EXISTS (
        SELECT 1 FROM "Task" o WHERE o."runId" = t."runId" AND o."id" <> t."id" AND o."status" = 'running'))`;
  if (n > 0) return 'claimed';
  const task = await db.task.findUnique({ where: { id: taskId }, select: { status: true } });
  return task && (task.status === 'queued' || task.status === 'running') ? 'busy' : 'gone';
}

/** Waits between claims while another task of the run is running: 1 s doubling to 30 s, about 18 minutes in all. */
const CLAIM_WAITS = Array.from({ length: 40 }, (_, i) => Math.min(30, 2 ** i));

interface InngestStepLike {
  run: (id: string, fn: () => Promise<unknown>) => Promise<unknown>;
}

// Inngest's state store keeps an error's name, message, stack and cause only (not fields such as
// `code`), so a failure's code crosses a step as the message of a cause with this name.
const FAILURE_CODE_CAUSE = 'TaskFailureCode';

/** A task failure thrown in a step, as the error that makes Inngest fail the step without retries. */
export function nonRetriableFailure(failure: TaskFailure): NonRetriableError {
  const cause = new Error(failure.code);
  cause.name = FAILURE_CODE_CAUSE;
  return new NonRetriableError(failure.message, { cause });
}

/** The task failure a failed step carries back (Inngest rethrows it as a StepError), or null. */
export function failureFromStep(err: unknown): TaskFailure | null {
  if (!(err instanceof Error) || !(err.cause instanceof Object)) return null;
  const cause = err.cause as { name?: unknown; message?: unknown };
  const code = cause.name === FAILURE_CODE_CAUSE ? cause.message : undefined;
  return typeof code === 'string' && code ? new TaskFailure(code, err.message) : null;
}

export function inngestStepRunner(step: InngestStepLike): StepRunner {
  return {
    async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const body = async () => {
        try {
          return await fn();
        } catch (err) {
          const failure = asTaskFailure(err);
          throw failure ? nonRetriableFailure(failure) : err;
        }
      };
      try {
        return (await step.run(name, body)) as T;
      } catch (err) {
        throw failureFromStep(err) ?? err;
      }
    },
  };
}

export const runTaskFunction = inngest.createFunction(
  {
    id: 'run-task',
    name: 'Run a generation task',
    triggers: [taskQueued],
    concurrency: [
      { key: 'event.data.orgId', limit: env().INNGEST_ORG_CONCURRENCY },
      // One step at a time per run: two tasks of a run must not write its next version together.
      { key: 'event.data.runId', limit: 1 },
    ],
    cancelOn: [{ event: TASK_CANCELLED_EVENT, match: 'data.taskId' }],
    retries: 3,
  },
  async ({ event, step }) => {
    const { taskId } = event.data;
    const db = await getDb();
    let claim: InngestClaim = 'busy';
    for (let i = 0; claim === 'busy'; i++) {
      // after the last wait the task runs anyway: a run whose other task was lost must not block forever
      const waitForRun = i < CLAIM_WAITS.length;
      claim = await step.run(i === 0 ? 'claim' : `claim-${i}`, () => claimTaskForInngest(db, taskId, { waitForRun }));
      if (claim === 'busy') await step.sleep(`wait-for-run-${i}`, `${CLAIM_WAITS[i]}s`);
    }
    if (claim === 'gone') return { taskId, skipped: true };
    await runTaskPipeline({ db, taskId, step: inngestStepRunner(step) });
    const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
    return { taskId, status: task.status };
  },
);

export const inngestFunctions = [runTaskFunction, retentionFunction, settleEditedRunFunction, ...webhookFunctions];
