// Request counts and latency by route pattern (never the raw path: ids would make a series per
// request) and status. Called by the route wrapper (server/http/instrument-route.ts).
import { metrics } from './registry';

export function recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
  const m = metrics();
  const labels = { method, route, status: String(status) };
  m.httpRequests.inc(labels);
  m.httpDuration.observe(labels, seconds);
}
