import { signupOp } from '@/server/auth/operations';
import { signupWorkspace } from '@/server/auth/signup-workspace';
import { withApi } from '@/server/http/with-api';

export const POST = withApi(signupOp, async ({ db, auth, body }) => ({
  status: 201,
  body: await signupWorkspace(db, auth.userId, { orgName: body.org_name, keyName: body.key_name }),
}));
