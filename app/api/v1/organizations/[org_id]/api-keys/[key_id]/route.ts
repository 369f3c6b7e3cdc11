import { revokeKeyOp } from '@/server/auth/operations';
import { orgActor } from '@/server/auth/org-actor';
import { revokeApiKey } from '@/server/auth/revoke-api-key';
import { withApi } from '@/server/api/with-api';

export const DELETE = withApi(revokeKeyOp, async ({ db, auth, params }) => {
  const actor = await orgActor(db, auth, params.org_id);
  return { body: await revokeApiKey(db, actor, params.key_id) };
});
