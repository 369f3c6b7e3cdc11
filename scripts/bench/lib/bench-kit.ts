/**
 * Helpers shared by the benchmarks in scripts/bench/: percentiles, timing, a private embedded
 * stack (temporary PGlite database and blob folder), a bench organization with an API key, calling
 * a route handler, and the run/cleanup wrapper. This folder is not a benchmark: scripts/bench.ts
 * runs only the .ts files directly in scripts/bench/.
 *
 * Nothing here imports a server module at load time: a bench sets its environment first
 * (`embeddedStack`), then imports the server code it measures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

/** The p-th percentile (nearest rank) of the samples, which need not be sorted; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
export const p50 = (samples: readonly number[]) => percentile(samples, 50);
export const p95 = (samples: readonly number[]) => percentile(samples, 95);

/** Milliseconds right-aligned in a 9-character column, one decimal under 10 ms. */
export const fmtMs = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`.padStart(9);

/** Runs `fn` and returns its result with the wall time it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - t0 };
}

/** `node v20.x, 2 CPUs, load average 0.50 0.40 0.30`: the machine a figure was measured on. */
export function machineLine(): string {
  return `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

/**
 * A private embedded stack for one bench: a new temporary DATA_DIR, no DATABASE_URL, and `env`.
 * Call it before importing any server module (they read the environment once).
 */
export function embeddedStack(prefix: string, env: Record<string, string> = {}): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `docsmith-bench-${prefix}-`));
  process.env.DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  Object.assign(process.env, env);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a bench: an error is printed and sets exit code 1; `cleanup` runs in any case. */
export function runBench(main: () => Promise<void>, cleanup?: () => void): void {
  main()
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(() => cleanup?.());
}

/** A workspace "Bench" with `grant` credits and an owner API key (its secret), on the bench's database. */
export async function benchOrg(grant: number) {
  const { getDb } = await import('../../../server/db/client');
  const { createOrganization } = await import('../../../server/auth/create-organization');
  const { generateApiKey } = await import('../../../server/auth/api-key-format');
  const { newId } = await import('../../../server/db/ids');
  const db = await getDb();
  const org = await db.$transaction((tx) =>
    createOrganization(tx, { name: 'Bench', kind: 'workspace', ownerId: null, grant }),
  );
  const k = generateApiKey();
  await db.apiKey.create({
    data: { id: newId('key'), orgId: org.id, name: 'bench', role: 'owner', prefix: k.prefix, hash: k.hash },
  });
  return { db, org, apiKey: k.secret };
}

export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * POSTs `body` as JSON to a route handler (`route` below /api/v1/) with the API key, the way a
 * client would; `ms` is the time until the response body is parsed.
 */
export async function postRoute(
  handler: RouteHandler,
  route: string,
  body: unknown,
  apiKey: string,
  params: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; ms: number }> {
  const t0 = performance.now();
  const req = new Request(`http://localhost:3000/api/v1/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify(body),
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, json, ms: performance.now() - t0 };
}
