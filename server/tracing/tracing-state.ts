// Whether this process exports traces, shared by every bundle of the built app (instrumentation.ts
// starts tracing; the route handlers and the task worker check it). When tracing is off, nothing
// below builds a span: no SDK is loaded, and @opentelemetry/api calls are skipped altogether.
export interface TracingState {
  enabled: boolean;
  /** flushes the spans not exported yet (tests, shutdown) */
  flush?: () => Promise<void>;
  /** flushes and stops the SDK; tracing is off afterwards */
  shutdown?: () => Promise<void>;
}

const KEY = Symbol.for('docsmith.tracing');

export function tracingState(): TracingState {
  const g = globalThis as unknown as Record<symbol, TracingState | undefined>;
  return (g[KEY] ??= { enabled: false });
}

export const tracingEnabled = (): boolean => tracingState().enabled;
