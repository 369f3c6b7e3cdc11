// The shared body of every task endpoint (generate, outline, analyze, text): accept the task, hand
// it to the executor, then answer at once (async) or wait for it up to the sync ceiling. The answer
// is what happened to the task; server/api/started-task-response.ts turns it into the HTTP answer
// (202 queued, 202 + sync_timeout_upgrade_async past the ceiling, 200 with the result).
import type { Db } from '../db/client';
import { env } from '../env';
import { enqueueTask } from '../jobs/executor';
import { rememberTaskTrace } from '../tracing/task-trace';
import { createTask, type CreateTaskInput } from '../runs/create-task';
import { generationResponse } from '../runs/generation-response';
import { waitForTask } from '../runs/wait-for-task';

export type StartTaskInput = Omit<CreateTaskInput, 'orgId' | 'apiKeyId'> & { async?: boolean };

/** A started task: queued (async), still going when the sync ceiling passed, or finished (sync). */
export type StartedTask =
  | { outcome: 'queued'; runId: string; taskId: string }
  | { outcome: 'past_sync_ceiling'; runId: string; taskId: string; status: string; ceilingMs: number }
  | { outcome: 'finished'; runId: string; taskId: string; result: Awaited<ReturnType<typeof generationResponse>> };

export async function startTask(db: Db, auth: { orgId: string; keyId: string | null }, input: StartTaskInput): Promise<StartedTask> {
  const { async: isAsync, ...accepted } = input;
  const { run, task } = await createTask(db, { ...accepted, orgId: auth.orgId, apiKeyId: auth.keyId });
  rememberTaskTrace(task.id); // the task's spans continue this request's trace
  await enqueueTask(task);
  if (isAsync) return { outcome: 'queued', runId: run.id, taskId: task.id };

  const ceiling = env().SYNC_TIMEOUT_MS;
  const { task: done, timedOut } = await waitForTask(db, task.id, ceiling);
  if (timedOut) return { outcome: 'past_sync_ceiling', runId: run.id, taskId: task.id, status: done.status, ceilingMs: ceiling };
  return { outcome: 'finished', runId: run.id, taskId: task.id, result: await generationResponse(db, done) };
}
