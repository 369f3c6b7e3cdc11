// The span of one API request, named after its route pattern. In the built app Next.js opens the
// request's own span first (this one is its child); a handler called without one (tests, another
// server) continues the caller's W3C traceparent, if any.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type TextMapGetter } from '@opentelemetry/api';
import { tracer } from './in-span';
import { tracingEnabled } from './tracing-state';

const headerGetter: TextMapGetter<Headers> = {
  keys: (h) => [...h.keys()],
  get: (h, key) => h.get(key) ?? undefined,
};

export function inRequestSpan(req: Request, route: string, fn: () => Promise<Response>): Promise<Response> {
  if (!tracingEnabled()) return fn();
  const inner = trace.getSpan(context.active()) !== undefined;
  const parent = inner ? context.active() : propagation.extract(ROOT_CONTEXT, req.headers, headerGetter);
  const attributes = { 'http.request.method': req.method, 'http.route': route };
  return tracer().startActiveSpan(`handle ${req.method} ${route}`, { kind: inner ? SpanKind.INTERNAL : SpanKind.SERVER, attributes }, parent, async (span) => {
    try {
      const res = await fn();
      span.setAttribute('http.response.status_code', res.status);
      if (res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return res;
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}
