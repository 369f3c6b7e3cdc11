import type { Db } from '../db/client';
import type { Task } from '../db/generated/client';
import { runUrls, type RunForUrls } from './run-urls';
import { answerFields } from './serialize-task';

/** The body of a finished sync generate call (reference: Sync vs Async). */
export async function generationResponse(db: Db, task: Task) {
  // the run and its current version's file in one read
  const rows = await db.$queryRaw<(Omit<RunForUrls, 'purgedAt'> & { purgedAt: Date | string | null; blobKey: string | null })[]>`
    SELECT r."id", r."orgId", r."format"::text AS "format", r."status"::text AS "status", r."currentVersion", r."purgedAt",
      r."fileName", r."title", v."blobKey"
    FROM "Run" r
    LEFT JOIN "ArtifactVersion" v ON v."runId" = r."id" AND v."version" = r."currentVersion"
    WHERE r."id" = ${task.runId}`;
  const row = rows[0];
  if (!row) throw new Error(`run ${task.runId} of task ${task.id} not found`);
  const run: RunForUrls = { ...row, purgedAt: row.purgedAt === null ? null : new Date(row.purgedAt) };
  // a version without a file yet (an edited one) is rendered by runUrls
  const urls = await runUrls(db, run, { grant: { apiKeyId: task.apiKeyId }, currentFile: row.blobKey ? { blobKey: row.blobKey } : undefined });
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
