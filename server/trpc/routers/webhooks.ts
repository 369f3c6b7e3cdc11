// The dashboard's webhook procedures: the same services as the REST routes, acting as the
// signed-in member of the org (orgActor: 404 for orgs the user is not in; owner/admin to change).
import 'server-only';
import { z } from 'zod';
import { orgActor } from '../../auth/org-actor';
import { cursorParam, limitParam } from '../../http/pagination';
import { createWebhookEndpoint } from '../../webhooks/create-endpoint';
import { deleteWebhookEndpoint } from '../../webhooks/delete-endpoint';
import { getWebhookDelivery, listWebhookDeliveries } from '../../webhooks/list-deliveries';
import { listWebhookEndpoints } from '../../webhooks/list-endpoints';
import { revealOrgSigningSecret } from '../../webhooks/org-signing-secret';
import { redeliverWebhook } from '../../webhooks/redeliver';
import { createWebhookBody } from '../../webhooks/schemas';
import { createTRPCRouter, protectedProcedure } from '../init';

const orgId = z.string().min(1).max(100);
const id = z.string().min(1).max(100);

export const webhooksRouter = createTRPCRouter({
  /** Endpoints, newest first (never their secrets). */
  list: protectedProcedure.input(z.object({ orgId, limit: limitParam, cursor: cursorParam })).query(async ({ ctx, input }) => {
    const actor = await orgActor(ctx.db, ctx.session, input.orgId);
    return listWebhookEndpoints(ctx.db, actor.orgId, { limit: input.limit, cursor: input.cursor });
  }),

  /** Returns the endpoint with its signing secret (`secret`): the only time it is ever sent. */
  create: protectedProcedure.input(createWebhookBody.extend({ orgId })).mutation(async ({ ctx, input }) => {
    const actor = await orgActor(ctx.db, ctx.session, input.orgId);
    const { orgId: _org, ...body } = input;
    return createWebhookEndpoint(ctx.db, actor, body);
  }),

  delete: protectedProcedure.input(z.object({ orgId, id })).mutation(async ({ ctx, input }) => {
    const actor = await orgActor(ctx.db, ctx.session, input.orgId);
    await deleteWebhookEndpoint(ctx.db, actor, input.id);
    return { id: input.id, deleted: true };
  }),

  /**
   * Deliveries with their attempts, newest first. `endpointId`: one endpoint's; `target:
   * "webhook_url"`: the per-request ones; `taskId`: one task's; `status`: pending/delivered/failed.
   */
  deliveries: protectedProcedure
    .input(
      z.object({
        orgId,
        endpointId: id.optional(),
        target: z.enum(['endpoint', 'webhook_url']).optional(),
        taskId: id.optional(),
        status: z.enum(['pending', 'delivered', 'failed']).optional(),
        limit: limitParam,
        cursor: cursorParam,
      }),
    )
    .query(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      const { orgId: _org, ...filter } = input;
      return listWebhookDeliveries(ctx.db, actor.orgId, filter);
    }),

  delivery: protectedProcedure.input(z.object({ orgId, id })).query(async ({ ctx, input }) => {
    const actor = await orgActor(ctx.db, ctx.session, input.orgId);
    return getWebhookDelivery(ctx.db, actor.orgId, input.id);
  }),

  /** Sends the event again as a new delivery (new webhook-id, fresh attempts); returns it. */
  redeliver: protectedProcedure.input(z.object({ orgId, id })).mutation(async ({ ctx, input }) => {
    const actor = await orgActor(ctx.db, ctx.session, input.orgId);
    return redeliverWebhook(ctx.db, actor, input.id);
  }),

  /** The org's secret for per-request webhook_url deliveries (created on first use; owner/admin). */
  signingSecret: protectedProcedure.input(z.object({ orgId })).query(async ({ ctx, input }) => {
    const actor = await orgActor(ctx.db, ctx.session, input.orgId);
    return revealOrgSigningSecret(ctx.db, actor);
  }),
});
