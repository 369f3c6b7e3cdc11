// The task pipeline, written as named durable steps so that both executors run the same code:
// Inngest passes its `step`, the local worker passes a runner that memoizes steps in the database.
//   start     → phase "preflight": the credits still cover the task
//   agent     → the agent edits the document model; the result is saved as a draft blob
//   render    → the model becomes a file, stored as the next artifact version's blob
//   finalize  → one transaction: version row, run, task, credit debit (unique per task)
// A step that completed is never run again, so a task resumed after a crash does not re-run the
// agent, store two versions, or charge twice.
import type { Db } from '../db/client';
import type { Run, Task } from '../db/generated/client';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace';
import { newId } from '../db/ids';
import { appendLedgerEntry, balanceOf } from '../credits/ledger';
import { ApiError } from '../http/api-error';
import { log } from '../log';
import { getBlobStore } from '../storage/get-blob-store';
import { runAgent, type AgentOutput } from '../agent/run-agent';
import { AttachmentError, loadAttachments } from '../files/load-attachments';
import { UnreadableDocumentError } from '../documents/common/document-limits';
import { announceTaskUpdate } from '../runs/wait-for-task';
import { putRenderedFile } from '../runs/put-rendered-file';
import { adoptWorkbookSource } from '../runs/adopt-workbook-source';
import { cacheVersionModel, loadCurrentModel } from '../runs/version-model';
import { withFreshIndex } from '../agent/memory/build-memory';
import type { RunMemory } from '../agent/types';
import { dispatchDeliveries } from '../webhooks/dispatch-deliveries';
import { enqueueTaskEvents } from '../webhooks/enqueue-task-events';
import { runAnswerTask, AnswerTaskError } from './answer-tasks';
import { renderForFormatIsolated, type RenderableFormat } from './render-for-format';
import type { StepRunner } from './step-runner';

export interface PipelineContext {
  db: Db;
  taskId: string;
  step: StepRunner;
  signal?: AbortSignal;
}

class TaskStopped extends Error {}

export class TaskFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TaskFailure';
  }
}

/** The errors that fail a task with their own code, as a TaskFailure; null for any other error. */
export function asTaskFailure(err: unknown): TaskFailure | null {
  if (err instanceof TaskFailure) return err;
  if (err instanceof UnreadableDocumentError) return new TaskFailure('unreadable_file', err.message);
  const known = err instanceof ApiError || err instanceof AnswerTaskError || err instanceof AttachmentError;
  return known ? new TaskFailure(err.code, err.message) : null;
}

const draftKey = (t: Task) => `runs/${t.runId}/drafts/${t.id}.json`;

async function progress(db: Db, taskId: string, data: { phase: string; progress?: number; turnIndex?: number }) {
  await db.task.updateMany({ where: { id: taskId, status: 'running' }, data });
  announceTaskUpdate(taskId);
}

async function ensureStillRunning(db: Db, taskId: string, signal?: AbortSignal): Promise<Task> {
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
  if (task.status !== 'running' || signal?.aborted) throw new TaskStopped(`task is ${task.status}`);
  return task;
}

/** A private copy of the run's current model (the agent edits it in place). */
async function latestModel(db: Db, run: Run): Promise<unknown> {
  const v = await loadCurrentModel(db, run);
  return v ? structuredClone(v.model) : null;
}

