// Wraps a route handler with its request metrics (count and latency by route pattern and status)
// and, when tracing is on, its request span. withApi() applies it to every /api/v1 operation; the
// few routes outside withApi wrap themselves.
import { recordHttpRequest } from '../metrics/http-metrics';
import { inRequestSpan } from '../tracing/in-request-span';

/**
 * @param route the route's pattern, never the raw path (e.g. `/api/v1/tasks/{task_id}`): one
 *   series per route, whatever the ids
 */
export function instrumentRoute<C>(route: string, handler: (req: Request, ctx: C) => Response | Promise<Response>): (req: Request, ctx?: C) => Promise<Response> {
  return (req, ctx) => {
    const started = performance.now();
    return inRequestSpan(req, route, async () => {
      let status = 500;
      try {
        const res = await handler(req, ctx as C);
        status = res.status;
        return res;
      } finally {
        recordHttpRequest(req.method, route, status, (performance.now() - started) / 1000);
      }
    });
  };
}
