import { listImagesOp, uploadImageOp } from '@/server/files/operations';
import { listImages } from '@/server/files/list-images';
import { storeImageUpload } from '@/server/files/store-upload';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(uploadImageOp, async ({ db, auth, req }) => ({ status: 201, body: await storeImageUpload(db, auth.orgId, req) }));

export const GET = withApi(listImagesOp, async ({ db, auth, query }) => ({ body: await listImages(db, auth.orgId, query) }));
