// The dashboard's image library: list (by tag), retag / caption, delete — the same services as
// GET/DELETE /images. Uploads go through POST /api/dashboard/images (multipart, session-authenticated).
import 'server-only';
import { z } from 'zod';
import { orgActor } from '../../auth/org-actor';
import { deleteImage } from '../../files/delete-image';
import { listImages } from '../../files/list-images';
import { imageListQuery } from '../../files/schemas';
import { updateImage } from '../../files/update-image';
import { idParam } from '../../http/common-schemas';
import { createTRPCRouter, infiniteDirection, protectedProcedure } from '../init';

const orgId = z.string().min(1).max(100);
const imageId = idParam('img', 'Image id');

export const imagesRouter = createTRPCRouter({
  list: protectedProcedure.input(imageListQuery.extend({ orgId, direction: infiniteDirection })).query(async ({ ctx, input }) => {
    const actor = await orgActor(ctx.db, ctx.session, input.orgId);
    return listImages(ctx.db, actor.orgId, { limit: input.limit, cursor: input.cursor, tag: input.tag });
  }),

  update: protectedProcedure
    .input(
      z.strictObject({
        orgId,
        imageId,
        tags: z.array(z.string().max(200)).max(100).optional(),
        caption: z.string().max(2000).nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const actor = await orgActor(ctx.db, ctx.session, input.orgId);
      return updateImage(ctx.db, actor.orgId, input.imageId, { tags: input.tags, caption: input.caption });
    }),

  delete: protectedProcedure.input(z.strictObject({ orgId, imageId })).mutation(async ({ ctx, input }) => {
    const actor = await orgActor(ctx.db, ctx.session, input.orgId);
    await deleteImage(ctx.db, actor.orgId, input.imageId);
    return { id: input.imageId, deleted: true as const };
  }),
});
