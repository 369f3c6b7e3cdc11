// Prometheus metrics (text format) for a scraper holding METRICS_TOKEN; 404 while it is unset.
import { ApiError, errorBody } from '@/server/http/api-error';
import { newRequestId } from '@/server/http/request-id';
import { scrapeMetrics } from '@/server/metrics/scrape-metrics';

export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  const r = await scrapeMetrics(req.headers.get('authorization'));
  if (r.outcome === 'ok') return new Response(r.body, { headers: { 'Content-Type': r.contentType, 'Cache-Control': 'no-store' } });
  const requestId = newRequestId();
  const err =
    r.outcome === 'disabled'
      ? new ApiError('not_found', 'no such endpoint: GET /api/metrics (set METRICS_TOKEN to enable it)')
      : new ApiError('unauthorized', 'send the metrics token: Authorization: Bearer <METRICS_TOKEN>', undefined, {
          'WWW-Authenticate': 'Bearer realm="metrics"',
        });
  return Response.json(errorBody(err, requestId), { status: err.status, headers: { 'X-Request-Id': requestId, 'Cache-Control': 'no-store', ...err.headers } });
}
