// Accepts a generation request: preflight (raising the first problem), then the run (created on
// the first call, reopened on resume) and a queued task, in one transaction.
import type { Db } from '../db/client';
import type { RunFormat, TaskKind } from '../db/generated/enums';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace';
import { newId } from '../db/ids';
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
  return db.$transaction(async (tx) => {
    const now = new Date();
    const run = check.run
      ? await tx.run.update({ where: { id: check.run.id }, data: { status: 'queued', lastTaskAt: now } })
      : await tx.run.create({
          data: {
            id: newId('run'),
            orgId: input.orgId,
            format: input.format,
            status: 'queued',
            prompt: input.prompt,
            title: input.title ?? null,
            fileName: input.fileName ?? null,
            lastTaskAt: now,
          },
        });
    const task = await tx.task.create({
      data: {
        id: newId('task'),
        runId: run.id,
        orgId: input.orgId,
        apiKeyId: input.apiKeyId,
        kind: input.kind,
        prompt: input.prompt,
        request: input.request as InputJsonValue,
        creditsEstimated: check.estimate,
        webhookUrl: input.webhookUrl ?? null,
        phase: 'queued',
      },
    });
    return { run, task };
  });
}
