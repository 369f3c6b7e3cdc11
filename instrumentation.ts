// Runs once when a server process starts: validates configuration and opens (and, for the
// embedded database, migrates) the database so that problems show at start-up, not first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('./server/env');
  const e = env();
  if (e.OTEL_EXPORTER_OTLP_ENDPOINT) {
    // OpenTelemetry traces (OTLP/HTTP) from the first request on; without the setting no SDK is loaded.
    const { startTracing } = await import('./server/tracing/start-tracing');
    await startTracing(e);
    console.log(`[docsmith] tracing to ${e.OTEL_EXPORTER_OTLP_ENDPOINT} (${e.OTEL_EXPORTER_OTLP_PROTOCOL})`);
  }
  const { getDb, getDbHandle } = await import('./server/db/client');
  const handle = await getDbHandle();
  console.log(`[docsmith] database ready (${handle.kind}${e.embeddedDatabase ? ` in ${e.DATA_DIR}/pglite` : ''})`);
  // PostgreSQL: hear other instances' task signals (LISTEN/NOTIFY) from the start.
  const { listenForTaskSignals } = await import('./server/signals/task-signals');
  void listenForTaskSignals();
  if (e.EXECUTOR === 'local') {
    // Picks up tasks left queued or interrupted by a previous process.
    const { startLocalWorker } = await import('./server/jobs/executor');
    await startLocalWorker();
    const { startRetentionTimer } = await import('./server/retention/retention-timer');
    startRetentionTimer(await getDb());
  }
  if (e.IDLE_GC && e.NODE_ENV === 'production') {
    // Memory back after a burst: one full collection when the process turns idle (server/runtime/idle-gc.ts).
    const { startIdleGc } = await import('./server/runtime/idle-gc');
    startIdleGc();
  }
  if (e.WARM_UP && e.NODE_ENV === 'production') {
    // Load every API route's code before taking traffic (/api/ready waits for it).
    const { startWarmUp } = await import('./server/health/warm-up');
    startWarmUp();
  }
}