export async function runTaskPipeline(ctx: PipelineContext): Promise<void> {
  const { db, taskId, step, signal } = ctx;
  try {
    await step.run('start', async () => {
      const task = await ensureStillRunning(db, taskId, signal);
      await progress(db, taskId, { phase: 'preflight', progress: 2 });
      // Other tasks may have spent the credits since this one was accepted.
      const balance = await balanceOf(db, task.orgId);
      if (balance < task.creditsEstimated) {
        throw new TaskFailure('insufficient_credits', `this task needs ${task.creditsEstimated} credits; the balance is ${balance}`);
      }
      await db.run.update({ where: { id: task.runId }, data: { status: 'running' } });
      return null;
    });

    const agent = await step.run('agent', async () => {
      const task = await ensureStillRunning(db, taskId, signal);
      const run = await db.run.findUniqueOrThrow({ where: { id: task.runId } });
      await progress(db, taskId, { phase: 'agent_turn', progress: 5, turnIndex: 1 });
      if (task.kind !== 'generate') {
        const answer = await runAnswerTask(db, task, run, signal);
        return { memory: null, summary: answer.summary, usage: { ...answer.usage }, turns: 1, provider: answer.provider, output: answer.output };
      }
      const request = task.request as { file_ids?: string[]; image_ids?: string[] };
      const document = await latestModel(db, run);
      const out: AgentOutput = await runAgent({
        format: run.format as RenderableFormat,
        prompt: task.prompt,
        document,
        // An editor save may have left the index stale: the agent must see the document as it is.
        memory: withFreshIndex(run.format as RenderableFormat, (run.memory ?? null) as RunMemory | null, document),
        attachments: await loadAttachments(db, task.orgId, { fileIds: request.file_ids, imageIds: request.image_ids }),
        signal,
        onProgress: (p) => progress(db, taskId, { phase: p.phase, progress: Math.min(90, Math.max(5, p.progress)), turnIndex: p.turnIndex }),
      });
      await getBlobStore().put(draftKey(task), JSON.stringify(out.document), { contentType: 'application/json' });
      return {
        memory: out.memory as unknown as InputJsonValue,
        summary: out.summary,
        usage: { ...out.usage },
        turns: out.turns,
        provider: out.provider,
        output: null,
      };
    });

    // Answer tasks (outline, analyze, text) produce no file.
    const rendered = await step.run('render', async () => {
      const task = await ensureStillRunning(db, taskId, signal);
      if (task.kind !== 'generate') return null;
      await progress(db, taskId, { phase: 'rendering', progress: 92 });
      const run = await db.run.findUniqueOrThrow({ where: { id: task.runId } });
      const draft = await getBlobStore().getBytes(draftKey(task));
      if (!draft) throw new TaskFailure('draft_missing', 'the agent output was lost; retry the request');
      const adopted = await adoptWorkbookSource(run.id, JSON.parse(draft.toString('utf8')) as unknown);
      if (adopted.changed) await getBlobStore().put(draftKey(task), JSON.stringify(adopted.model), { contentType: 'application/json' });
      const file = await renderForFormatIsolated(run.format as RenderableFormat, adopted.model, run.title);
      await progress(db, taskId, { phase: 'uploading_result', progress: 96 });
      const version = run.currentVersion + 1;
      const fileName = run.fileName ?? file.fileName;
      // Blob keys use a fixed safe name; the download keeps the friendly file name.
      const blobKey = `runs/${run.id}/v${version}/document.${fileName.split('.').pop()}`;
      const put = await putRenderedFile(blobKey, file);
      return { version, blobKey, fileName, sha256: put.sha256, size: put.size, title: file.title, warnings: file.warnings ?? [] };
    });

    await step.run('finalize', async () => {
      const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
      const draft = rendered ? await getBlobStore().getBytes(draftKey(task)) : null;
      if (rendered && !draft) throw new TaskFailure('draft_missing', 'the agent output was lost; retry the request');
      const durationMs = Date.now() - (task.startedAt ?? task.createdAt).getTime();
      const draftText = draft ? draft.toString('utf8') : null;
      const model: unknown = draftText ? JSON.parse(draftText) : null;
      let stored: { id: string; taskId: string | null } | undefined;
      const deliveries = await db.$transaction(async (tx) => {
        const current = await tx.task.findUniqueOrThrow({ where: { id: taskId } });
        if (current.status !== 'running') throw new TaskStopped(`task is ${current.status}`);
        if (rendered && draftText) {
          // The draft's JSON text goes to the database as it is: no walk of a large model by the
          // client on the request loop (a big workbook's model is megabytes).
          const inserted = await tx.$queryRaw<{ id: string; taskId: string | null }[]>`
            INSERT INTO "ArtifactVersion" ("id", "runId", "version", "source", "model", "blobKey", "sha256", "size", "taskId")
            VALUES (${newId('ver')}, ${task.runId}, ${rendered.version}, 'agent'::"VersionSource", ${draftText}::jsonb, ${rendered.blobKey}, ${rendered.sha256}, ${rendered.size}, ${taskId})
            ON CONFLICT ("runId", "version") DO NOTHING
            RETURNING "id", "taskId"`;
          stored =
            inserted[0] ??
            (await tx.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId: task.runId, version: rendered.version } }, select: { id: true, taskId: true } }));
        }
        const charged = await tx.creditLedgerEntry.findFirst({ where: { taskId, reason: 'task_debit' } });
        if (!charged && task.creditsEstimated > 0) {
          await appendLedgerEntry(tx, { orgId: task.orgId, delta: -task.creditsEstimated, reason: 'task_debit', taskId });
        }
        const result = {
          summary: agent.summary,
          provider: agent.provider,
          usage: { ...agent.usage },
          turns: agent.turns,
          artifacts: rendered ? [{ kind: 'document', file_name: rendered.fileName, version: rendered.version }] : [],
          ...(rendered?.warnings.length ? { warnings: rendered.warnings } : {}),
          ...(agent.output ?? {}),
        };
        await tx.task.update({
          where: { id: taskId },
          data: {
            status: 'completed',
            phase: 'completed',
            progress: 100,
            result,
            creditsUsed: task.creditsEstimated,
            durationMs,
            finishedAt: new Date(),
            leaseOwner: null,
          },
        });
        await tx.run.update({
          where: { id: task.runId },
          data: {
            status: 'completed',
            ...(rendered
              ? { currentVersion: rendered.version, memory: agent.memory ?? undefined, fileName: rendered.fileName, title: rendered.title ?? undefined }
              : {}),
            creditsUsed: { increment: task.creditsEstimated },
            durationMs: { increment: durationMs },
            lastTaskAt: new Date(),
          },
        });
        // Webhook outbox: the run.completed deliveries commit with the status change.
        return enqueueTaskEvents(tx, taskId);
      });
      if (rendered) await getBlobStore().delete(draftKey(task));
      // The editor usually opens a new version next: keep its model at hand (this process only).
      if (stored?.taskId === taskId) cacheVersionModel(stored.id, model);
      announceTaskUpdate(taskId);
      await dispatchDeliveries(deliveries);
      return null;
    });
  } catch (err) {
    if (err instanceof TaskStopped) {
      announceTaskUpdate(taskId);
      return;
    }
    const failure = asTaskFailure(err);
    if (!failure) log().error({ err, taskId }, 'task failed');
    await failTask(db, taskId, failure?.code ?? 'internal_error', failure?.message ?? 'the task failed unexpectedly');
  }
}

/** Marks a running task failed (not charged); the run keeps its current document. */
export async function failTask(db: Db, taskId: string, code: string, message: string): Promise<void> {
  const deliveries = await db.$transaction(async (tx) => {
    const task = await tx.task.findUniqueOrThrow({ where: { id: taskId } });
    const { count } = await tx.task.updateMany({
      where: { id: taskId, status: { in: ['queued', 'running'] } },
      data: { status: 'failed', phase: 'failed', error: { code, message }, finishedAt: new Date(), leaseOwner: null },
    });
    if (!count) return [];
    await tx.run.update({ where: { id: task.runId }, data: { status: 'failed', lastTaskAt: new Date() } });
    // Webhook outbox: the run.failed deliveries commit with the status change.
    return enqueueTaskEvents(tx, taskId);
  });
  announceTaskUpdate(taskId);
  await dispatchDeliveries(deliveries);
}
