// The dashboard's API-key procedures: the same services as the REST routes, acting as the
// signed-in member of the org (orgActor: 404 for orgs the user is not in).
import 'server-only';
import { z } from 'zod';
import { listApiKeys } from '../../auth/list-api-keys';
import { mintApiKey } from '../../auth/mint-api-key';
import { orgActor } from '../../auth/org-actor';
import { revokeApiKey } from '../../auth/revoke-api-key';
import { keyName, keyScopeSchema } from '../../auth/schemas';
import { cursorParam, limitParam } from '../../http/pagination';
import { createTRPCRouter, protectedProcedure } from '../init';

const orgId = z.string().min(1).max(100);

export const apiKeysRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.object({ orgId, limit: limitParam, cursor: cursorParam }))
    .query(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      return listApiKeys(ctx.db, actor, { limit: input.limit, cursor: input.cursor });
    }),

  /** Returns the key with its secret (`key`): the only time the secret is ever sent. */
  create: protectedProcedure
    .input(z.object({ orgId, name: keyName, scope: keyScopeSchema.default('workspace') }))
    .mutation(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      return mintApiKey(ctx.db, actor, { name: input.name, scope: input.scope });
    }),

  revoke: protectedProcedure
    .input(z.object({ orgId, keyId: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      return revokeApiKey(ctx.db, actor, input.keyId);
    }),
});
