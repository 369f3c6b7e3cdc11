// `npm run test:e2e:two-instances`: the collaboration spec (e2e/editor-collab.spec.ts) across two
// app instances on one PostgreSQL database — the first started by Playwright, the second here —
// with the second viewer and the API resume sent to the second instance (E2E_SECOND_ORIGIN). Live
// updates and presence then have to cross instances through LISTEN/NOTIFY.
// Needs the production build (`npm run build`) and PostgreSQL (TEST_DATABASE_URL, default
// postgresql://postgres@127.0.0.1:5432/postgres): a fresh database is created and dropped afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const admin = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const firstPort = Number(process.env.E2E_PORT ?? 3100);
const secondPort = Number(process.env.E2E_SECOND_PORT ?? firstPort + 1);

if (!existsSync('.next/BUILD_ID')) {
  console.error('e2e-two-instances: no production build; run `npm run build` first');
  process.exit(1);
}

const dbName = `docsmith_e2e_two_${Date.now()}`;
const url = new URL(admin);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();
const dataDir = mkdtempSync(path.join(tmpdir(), 'docsmith-e2e-two-'));

const adminClient = new pg.Client({ connectionString: admin });
await adminClient.connect();
await adminClient.query(`CREATE DATABASE ${dbName}`);

const env = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  DATABASE_URL: databaseUrl,
  // both instances sign edit tokens and download URLs with the same secret, and serve the same files
  AUTH_SECRET: randomBytes(32).toString('base64url'),
  DOCSMITH_E2E_DATA_DIR: dataDir,
  DATA_DIR: dataDir,
  STORAGE_DRIVER: 'local',
  LOG_LEVEL: 'warn',
  E2E_PORT: String(firstPort),
  E2E_SKIP_BUILD: '1',
  E2E_SECOND_ORIGIN: `http://127.0.0.1:${secondPort}`,
};

let second;
let status = 1;
try {
  const migrate = spawnSync('npx', ['--no-install', 'tsx', 'server/db/migrate-cli.ts'], { env, stdio: 'inherit' });
  if (migrate.status !== 0) throw new Error('migrations failed');
  second = spawn(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(secondPort)], {
    env: { ...env, APP_URL: `http://127.0.0.1:${secondPort}` },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${secondPort}/api/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the second instance did not become ready in 120 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  const run = spawnSync('npx', ['--no-install', 'playwright', 'test', 'e2e/editor-collab.spec.ts'], { env, stdio: 'inherit' });
  status = run.status ?? 1;
} catch (err) {
  console.error(`e2e-two-instances: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  if (second?.pid) {
    try {
      process.kill(-second.pid, 'SIGTERM');
    } catch {
      // already stopped
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  await adminClient.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  await adminClient.end();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(status);
