// Prisma 6.19 CLI config used ONLY by this tool (never by the app, which uses Prisma 7).
// `engine: "js"` + `experimental.adapter` make the CLI run its bundled WebAssembly schema engine
// through a driver adapter instead of downloading the native engine. The databases are a throwaway
// in-memory PGlite (PostgreSQL compiled to WebAssembly), so no PostgreSQL server is needed.
import { defineConfig } from 'prisma/config';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

// One in-memory PGlite serves as both the "main" and the shadow database: `migrate diff` only asks
// the main one whether a schema exists, and PGlite's initdb costs ~5 s per instance, so one is enough.
// The stock adapter is wrapped:
//  - the schema engine applies each migration.sql through executeRaw (no parameters) in one call, which
//    the adapter sends as a prepared statement: PostgreSQL rejects several commands in one ("cannot
//    insert multiple commands into a prepared statement"). Parameterless SQL goes through `exec`
//    (simple query protocol) instead, which accepts a whole script.
//  - executeScript: it does not await `exec`, so a failing script would surface as an unhandled
//    rejection instead of an error; await it so Prisma reports the failure.
//  - dispose: close PGlite once the last adapter is disposed, so nothing keeps the process alive.
let db;
let users = 0;
async function openAdapter() {
  db ??= PGlite.create();
  const pg = await db;
  users++;
  const adapter = await new PrismaPGlite(pg).connect();
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    try {
      const results = await pg.exec(query.sql);
      return results.reduce((n, r) => n + (r.affectedRows ?? 0), 0);
    } catch (e) {
      adapter.onError(e);
    }
  };
  adapter.executeScript = async (script) => {
    try {
      await pg.exec(script);
    } catch (e) {
      adapter.onError(e);
    }
  };
  adapter.dispose = async () => {
    if (--users === 0) await pg.close();
  };
  return adapter;
}

// PGlite emulates PostgreSQL's setitimer() with 10 s setTimeouts that keep the CLI alive long after it
// has printed its result. This config runs inside the short-lived CLI process only, so unref such
// long timers there: they never need to hold the process open.
const setTimeoutOrig = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefLong(fn, ms, ...args) {
  const t = setTimeoutOrig.call(this, fn, ms, ...args);
  if (ms >= 1000) t.unref?.();
  return t;
};

const factory = {
  provider: 'postgres',
  adapterName: 'pglite-prisma-adapter',
  connect: openAdapter,
  connectToShadowDb: openAdapter,
};

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => factory,
});
