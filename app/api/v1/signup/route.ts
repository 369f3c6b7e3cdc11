import { signupOp } from '@/server/auth/operations';
import { signupWorkspace } from '@/server/auth/signup-workspace';
import { sameOriginOnly } from '@/server/http/same-origin';
import { withApi } from '@/server/api/with-api';

// Session-cookie authenticated: cross-site requests are refused (403) before anything else.
export const POST = sameOriginOnly(
  withApi(signupOp, async ({ db, auth, body }) => ({
    status: 201,
    body: await signupWorkspace(db, auth.userId, { orgName: body.org_name, keyName: body.key_name }),
  })),
);
