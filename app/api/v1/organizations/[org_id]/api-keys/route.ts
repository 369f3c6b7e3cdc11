import { listApiKeys } from '@/server/auth/list-api-keys';
import { mintApiKey } from '@/server/auth/mint-api-key';
import { listKeysOp, mintKeyOp } from '@/server/auth/operations';
import { orgActor } from '@/server/auth/org-actor';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(mintKeyOp, async ({ db, auth, params, body }) => {
  const actor = await orgActor(db, auth, params.org_id);
  const expiresAt = body.expires_at ? new Date(body.expires_at) : undefined;
  return { status: 201, body: await mintApiKey(db, actor, { name: body.name, scope: body.scope, expiresAt }) };
});

export const GET = withApi(listKeysOp, async ({ db, auth, params, query }) => {
  const actor = await orgActor(db, auth, params.org_id);
  return { body: await listApiKeys(db, actor, query) };
});
