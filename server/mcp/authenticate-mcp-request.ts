// The API-key gate of /api/mcp, the same as the REST API's (withApi): the key from X-API-Key or
// Authorization: Bearer, checked with the failed-key throttle of authenticateApiKey (429 for an
// address past API_KEY_FAILURE_LIMIT), then the key's request budget (RATE_LIMIT_PER_MINUTE,
// hitKeyBudget), shared with its REST calls: one MCP HTTP request counts as one request.
import 'server-only';
import { authenticateApiKey } from '../auth/authenticate-api-key';
import type { ApiKeyPrincipal } from '../auth/verify-api-key';
import type { Db } from '../db/client';
import { env } from '../env';
import { ApiError } from '../http/api-error';
import { rateLimitHeaders } from '../http/rate-limit';
import { hitKeyBudget } from '../http/request-budget';

export interface McpCaller {
  principal: ApiKeyPrincipal;
  /** RateLimit-* headers for the response. */
  headers: Record<string, string>;
}

export async function authenticateMcpRequest(db: Db, headers: Headers): Promise<McpCaller> {
  const principal = await authenticateApiKey(db, headers);
  const limit = env().RATE_LIMIT_PER_MINUTE;
  if (limit <= 0) return { principal, headers: {} };
  const state = await hitKeyBudget(db, principal.keyId, limit);
  const limitHeaders = rateLimitHeaders(state);
  if (state.limited) {
    throw new ApiError('rate_limited', `rate limit of ${limit} requests per minute exceeded`, undefined, {
      ...limitHeaders,
      'Retry-After': String(state.resetSeconds),
    });
  }
  return { principal, headers: limitHeaders };
}
