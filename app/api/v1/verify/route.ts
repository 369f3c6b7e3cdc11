import { describeKey } from '@/server/auth/describe-key';
import { verifyOp } from '@/server/auth/operations';
import { withApi } from '@/server/api/with-api';

export const GET = withApi(verifyOp, async ({ db, auth }) => ({ body: await describeKey(db, auth) }));
