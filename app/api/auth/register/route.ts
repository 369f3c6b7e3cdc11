import { registerAccount } from '@/server/auth/register-account';
import { registerOp } from '@/server/auth/register-operation';
import { env } from '@/server/env';
import { ApiError } from '@/server/http/api-error';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(registerOp, async ({ db, body }) => {
  if (!env().ALLOW_REGISTRATION) throw new ApiError('forbidden', 'registration is disabled on this instance');
  return { status: 202, body: await registerAccount(db, body) };
});
