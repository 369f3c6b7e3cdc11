// The one wrapper every /api/v1 route uses: request id, auth, role check, rate limit, body limits
// and media type, zod validation (unknown parameters rejected), the single error shape, and the
// deprecation headers hook.
import type { z } from 'zod';
import { getDb, type Db } from '../db/client';
import { env } from '../env';
import { log } from '../log';
import { authenticateApiKey } from '../auth/authenticate-api-key';
import type { ApiKeyPrincipal } from '../auth/verify-api-key';
import { sessionFromRequest, type SessionPrincipal } from '../auth/session-user';
import { ApiError, errorBody } from '../http/api-error';
import { asApiError } from '../http/unexpected-error';
import type { AuthMode, OperationDef } from '../http/define-operation';
import { claimIdempotencyKey, completeIdempotencyKey, parseIdempotencyKey, releaseIdempotencyKey, requestFingerprint } from '../http/idempotency';
import { rateLimitHeaders } from '../http/rate-limit';
import { hitKeyBudget } from '../http/request-budget';
import { readJsonBody } from '../http/read-json-body';
import { newRequestId } from '../http/request-id';
import { instrumentRoute } from '../http/instrument-route';
import { validate } from '../http/validate';

type Principal<A extends AuthMode> = A extends 'apiKey' ? ApiKeyPrincipal : A extends 'session' ? SessionPrincipal : null;
type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface ApiContext<B, Q, P, A extends AuthMode> {
  req: Request;
  requestId: string;
  db: Db;
  auth: Principal<A>;
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
}

export interface ApiResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function withApi<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  A extends AuthMode,
>(
  op: OperationDef<B, Q, P, A>,
  handler: (ctx: ApiContext<B, Q, P, A>) => Promise<ApiResult | Response>,
): (req: Request, ctx: RouteContext) => Promise<Response> {
  return instrumentRoute(`/api/v1${op.path}`, async (req: Request, routeCtx: RouteContext) => {
    const requestId = newRequestId();
    const started = Date.now();
    const url = new URL(req.url);
    const headers: Record<string, string> = { 'X-Request-Id': requestId };
    if (op.deprecated) {
      headers['X-Deprecated'] = 'true';
      headers['Sunset'] = op.deprecated.sunset.toUTCString();
      if (op.deprecated.link) headers['Link'] = `<${op.deprecated.link}>; rel="sunset"`;
    }
    let response: Response;
    try {
      const db = await getDb();
      let auth: ApiKeyPrincipal | SessionPrincipal | null = null;
      if (op.auth === 'apiKey') {
        const key = await authenticateApiKey(db, req.headers);
        auth = key;
        const limit = env().RATE_LIMIT_PER_MINUTE;
        if (limit > 0) {
          const state = await hitKeyBudget(db, key.keyId, limit);
          Object.assign(headers, rateLimitHeaders(state));
          if (state.limited) {
            throw new ApiError('rate_limited', `rate limit of ${limit} requests per minute exceeded`, undefined, {
              'Retry-After': String(state.resetSeconds),
            });
          }
        }
      } else if (op.auth === 'session') {
        auth = await sessionFromRequest(req.headers);
        if (!auth) throw new ApiError('unauthorized', 'sign in first: this endpoint needs a dashboard session cookie');
      }

      const params = op.params ? validate(op.params, await routeCtx.params, 'path') : undefined;
      const query = op.query
        ? validate(op.query, Object.fromEntries(url.searchParams), 'query')
        : rejectUnexpectedQuery(url);
      const body = op.body ? validate(op.body, await readJsonBody(req, op.maxBodyBytes ?? env().MAX_JSON_BODY_BYTES), 'body') : undefined;

      let idem: { recordId: string } | undefined;
      if (op.idempotent && auth?.kind === 'apiKey') {
        const idemKey = parseIdempotencyKey(req.headers.get('idempotency-key'));
        if (idemKey) {
          const fingerprint = requestFingerprint(req.method, url.pathname, body);
          const claim = await claimIdempotencyKey(db, auth.orgId, idemKey, fingerprint, op.idempotent.waitMs);
          if (claim.state === 'replay') {
            headers['Idempotent-Replayed'] = 'true';
            return finish(Response.json(claim.body, { status: claim.status, headers }));
          }
          idem = { recordId: claim.recordId };
        }
      }

      let result: ApiResult | Response;
      try {
        result = await handler({
        req,
        requestId,
        db,
        auth: auth as Principal<A>,
        body: body as Infer<B>,
        query: query as Infer<Q>,
        params: params as Infer<P>,
        });
      } catch (err) {
        if (idem) await releaseIdempotencyKey(db, idem.recordId);
        throw err;
      }
      if (idem) {
        const status = result instanceof Response ? result.status : (result.status ?? 200);
        if (!(result instanceof Response) && status < 300) await completeIdempotencyKey(db, idem.recordId, status, result.body);
        else await releaseIdempotencyKey(db, idem.recordId);
      }
      if (result instanceof Response) {
        for (const [k, v] of Object.entries(headers)) result.headers.set(k, v);
        response = result;
      } else {
        const status = result.status ?? 200;
        Object.assign(headers, result.headers);
        response =
          result.body === undefined || status === 204
            ? new Response(null, { status, headers })
            : Response.json(result.body, { status, headers });
      }
    } catch (err) {
      const apiErr = asApiError(err, requestId, url.pathname);
      Object.assign(headers, apiErr.headers);
      response = Response.json(errorBody(apiErr, requestId), { status: apiErr.status, headers });
    }
    return finish(response);

    function finish(res: Response): Response {
      log().info({ requestId, method: req.method, path: url.pathname, status: res.status, ms: Date.now() - started }, 'api');
      return res;
    }
  });
}

function rejectUnexpectedQuery(url: URL): undefined {
  const keys = [...url.searchParams.keys()];
  if (keys.length) {
    throw new ApiError('unknown_parameter', `unknown query parameter${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`, {
      issues: keys.map((k) => ({ location: 'query', path: k, message: 'not accepted by this endpoint', unknown_keys: [k] })),
    });
  }
  return undefined;
}
