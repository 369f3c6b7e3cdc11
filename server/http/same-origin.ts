// Cross-site request refusal for cookie-authenticated mutations (the dashboard's tRPC mutations,
// its upload route, POST /api/v1/signup). A browser sends `Origin` with every POST; the request
// is refused when that origin is not this app — neither APP_URL's origin nor the host the request
// was sent to (Host / X-Forwarded-Host: a page on another site cannot set those, so this holds
// behind a proxy too) — or, without Origin, when `Sec-Fetch-Site: cross-site` says a browser sent
// it from another site. No Origin and no such header: a non-browser client (curl, scripts), which
// no other site can make send our cookies, and it keeps working.
import 'server-only';
import { env } from '../env';
import { ApiError, errorBody } from './api-error';
import { newRequestId } from './request-id';

function ownHosts(headers: Headers): Set<string> {
  const hosts = new Set<string>();
  const add = (h: string | null | undefined) => {
    const v = h?.split(',')[0]?.trim().toLowerCase();
    if (v) hosts.add(v);
  };
  add(headers.get('host'));
  add(headers.get('x-forwarded-host'));
  return hosts;
}

/** Why the request must be refused as cross-site, or null when it may go on. */
export function crossSiteReason(headers: Headers): string | null {
  const origin = headers.get('origin');
  if (origin === null) {
    return headers.get('sec-fetch-site')?.toLowerCase() === 'cross-site'
      ? 'cross-site request refused: it came from another site (Sec-Fetch-Site: cross-site)'
      : null;
  }
  let url: URL | null = null;
  try {
    url = new URL(origin);
  } catch {
    url = null;
  }
  if (url && (url.origin === new URL(env().APP_URL).origin || ownHosts(headers).has(url.host.toLowerCase()))) return null;
  return `cross-site request refused: Origin ${origin.slice(0, 200)} is not this app's origin`;
}

/** Throws 403 forbidden for a cross-site request. */
export function assertSameOrigin(headers: Headers): void {
  const reason = crossSiteReason(headers);
  if (reason) throw new ApiError('forbidden', reason);
}

/** Wraps a route handler: a cross-site request gets 403 in the API's error shape before the handler runs. */
export function sameOriginOnly<C>(handler: (req: Request, ctx: C) => Promise<Response>): (req: Request, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const reason = crossSiteReason(req.headers);
    if (!reason) return handler(req, ctx);
    const requestId = newRequestId();
    return Response.json(errorBody(new ApiError('forbidden', reason), requestId), {
      status: 403,
      headers: { 'X-Request-Id': requestId },
    });
  };
}
