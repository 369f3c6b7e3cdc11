// The dashboard's organization settings: rename, members (list, change role, remove) and
// invitations by link (create, list, revoke; preview and accept by token).
import 'server-only';
import { z } from 'zod';
import { orgActor } from '../../auth/org-actor';
import { acceptInvitation, previewInvitation } from '../../members/accept-invitation';
import { changeMemberRole } from '../../members/change-member-role';
import { createInvitation } from '../../members/create-invitation';
import { listInvitations } from '../../members/list-invitations';
import { listMembers } from '../../members/list-members';
import { removeMember } from '../../members/remove-member';
import { renameOrganization } from '../../members/rename-organization';
import { revokeInvitation } from '../../members/revoke-invitation';
import { createTRPCRouter, protectedProcedure } from '../init';

const orgId = z.string().min(1).max(100);
const id = z.string().min(1).max(100);
const role = z.enum(['owner', 'admin', 'member']);
const token = z.string().min(1).max(200);

export const membersRouter = createTRPCRouter({
  rename: protectedProcedure
    .input(z.strictObject({ orgId, name: z.string().trim().min(1, 'give the organization a name').max(100) }))
    .mutation(async ({ ctx, input }) => renameOrganization(ctx.db, await orgActor(ctx.db, ctx.session, input.orgId), input.name)),

  list: protectedProcedure
    .input(z.strictObject({ orgId }))
    .query(async ({ ctx, input }) => listMembers(ctx.db, await orgActor(ctx.db, ctx.session, input.orgId))),

  changeRole: protectedProcedure
    .input(z.strictObject({ orgId, memberId: id, role }))
    .mutation(async ({ ctx, input }) =>
      changeMemberRole(ctx.db, await orgActor(ctx.db, ctx.session, input.orgId), input.memberId, input.role),
    ),

  remove: protectedProcedure
    .input(z.strictObject({ orgId, memberId: id }))
    .mutation(async ({ ctx, input }) => removeMember(ctx.db, await orgActor(ctx.db, ctx.session, input.orgId), input.memberId)),

  invitations: protectedProcedure
    .input(z.strictObject({ orgId }))
    .query(async ({ ctx, input }) => listInvitations(ctx.db, await orgActor(ctx.db, ctx.session, input.orgId))),

  /** Returns the invitation with its link (`url`): the only time the link is shown. */
  invite: protectedProcedure
    .input(z.strictObject({ orgId, email: z.email().max(320), role: role.default('member') }))
    .mutation(async ({ ctx, input }) =>
      createInvitation(ctx.db, await orgActor(ctx.db, ctx.session, input.orgId), { email: input.email, role: input.role }),
    ),

  revokeInvitation: protectedProcedure
    .input(z.strictObject({ orgId, invitationId: id }))
    .mutation(async ({ ctx, input }) =>
      revokeInvitation(ctx.db, await orgActor(ctx.db, ctx.session, input.orgId), input.invitationId),
    ),

  previewInvitation: protectedProcedure.input(z.strictObject({ token })).query(({ ctx, input }) => previewInvitation(ctx.db, input.token)),

  acceptInvitation: protectedProcedure
    .input(z.strictObject({ token }))
    .mutation(({ ctx, input }) => acceptInvitation(ctx.db, ctx.session.userId, input.token)),
});
