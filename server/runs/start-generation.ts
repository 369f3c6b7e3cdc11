// The shared body of every generate endpoint: accept the task, hand it to the executor, then
// answer at once (async) or wait for it up to the sync ceiling (202 + sync_timeout_upgrade_async).
import type { Db } from '../db/client';
import type { RunFormat, TaskKind } from '../db/generated/enums';
import { env } from '../env';
import type { ApiResult } from '../http/with-api';
import { enqueueTask } from '../jobs/executor';
import { createTask } from './create-task';
import { generationResponse } from './generation-response';
import type { GenerateRequest } from './schemas';
import { waitForTask } from './wait-for-task';

export async function startGeneration(
  db: Db,
  auth: { orgId: string; keyId: string },
  format: RunFormat,
  kind: TaskKind,
  body: GenerateRequest & Record<string, unknown>,
): Promise<ApiResult> {
  const { run, task } = await createTask(db, {
    orgId: auth.orgId,
    apiKeyId: auth.keyId,
    format,
    kind,
    prompt: body.prompt,
    runId: body.run_id,
    fileIds: body.file_ids,
    imageIds: body.image_ids,
    webhookUrl: body.webhook_url,
    title: body.title,
    fileName: body.file_name,
    request: body,
  });
  await enqueueTask(task);
  if (body.async) return { status: 202, body: { run_id: run.id, task_id: task.id, status: 'queued' } };

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
