// The task pipeline, written as named durable steps so that both executors run the same code:
// Inngest passes its `step`, the local worker passes a runner that memoizes steps in the database.
//   start     → phase "preflight": the credits still cover the task
//   agent     → the agent edits the document model; the result is stored once, as JSON, in a blob
//   render    → that JSON, parsed in a document worker, becomes a file: the next version's blob
//   finalize  → one transaction: version row (pointing at the model's blob), run, task, credit debit
//               (unique per task)
// The model is validated at most once (when the agent finishes it; not again when it is a stored or
// uploaded model no tool changed), parsed and serialised at most once on the request loop (never for
// an uploaded workbook taken as it is), never deep-copied, and the database holds no copy of it.
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
import { AttachmentError, loadAttachments } from '../agent/load-attachments';
import { UnreadableDocumentError } from '../documents/common/document-limits';
import { announceTaskEnded, announceTaskUpdate } from '../signals/task-signals';
import { announceRunVersion } from '../signals/edit-signals';
import { putRenderedFile } from '../runs/put-rendered-file';
import { adoptWorkbookSource, adoptWorkbookSourceJson } from '../runs/adopt-workbook-source';
import { loadVersionModelCopy } from '../runs/version-model';
import { withFreshIndex } from '../agent/memory/build-memory';
import type { RunMemory } from '../agent/types';
import { dispatchDeliveries } from '../webhooks/dispatch-deliveries';
import { enqueueTaskEvents } from '../webhooks/enqueue-task-events';
import { runAnswerTask, AnswerTaskError } from './answer-tasks';
import { taskReviewServices } from './review-services';
import { fileNameFor, renderJsonForFormatIsolated, type RenderableFormat } from '../rendering/render-for-format';
import { titleFromUpload } from '../runs/title-from-upload';
import type { StepRunner } from './step-runner';
import { recordTaskEnded } from '../metrics/task-metrics';
import { traceSteps } from '../tracing/task-trace';

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

/**
 * The JSON of a generate task's model: written once by the agent step, rendered from, and kept as
 * the model of the version the task stores (the version row points at it).
 */
const modelKey = (t: Task) => `runs/${t.runId}/models/${t.id}.json`;
/** Where earlier builds wrote it (a task resumed across an upgrade); then it is the version's model. */
const legacyDraftKey = (t: Task) => `runs/${t.runId}/drafts/${t.id}.json`;

/** The task's model JSON (its bytes) and its key, or null when it was lost. */
async function readModelJson(runId: string, task: Task): Promise<{ key: string; json: Buffer } | null> {
  const store = getBlobStore();
  const bytes = await store.getBytes(modelKey(task));
  if (bytes) return { key: modelKey(task), json: bytes };
  const legacy = await store.getBytes(legacyDraftKey(task));
  if (!legacy) return null;
  // earlier builds gave the run its copy of the source package here, in the render step
  const adopted = await adoptWorkbookSource(runId, JSON.parse(legacy.toString('utf8')) as unknown);
  if (!adopted.changed) return { key: legacyDraftKey(task), json: legacy };
  const json = Buffer.from(JSON.stringify(adopted.model));
  await store.put(legacyDraftKey(task), json, { contentType: 'application/json' });
  return { key: legacyDraftKey(task), json };
}

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
  if (run.currentVersion === 0) return null;
  return loadVersionModelCopy(db, run.id, run.currentVersion);
}

