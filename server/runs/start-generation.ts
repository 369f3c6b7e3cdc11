// The shared body of every task endpoint (generate, outline, analyze, text): accept the task, hand
// it to the executor, then answer at once (async) or wait for it up to the sync ceiling (202 +
// sync_timeout_upgrade_async past it).
import type { Db } from '../db/client';
import { env } from '../env';
import type { ApiResult } from '../http/with-api';
import { enqueueTask } from '../jobs/executor';
import { rememberTaskTrace } from '../tracing/task-trace';
import { createTask, type CreateTaskInput } from './create-task';
import { generationResponse } from './generation-response';
import { waitForTask } from './wait-for-task';

export type StartTaskInput = Omit<CreateTaskInput, 'orgId' | 'apiKeyId'> & { async?: boolean };

export async function startTask(db: Db, auth: { orgId: string; keyId: string | null }, input: StartTaskInput): Promise<ApiResult> {
  const { async: isAsync, ...accepted } = input;
  const { run, task } = await createTask(db, { ...accepted, orgId: auth.orgId, apiKeyId: auth.keyId });
  rememberTaskTrace(task.id); // the task's spans continue this request's trace
  await enqueueTask(task);
  if (isAsync) return { status: 202, body: { run_id: run.id, task_id: task.id, status: 'queued' } };

  const ceiling = env().SYNC_TIMEOUT_MS;
  const { task: done, timedOut } = await waitForTask(db, task.id, ceiling);
  if (timedOut) {
    return {
      status: 202,
      body: {
        run_id: run.id,
        task_id: task.id,
        status: done.status,
        code: 'sync_timeout_upgrade_async',
        message: `Sync ceiling (${Math.round(ceiling / 1000)}s) exceeded; continuing asynchronously. Poll GET /tasks/${task.id}.`,
      },
    };
  }
  return { status: 200, body: await generationResponse(db, done) };
}
