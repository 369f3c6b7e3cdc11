// The API-key check of every /api/v1 request: the key from the headers, verified, with a budget of
// failed attempts per client address (API_KEY_FAILURE_LIMIT per API_KEY_FAILURE_WINDOW_SECONDS).
// Past it the address gets 429 + Retry-After before any lookup until the window ends. A success
// costs no database write here (memory only); each failure costs one upsert.
import type { Db } from '../db/client';
import { env } from '../env';
import { ApiError } from '../http/api-error';
import { clientAddress } from '../http/client-address';
import { hashApiKey } from './api-key-format';
import { apiKeyBlockSeconds, recordApiKeyFailure } from './api-key-failure-budget';
import { rememberValidKey, wasRecentlyValid } from './recent-valid-keys';
import { apiKeyFromHeaders, verifyApiKey, type ApiKeyPrincipal } from './verify-api-key';

function tooManyFailures(retryAfter: number): ApiError {
  return new ApiError(
    'rate_limited',
    `too many invalid API keys from this address: try again in ${retryAfter} s`,
    { retry_after_seconds: retryAfter },
    { 'Retry-After': String(retryAfter) },
  );
}

export async function authenticateApiKey(db: Db, headers: Headers, now = new Date()): Promise<ApiKeyPrincipal> {
  const secret = apiKeyFromHeaders(headers);
  const e = env();
  // No key at all is not a guess (and costs no lookup): it stays a plain 401.
  if (!secret || e.API_KEY_FAILURE_LIMIT === 0) return verifyApiKey(db, secret, now);

  const address = clientAddress(headers);
  const hash = hashApiKey(secret);
  const blocked = apiKeyBlockSeconds(address, now.getTime());
  if (blocked > 0 && !wasRecentlyValid(hash, now.getTime())) throw tooManyFailures(blocked);

  try {
    const principal = await verifyApiKey(db, secret, now);
    rememberValidKey(hash, now.getTime());
    return principal;
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'invalid_api_key') throw err;
    const budget = { limit: e.API_KEY_FAILURE_LIMIT, windowMs: e.API_KEY_FAILURE_WINDOW_SECONDS * 1000 };
    const state = await recordApiKeyFailure(db, address, budget, now.getTime());
    if (state.limited) throw tooManyFailures(state.resetSeconds);
    throw err;
  }
}
