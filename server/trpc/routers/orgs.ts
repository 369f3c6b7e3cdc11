import 'server-only';
import { z } from 'zod';
import { createUserWorkspace } from '../../auth/create-user-workspace';
import { listUserOrganizations } from '../../auth/list-user-organizations';
import { serializeOrganization } from '../../auth/serialize-organization';
import { createTRPCRouter, protectedProcedure } from '../init';

export const orgsRouter = createTRPCRouter({
  /** The signed-in user's organizations (personal first), with role and credit balance. */
  list: protectedProcedure.query(({ ctx }) => listUserOrganizations(ctx.db, ctx.session.userId)),

  /** A new workspace owned by the signed-in user (with the sign-up grant if it is among their first granted workspaces). */
  createWorkspace: protectedProcedure
    .input(z.object({ name: z.string().trim().min(1, 'give the workspace a name').max(100) }))
    .mutation(async ({ ctx, input }) => {
      const org = await ctx.db.$transaction((tx) => createUserWorkspace(tx, ctx.session.userId, input.name));
      return serializeOrganization(org);
    }),
});
