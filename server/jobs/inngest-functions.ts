// The task pipeline as an Inngest function: the same runTaskPipeline, with Inngest's durable
// `step` in place of the local step memo. Concurrency is limited per organization, and a
// docsmith/task.cancelled event cancels the run.
import { getDb, type Db } from '../db/client';
import { env } from '../env';
import { inngest, TASK_CANCELLED_EVENT, TASK_QUEUED_EVENT } from './inngest-client';
import type { StepRunner } from './step-runner';
import { runTaskPipeline } from './task-pipeline';
import { webhookFunctions } from '../webhooks/inngest-delivery-functions';
import { retentionFunction } from '../retention/retention-function';
import { settleEditedRunFunction } from '../editor/settle-function';

/** Marks a queued task running for Inngest (Inngest, not a lease, guards its execution). */
export async function claimTaskForInngest(db: Db, taskId: string): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Task" SET "status" = 'running', "leaseOwner" = 'inngest', "leaseExpiresAt" = NULL,
      "startedAt" = COALESCE("startedAt", now()), "attempts" = "attempts" + 1, "updatedAt" = now()
    WHERE "id" = ${taskId} AND "status" IN ('queued', 'running')`;
  return n > 0;
}

interface InngestStepLike {
  run: (id: string, fn: () => Promise<unknown>) => Promise<unknown>;
}

export function inngestStepRunner(step: InngestStepLike): StepRunner {
  return {
    run: <T>(name: string, fn: () => Promise<T>) => step.run(name, fn) as Promise<T>,
  };
}

export const runTaskFunction = inngest.createFunction(
  {
    id: 'run-task',
    name: 'Run a generation task',
    triggers: [{ event: TASK_QUEUED_EVENT }],
    concurrency: [{ key: 'event.data.orgId', limit: env().INNGEST_ORG_CONCURRENCY }],
    cancelOn: [{ event: TASK_CANCELLED_EVENT, match: 'data.taskId' }],
    retries: 3,
  },
  async ({ event, step }) => {
    const taskId = (event.data as { taskId: string }).taskId;
    const db = await getDb();
    const claimed = await step.run('claim', () => claimTaskForInngest(db, taskId));
    if (!claimed) return { taskId, skipped: true };
    await runTaskPipeline({ db, taskId, step: inngestStepRunner(step) });
    const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
    return { taskId, status: task.status };
  },
);

export const inngestFunctions = [runTaskFunction, retentionFunction, settleEditedRunFunction, ...webhookFunctions];
