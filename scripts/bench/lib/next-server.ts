/**
 * The production server for benchmarks over HTTP: `next start` of the existing build on a port of
 * the bench, with the environment it is given, in its own process group (stopped as a whole), and
 * the RSS of its server process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface NextServer {
  child: ChildProcess;
  base: string;
  /** The server process (`next start` forks next-server: the largest process of the group). */
  pid: number;
}

/** Throws unless there is a production build (`npm run build`) in the working directory. */
export function requireBuild(): void {
  if (!existsSync('.next/BUILD_ID')) throw new Error('no production build: run `npm run build` first (this bench builds nothing)');
}

/** Starts `next start` and waits until `/api/ready` answers 200 (as a load balancer would). */
export async function startNextServer(port: number, env: Record<string, string>, timeoutMs = 120_000): Promise<NextServer> {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
    // as `npm start` runs it (MALLOC_ARENA_MAX=2)
    env: { MALLOC_ARENA_MAX: '2', ...process.env, NODE_ENV: 'production', APP_URL: base, LOG_LEVEL: 'warn', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start (port ${port}) exited with ${child.exitCode}`);
    if (Date.now() - t0 > timeoutMs) {
      await stopNextServer({ child, base, pid: 0 });
      throw new Error(`next start (port ${port}) was not ready within ${timeoutMs / 1000} s`);
    }
    try {
      if ((await fetch(`${base}/api/ready`)).ok) return { child, base, pid: serverPid(child) };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stops the server's whole process group and waits for it to exit. */
export async function stopNextServer(server: NextServer): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  const t = setTimeout(() => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 10_000);
  await exited;
  clearTimeout(t);
}

function serverPid(child: ChildProcess): number {
  const out = spawnSync('ps', ['-o', 'pid=,rss=', '-g', String(child.pid)], { encoding: 'utf8' }).stdout.trim().split('\n');
  const rows = out.map((l) => l.trim().split(/\s+/).map(Number)).filter((r) => r.length === 2);
  return rows.sort((a, b) => b[1]! - a[1]!)[0]![0]!;
}

/** Resident memory of a process, in MiB. */
export const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** One request with an API key to the server under test: its status and its JSON body ({} when it has none). */
export async function keyedRequest<T>(url: string, key: string, method: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<{ status: number; json: T }> {
  const res = await fetch(url, { method, body, headers: { 'x-api-key': key, ...headers } });
  const text = await res.text();
  let json = {} as T;
  try {
    if (text) json = JSON.parse(text) as T;
  } catch {
    /* not JSON */
  }
  return { status: res.status, json };
}
