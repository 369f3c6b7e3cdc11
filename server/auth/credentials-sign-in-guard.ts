// Runs before next-auth on POST /api/auth/callback/credentials: once the email or the client
// address has used up its budget of failed sign-ins (sign-in-throttle.ts), the attempt is answered
// 429 with Retry-After in the API's error shape, without checking the password. next-auth's browser
// client (which posts `json=true`) also gets the `url` it reads the error from.
import 'server-only';
import { getDb } from '../db/client';
import { env } from '../env';
import { ApiError, errorBody } from '../http/api-error';
import { clientAddress } from '../http/client-address';
import { newRequestId } from '../http/request-id';
import { normaliseEmail } from './normalise-email';
import { signInRetryAfter } from './sign-in-throttle';

export const TOO_MANY_SIGN_INS = 'TooManySignInAttempts';

async function readForm(req: Request): Promise<Record<string, string>> {
  try {
    const type = req.headers.get('content-type') ?? '';
    if (type.includes('application/json')) return (await req.json()) as Record<string, string>;
    return Object.fromEntries(new URLSearchParams(await req.text()));
  } catch {
    return {};
  }
}

export async function guardCredentialsSignIn(req: Request): Promise<Response | null> {
  if (req.method !== 'POST' || !new URL(req.url).pathname.endsWith('/callback/credentials')) return null;
  const form = await readForm(req.clone());
  const email = normaliseEmail(typeof form.email === 'string' ? form.email : '');
  const wait = await signInRetryAfter(await getDb(), email, clientAddress(req.headers));
  if (wait === 0) return null;
  const requestId = newRequestId();
  const err = new ApiError(
    'rate_limited',
    `too many failed sign-ins for this account or from this address: try again in ${wait} s`,
    { retry_after_seconds: wait },
    { 'Retry-After': String(wait) },
  );
  const url = form.json === 'true' ? { url: `${env().APP_URL}/login?error=${TOO_MANY_SIGN_INS}` } : {};
  return Response.json({ ...errorBody(err, requestId), ...url }, { status: 429, headers: { 'X-Request-Id': requestId, ...err.headers } });
}
