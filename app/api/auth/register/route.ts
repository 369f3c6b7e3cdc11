import { registerOp } from '@/server/auth/register-operation';
import { registerUser } from '@/server/auth/register-user';
import { env } from '@/server/env';
import { ApiError } from '@/server/http/api-error';
import { withApi } from '@/server/http/with-api';

export const POST = withApi(registerOp, async ({ db, body }) => {
  if (!env().ALLOW_REGISTRATION) throw new ApiError('forbidden', 'registration is disabled on this instance');
  const { user, personalOrg } = await registerUser(db, body);
  return { status: 201, body: { user_id: user.id, email: user.email, personal_org_id: personalOrg.id } };
});
