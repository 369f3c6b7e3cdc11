// The dashboard's credits page: balance, credits spent per day, and the ledger.
import 'server-only';
import { z } from 'zod';
import { orgActor } from '../../auth/org-actor';
import { creditUsage, listLedger } from '../../credits/usage';
import { cursorParam, limitParam } from '../../http/pagination';
import { createTRPCRouter, infiniteDirection, protectedProcedure } from '../init';

const orgId = z.string().min(1).max(100);

export const usageRouter = createTRPCRouter({
  summary: protectedProcedure
    .input(z.strictObject({ orgId, days: z.number().int().min(7).max(90).default(30) }))
    .query(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      return creditUsage(ctx.db, actor.orgId, input.days);
    }),

  ledger: protectedProcedure
    .input(z.strictObject({ orgId, limit: limitParam, cursor: cursorParam, direction: infiniteDirection }))
    .query(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      return listLedger(ctx.db, actor.orgId, { limit: input.limit, cursor: input.cursor });
    }),
});
