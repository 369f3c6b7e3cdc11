// Starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set (called from
// instrumentation.ts before anything else runs): a Node tracer provider (AsyncLocalStorage context,
// W3C traceparent propagation), batched OTLP/HTTP export in protobuf or JSON, parent-based ratio
// sampling. The SDK is imported here only, on demand: without the setting it is never loaded.
import 'server-only';
import type { Env } from '../env';
import { tracingState } from './tracing-state';

type TracingSettings = Pick<
  Env,
  'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_PROTOCOL' | 'OTEL_EXPORTER_OTLP_HEADERS' | 'OTEL_SERVICE_NAME' | 'OTEL_TRACES_SAMPLER_ARG'
>;

/** "a=b, c=d" → { a: 'b', c: 'd' } (values may be percent-encoded, as the OTLP spec allows). */
export function parseOtlpHeaders(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const i = pair.indexOf('=');
    if (i <= 0) continue;
    out[pair.slice(0, i).trim()] = decodeURIComponent(pair.slice(i + 1).trim());
  }
  return out;
}

/** Starts tracing once per process; false when OTEL_EXPORTER_OTLP_ENDPOINT is unset. */
export async function startTracing(e: TracingSettings): Promise<boolean> {
  const state = tracingState();
  if (state.enabled) return true;
  if (!e.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  const [{ NodeTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/resources'),
  ]);
  const { OTLPTraceExporter } =
    e.OTEL_EXPORTER_OTLP_PROTOCOL === 'http/json' ? await import('@opentelemetry/exporter-trace-otlp-http') : await import('@opentelemetry/exporter-trace-otlp-proto');
  const exporter = new OTLPTraceExporter({
    url: `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`,
    headers: parseOtlpHeaders(e.OTEL_EXPORTER_OTLP_HEADERS),
  });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': e.OTEL_SERVICE_NAME }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(e.OTEL_TRACES_SAMPLER_ARG) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  state.enabled = true;
  state.flush = () => provider.forceFlush();
  state.shutdown = async () => {
    state.enabled = false;
    await provider.shutdown();
    // unregistered, so that tracing can be started again (tests)
    const api = await import('@opentelemetry/api');
    api.trace.disable();
    api.context.disable();
    api.propagation.disable();
  };
  return true;
}
