import type { Db } from '../db/client';
import type { Task } from '../db/generated/client';
import { runUrls } from './run-urls';
import { answerFields } from './serialize-task';

/** The body of a finished sync generate call (reference: Sync vs Async). */
export async function generationResponse(db: Db, task: Task) {
  const run = await db.run.findUniqueOrThrow({ where: { id: task.runId } });
  const urls = await runUrls(db, run, { grant: { apiKeyId: task.apiKeyId } });
  const result = (task.result ?? null) as ({ summary?: string } & Parameters<typeof answerFields>[0]) | null;
  return {
    run_id: run.id,
    task_id: task.id,
    status: task.status,
    download_url: urls.downloadUrl,
    edit_url: urls.editUrl,
    summary: result?.summary ?? null,
    ...(result?.warnings?.length ? { warnings: result.warnings } : {}),
    ...answerFields(result),
    credits_used: task.creditsUsed,
    duration_ms: task.durationMs,
    ...(task.error ? { error: task.error as { code: string; message: string } } : {}),
  };
}
