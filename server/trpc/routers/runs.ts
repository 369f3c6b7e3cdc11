// The dashboard's run procedures: history, a run with its tasks and versions, starting and resuming
// generation (the same services as POST /{format}/generate), outlines, task polling and restore.
// Every procedure acts as the signed-in member of `orgId` (orgActor: 404 for other orgs).
import 'server-only';
import { z } from 'zod';
import { orgActor } from '../../auth/org-actor';
import { mintEditUrl } from '../../edit-sessions/mint-edit-url';
import { exportRun } from '../../exports/export-run';
import { exportFormatSchema } from '../../exports/schemas';
import { getRun } from '../../runs/get-run';
import { idParam } from '../../http/common-schemas';
import { cursorParam, limitParam } from '../../http/pagination';
import { getTask } from '../../runs/get-task';
import { restoreRunVersion } from '../../runs/restore-run-version';
import { getRunDetail } from '../../runs/run-detail';
import { listRunHistory } from '../../runs/run-history';
import { runUrls } from '../../runs/run-urls';
import {
  generateResponseSchema,
  generateRequestSchema,
  outlineRequestSchema,
  runFormatSchema,
  runStatusSchema,
  slideOutlineSchema,
} from '../../runs/schemas';
import { serializeTask } from '../../runs/serialize-task';
import { startDocumentGeneration } from '../../generation/start-document-generation';
import { startTask } from '../../generation/start-generation';
import { startedTaskResponse } from '../../api/started-task-response';
import { createTRPCRouter, infiniteDirection, protectedProcedure } from '../init';

const orgId = z.string().min(1).max(100);
const runId = idParam('run', 'Run id');
const documentFormat = z.enum(['excel', 'word', 'slides']);

export const runsRouter = createTRPCRouter({
  /** Newest first, filtered by format / status, searched in the first prompt and title. */
  list: protectedProcedure
    .input(
      z.strictObject({
        orgId,
        limit: limitParam,
        cursor: cursorParam,
        format: runFormatSchema.optional(),
        status: runStatusSchema.optional(),
        q: z.string().trim().max(200).optional(),
        direction: infiniteDirection,
      }),
    )
    .query(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      return listRunHistory(ctx.db, actor.orgId, {
        limit: input.limit,
        cursor: input.cursor,
        format: input.format,
        status: input.status,
        search: input.q || undefined,
      });
    }),

  get: protectedProcedure.input(z.strictObject({ orgId, runId })).query(async ({ ctx, input }) => {
    const actor = await orgActor(ctx.db, ctx.session, input.orgId);
    return getRunDetail(ctx.db, actor.orgId, input.runId, { userId: actor.userId });
  }),

  /** A task of the org (poll while it runs). */
  task: protectedProcedure
    .input(z.strictObject({ orgId, taskId: idParam('task', 'Task id') }))
    .query(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      const task = await getTask(ctx.db, actor.orgId, input.taskId);
      const urls =
        task.status === 'completed'
          ? await runUrls(ctx.db, await ctx.db.run.findUniqueOrThrow({ where: { id: task.runId } }), { grant: { userId: actor.userId } })
          : undefined;
      return serializeTask(task, urls);
    }),

  /** Starts a document task (async): a new run, or a follow-up on `run_id`. Returns run and task ids. */
  start: protectedProcedure
    .input(
      z.strictObject({
        orgId,
        format: documentFormat,
        prompt: generateRequestSchema.shape.prompt,
        run_id: runId.optional(),
        image_ids: generateRequestSchema.shape.image_ids,
        outline: slideOutlineSchema.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      const { orgId: _org, format, ...body } = input;
      if (format !== 'slides') delete body.outline;
      const res = await startDocumentGeneration(ctx.db, { orgId: actor.orgId, keyId: null }, format, { ...body, async: true });
      return generateResponseSchema.parse(startedTaskResponse(res).body);
    }),

  /** A slide outline to preview before generating (POST /slides/outline, waited for). */
  outline: protectedProcedure
    .input(z.strictObject({ orgId, prompt: outlineRequestSchema.shape.prompt, slide_count: outlineRequestSchema.shape.slide_count }))
    .mutation(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      const { orgId: _org, ...body } = input;
      const res = await startTask(ctx.db, { orgId: actor.orgId, keyId: null }, { format: 'slides', kind: 'outline', prompt: body.prompt, request: body });
      return generateResponseSchema.parse(startedTaskResponse(res).body);
    }),

  /** A freshly minted edit_url (one edit session per viewer) for the run page's editor iframe. */
  editUrl: protectedProcedure.input(z.strictObject({ orgId, runId })).query(async ({ ctx, input }) => {
    const actor = await orgActor(ctx.db, ctx.session, input.orgId);
    const run = await getRun(ctx.db, actor.orgId, input.runId);
    return { edit_url: await mintEditUrl(ctx.db, { orgId: actor.orgId, runId: run.id, readOnly: false, grant: { userId: actor.userId } }) };
  }),

  /** POST /runs/{id}/export: the current version in another format (cached per version and format). */
  export: protectedProcedure
    .input(z.strictObject({ orgId, runId, format: exportFormatSchema }))
    .mutation(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      return exportRun(ctx.db, actor.orgId, input.runId, { format: input.format });
    }),

  /** A new version copying an earlier one (source "restore"). */
  restoreVersion: protectedProcedure
    .input(z.strictObject({ orgId, runId, version: z.number().int().min(1) }))
    .mutation(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      return restoreRunVersion(ctx.db, actor.orgId, input.runId, input.version);
    }),
});
