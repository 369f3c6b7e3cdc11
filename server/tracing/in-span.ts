// Runs a function inside a span (the active one while it runs: spans it starts are its children),
// recording a thrown error on it. With tracing off it just runs the function.
import { SpanStatusCode, context, trace, type Attributes, type Context } from '@opentelemetry/api';
import { tracingEnabled } from './tracing-state';

export const tracer = () => trace.getTracer('docsmith');

export function inSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>, parent?: Context): Promise<T> {
  if (!tracingEnabled()) return fn();
  return tracer().startActiveSpan(name, { attributes }, parent ?? context.active(), async (span) => {
    try {
      return await fn();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}
