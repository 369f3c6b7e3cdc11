import { z } from 'zod';
import { createOrganization } from '../../auth/create-organization';
import { listUserOrganizations } from '../../auth/list-user-organizations';
import { serializeOrganization } from '../../auth/serialize-organization';
import { createTRPCRouter, protectedProcedure } from '../init';

export const orgsRouter = createTRPCRouter({
  /** The signed-in user's organizations (personal first), with role and credit balance. */
  list: protectedProcedure.query(({ ctx }) => listUserOrganizations(ctx.db, ctx.session.userId)),

  /** A new workspace owned by the signed-in user (with the signup credit grant). */
  createWorkspace: protectedProcedure
    .input(z.object({ name: z.string().trim().min(1, 'give the workspace a name').max(100) }))
    .mutation(async ({ ctx, input }) => {
      const org = await createOrganization(ctx.db, {
        name: input.name,
        kind: 'workspace',
        ownerId: ctx.session.userId,
      });
      return serializeOrganization(org);
    }),
});
