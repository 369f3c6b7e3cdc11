// The shared body of every task endpoint (generate, outline, analyze, text): accept the task, hand
// it to the executor, then answer at once (async) or wait for it up to the sync ceiling (202 +
// sync_timeout_upgrade_async past it).
import type { Db } from '../db/client';
import type { RunFormat, TaskKind } from '../db/generated/enums';
import { env } from '../env';
import type { ApiResult } from '../http/with-api';
import { enqueueTask } from '../jobs/executor';
import { createTask } from './create-task';
import { generationResponse } from './generation-response';
import { waitForTask } from './wait-for-task';

export interface StartTaskInput {
  format: RunFormat;
  kind: TaskKind;
  prompt: string;
  runId?: string;
  fileIds?: string[];
  imageIds?: string[];
  webhookUrl?: string;
  title?: string;
  fileName?: string;
  async?: boolean;
  /** What the pipeline reads besides the prompt (kept with the task). */
  request: Record<string, unknown>;
}

export async function startTask(db: Db, auth: { orgId: string; keyId: string }, input: StartTaskInput): Promise<ApiResult> {
  const { run, task } = await createTask(db, {
    orgId: auth.orgId,
    apiKeyId: auth.keyId,
    format: input.format,
    kind: input.kind,
    prompt: input.prompt,
    runId: input.runId,
    fileIds: input.fileIds,
    imageIds: input.imageIds,
    webhookUrl: input.webhookUrl,
    title: input.title,
    fileName: input.fileName,
    request: input.request,
  });
  await enqueueTask(task);
  if (input.async) return { status: 202, body: { run_id: run.id, task_id: task.id, status: 'queued' } };

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
