// Accepts a generation request: preflight (raising the first problem), then the run (created on
// the first call, reopened on resume) and a queued task, in one statement.
import type { Db } from '../db/client';
import type { RunFormat, TaskKind } from '../db/generated/enums';
import { newId } from '../db/ids';
import { notFound } from '../http/api-error';
import { preflight, raiseFirstIssue, slideCountFromPrompt } from './preflight';

export interface CreateTaskInput {
  orgId: string;
  apiKeyId: string | null;
  format: RunFormat;
  kind: TaskKind;
  prompt: string;
  runId?: string;
  fileIds?: string[];
  imageIds?: string[];
  webhookUrl?: string;
  title?: string;
  fileName?: string;
  /** The validated request body, kept with the task (the pipeline reads its options). */
  request: Record<string, unknown>;
}

export async function createTask(db: Db, input: CreateTaskInput) {
  const check = await preflight(db, input.orgId, {
    format: input.format,
    kind: input.kind,
    prompt: input.prompt,
    runId: input.runId,
    fileIds: input.fileIds,
    imageIds: input.imageIds,
    slideCount: input.format === 'slides' ? slideCountFromPrompt(input.prompt) : undefined,
  });
  raiseFirstIssue(check);
  // The run (created, or reopened on resume) and its queued task in one statement: atomic without
  // a transaction, one round trip instead of four (this is on every sync call's path).
  const now = new Date();
  const runId = check.run?.id ?? newId('run');
  const taskId = newId('task');
  const request = JSON.stringify(input.request);
  const rows = check.run
    ? await db.$queryRaw<{ id: string }[]>`
        WITH r AS (
          UPDATE "Run" SET "status" = 'queued'::"RunStatus", "lastTaskAt" = ${now}, "updatedAt" = ${now}
          WHERE "id" = ${runId} AND "orgId" = ${input.orgId}
          RETURNING "id")
        INSERT INTO "Task" ("id", "runId", "orgId", "apiKeyId", "kind", "prompt", "request", "creditsEstimated", "webhookUrl", "phase", "createdAt", "updatedAt")
        SELECT ${taskId}, r."id", ${input.orgId}, ${input.apiKeyId}, ${input.kind}::"TaskKind", ${input.prompt}, ${request}::jsonb,
          ${check.estimate}::int, ${input.webhookUrl ?? null}, 'queued', ${now}, ${now}
        FROM r
        RETURNING "id"`
    : await db.$queryRaw<{ id: string }[]>`
        WITH r AS (
          INSERT INTO "Run" ("id", "orgId", "format", "status", "prompt", "title", "fileName", "lastTaskAt", "createdAt", "updatedAt")
          VALUES (${runId}, ${input.orgId}, ${input.format}::"RunFormat", 'queued'::"RunStatus", ${input.prompt}, ${input.title ?? null},
            ${input.fileName ?? null}, ${now}, ${now}, ${now})
          RETURNING "id")
        INSERT INTO "Task" ("id", "runId", "orgId", "apiKeyId", "kind", "prompt", "request", "creditsEstimated", "webhookUrl", "phase", "createdAt", "updatedAt")
        SELECT ${taskId}, r."id", ${input.orgId}, ${input.apiKeyId}, ${input.kind}::"TaskKind", ${input.prompt}, ${request}::jsonb,
          ${check.estimate}::int, ${input.webhookUrl ?? null}, 'queued', ${now}, ${now}
        FROM r
        RETURNING "id"`;
  // a resumed run deleted since the preflight: nothing was written
  if (!rows[0]) throw notFound('run');
  return {
    run: { id: runId, orgId: input.orgId, format: input.format },
    task: { id: taskId, runId, orgId: input.orgId, kind: input.kind, status: 'queued' as const, creditsEstimated: check.estimate },
  };
}