export async function runTaskPipeline(ctx: PipelineContext): Promise<void> {
  const { db, taskId, signal } = ctx;
  const step = traceSteps(taskId, ctx.step);
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
        return { memory: null, summary: answer.summary, usage: { ...answer.usage }, turns: 1, provider: answer.provider, output: answer.output, warnings: [] };
      }
      const request = task.request as { file_ids?: string[]; image_ids?: string[] };
      const document = await latestModel(db, run);
      const attachments = await loadAttachments(db, task.orgId, { fileIds: request.file_ids, imageIds: request.image_ids });
      const out: AgentOutput = await runAgent({
        format: run.format as RenderableFormat,
        prompt: task.prompt,
        document,
        documentValidated: true,
        // An editor save may have left the index stale: the agent must see the document as it is.
        memory: withFreshIndex(run.format as RenderableFormat, (run.memory ?? null) as RunMemory | null, document),
        attachments,
        signal,
        onProgress: (p) => progress(db, taskId, { phase: p.phase, progress: Math.min(90, Math.max(5, p.progress)), turnIndex: p.turnIndex }),
      }, { review: taskReviewServices() });
      // A workbook made from an upload: the run's own copy of the package, with the model it imports
      // to beside it (the render's baseline), before the model is written — once. An uploaded file
      // taken as it is stays the reader's JSON text: never parsed or re-serialised here.
      const imported = (sha256: string) => attachments.files?.find((f) => f.source?.sha256 === sha256)?.workbookJson;
      const modelJson = out.documentJson
        ? await adoptWorkbookSourceJson(run.id, out.documentJson, imported)
        : JSON.stringify((await adoptWorkbookSource(run.id, out.document, imported)).model);
      await getBlobStore().put(modelKey(task), modelJson, { contentType: 'application/json' });
      return {
        memory: out.memory as unknown as InputJsonValue,
        summary: out.summary,
        usage: { ...out.usage },
        turns: out.turns,
        provider: out.provider,
        output: null,
        // what the review left unfixed (a step recorded by an earlier build has none)
        warnings: out.findings.map((f) => ({ code: f.code, message: f.message, location: f.location })),
      };
    });

    // Answer tasks (outline, analyze, text) produce no file.
    const rendered = await step.run('render', async () => {
      const task = await ensureStillRunning(db, taskId, signal);
      if (task.kind !== 'generate') return null;
      await progress(db, taskId, { phase: 'rendering', progress: 92 });
      const run = await db.run.findUniqueOrThrow({ where: { id: task.runId } });
      const draft = await readModelJson(run.id, task);
      if (!draft) throw new TaskFailure('draft_missing', 'the agent output was lost; retry the request');
      // the JSON goes to the worker as it is: parsed there, not on the request loop
      const file = await renderJsonForFormatIsolated(run.format as RenderableFormat, draft.json, run.title);
      await progress(db, taskId, { phase: 'uploading_result', progress: 96 });
      const version = run.currentVersion + 1;
      // untitled, and a workbook made from an uploaded spreadsheet: named after that file (title-from-upload.ts)
      const uploaded = run.title || file.title || run.fileName ? null : await titleFromUpload(db, { orgId: task.orgId, format: run.format as RenderableFormat, fileIds: (task.request as { file_ids?: string[] }).file_ids });
      const title = file.title ?? uploaded;
      const fileName = run.fileName ?? (uploaded ? fileNameFor(run.format as RenderableFormat, uploaded) : file.fileName);
      // Blob keys use a fixed safe name; the download keeps the friendly file name.
      const blobKey = `runs/${run.id}/v${version}/document.${fileName.split('.').pop()}`;
      const put = await putRenderedFile(blobKey, file);
      return { version, blobKey, fileName, sha256: put.sha256, size: put.size, title, warnings: file.warnings ?? [], modelKey: draft.key };
    });

    await step.run('finalize', async () => {
      const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
      // a render step recorded by an earlier build names no key: its model is the legacy draft
      const versionModelKey = rendered ? (rendered.modelKey ?? legacyDraftKey(task)) : null;
      const warnings = [...(rendered?.warnings ?? []), ...(agent.warnings ?? [])];
      const { deliveries, finished } = await db.$transaction(async (tx) => {
        const current = await tx.task.findUniqueOrThrow({ where: { id: taskId } });
        if (current.status !== 'running') throw new TaskStopped(`task is ${current.status}`);
        if (rendered) {
          // The version points at the model's blob: nothing of the model passes through the database.
          await tx.$executeRaw`
            INSERT INTO "ArtifactVersion" ("id", "runId", "version", "source", "modelKey", "blobKey", "sha256", "size", "taskId")
            VALUES (${newId('ver')}, ${task.runId}, ${rendered.version}, 'agent'::"VersionSource", ${versionModelKey}, ${rendered.blobKey}, ${rendered.sha256}, ${rendered.size}, ${taskId})
            ON CONFLICT ("runId", "version") DO NOTHING`;
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
          ...(warnings.length ? { warnings } : {}),
          ...(agent.output ?? {}),
        };
        // the whole task, up to this commit (the finalize step included)
        const finishedAt = new Date();
        const durationMs = finishedAt.getTime() - (task.startedAt ?? task.createdAt).getTime();
        const finished = await tx.task.update({
          where: { id: taskId },
          data: {
            status: 'completed',
            phase: 'completed',
            progress: 100,
            result,
            creditsUsed: task.creditsEstimated,
            durationMs,
            finishedAt,
            leaseOwner: null,
          },
        });
        // The run, in one statement: completed, its new version (memory, file name, title) when the
        // task rendered one, the credits, and the total duration over its tasks (COALESCE: the first
        // task's total starts from NULL).
        const memory = rendered && agent.memory != null ? JSON.stringify(agent.memory) : null;
        const ranAt = new Date();
        await tx.$executeRaw`
          UPDATE "Run" SET
            "status" = 'completed'::"RunStatus",
            "currentVersion" = COALESCE(${rendered ? rendered.version : null}::int, "currentVersion"),
            "memory" = COALESCE(${memory}::jsonb, "memory"),
            "fileName" = COALESCE(${rendered ? rendered.fileName : null}::text, "fileName"),
            "title" = COALESCE(${rendered?.title ?? null}::text, "title"),
            "creditsUsed" = "creditsUsed" + ${task.creditsEstimated}::int,
            "durationMs" = COALESCE("durationMs", 0) + ${durationMs}::int,
            "lastTaskAt" = ${ranAt},
            "updatedAt" = ${ranAt}
          WHERE "id" = ${task.runId}`;
        // Webhook outbox: the run.completed deliveries commit with the status change.
        return { deliveries: await enqueueTaskEvents(tx, taskId, finished), finished };
      });
      // a sync call waiting in this process answers with this row, without reading it again
      announceTaskEnded(taskId, finished);
      // the open editors of the run show the new version
      if (rendered) announceRunVersion(task.runId, rendered.version, 'agent');
      recordTaskEnded(task, 'completed');
      await dispatchDeliveries(deliveries);
      return null;
    });
  } catch (err) {
    if (err instanceof TaskStopped) {
      announceTaskEnded(taskId);
      return;
    }
    const failure = asTaskFailure(err);
    if (!failure) log().error({ err, taskId }, 'task failed');
    await failTask(db, taskId, failure?.code ?? 'internal_error', failure?.message ?? 'the task failed unexpectedly');
  }
}

/** Marks a running task failed (not charged); the run keeps its current document. */
export async function failTask(db: Db, taskId: string, code: string, message: string): Promise<void> {
  let failed = null as Task | null;
  const deliveries = await db.$transaction(async (tx) => {
    const task = await tx.task.findUniqueOrThrow({ where: { id: taskId } });
    const { count } = await tx.task.updateMany({
      where: { id: taskId, status: { in: ['queued', 'running'] } },
      data: { status: 'failed', phase: 'failed', error: { code, message }, finishedAt: new Date(), leaseOwner: null },
    });
    if (!count) return [];
    failed = task;
    await tx.run.update({ where: { id: task.runId }, data: { status: 'failed', lastTaskAt: new Date() } });
    // Webhook outbox: the run.failed deliveries commit with the status change.
    return enqueueTaskEvents(tx, taskId);
  });
  announceTaskEnded(taskId);
  if (failed) recordTaskEnded(failed, 'failed');
  await dispatchDeliveries(deliveries);
}
