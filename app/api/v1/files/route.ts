import { uploadFileOp } from '@/server/files/operations';
import { storeFileUpload } from '@/server/files/store-upload';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(uploadFileOp, async ({ db, auth, req }) => ({ status: 201, body: await storeFileUpload(db, auth.orgId, req) }));
