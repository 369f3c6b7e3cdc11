import { deleteImage } from '@/server/files/delete-image';
import { getImage } from '@/server/files/get-image';
import { deleteImageOp, getImageOp } from '@/server/files/operations';
import { withApi } from '@/server/api/with-api';

export const GET = withApi(getImageOp, async ({ db, auth, params }) => ({ body: await getImage(db, auth.orgId, params.id) }));

export const DELETE = withApi(deleteImageOp, async ({ db, auth, params }) => {
  await deleteImage(db, auth.orgId, params.id);
  return { status: 204 };
});
