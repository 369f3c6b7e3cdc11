// Runs once when a server process starts: validates configuration and opens (and, for the
// embedded database, migrates) the database so that problems show at start-up, not first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('./server/env');
  const e = env();
  const { getDb, getDbHandle } = await import('./server/db/client');
  const handle = await getDbHandle();
  console.log(`[docsmith] database ready (${handle.kind}${e.embeddedDatabase ? ` in ${e.DATA_DIR}/pglite` : ''})`);
  if (e.EXECUTOR === 'local') {
    // Picks up tasks left queued or interrupted by a previous process.
    const { startLocalWorker } = await import('./server/jobs/executor');
    await startLocalWorker();
    const { startRetentionTimer } = await import('./server/retention/retention-timer');
    startRetentionTimer(await getDb());
  }
}
