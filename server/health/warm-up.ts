// Production start-up warm-up. Next.js loads a route's own code (and everything it imports) on the
// route's first request, on the request thread: the first generate call after a start spent
// 0.3–1 s loading modules while every other request of the instance waited. So once the server
// listens, the instance sends itself one OPTIONS request per API route (Next answers it after
// loading the route's code, without running a handler), and /api/ready stays "not ready" until
// that is done: a load balancer sends traffic only to an instance whose code is loaded.
//
// The state lives on globalThis: instrumentation.ts (which starts this) and the route handlers
// (which read it) are separate module instances in the production build.
import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export type WarmUpState = 'off' | 'pending' | 'done' | 'skipped';

interface WarmUp {
  state: WarmUpState;
  routes: number;
  ms: number;
}

const KEY = Symbol.for('docsmith.warm-up');
const g = globalThis as unknown as Record<symbol, WarmUp | undefined>;

/** The warm-up's state in this process (`off` when it was never started: dev server, tests). */
export function warmUpStatus(): WarmUp {
  return g[KEY] ?? { state: 'off', routes: 0, ms: 0 };
}

/** `/api/v1/runs/[run_id]/export/route` → `/api/v1/runs/warm-up/export`: any value loads the route. */
export function routeProbePath(manifestKey: string): string {
  return manifestKey
    .replace(/\/route$/, '')
    .split('/')
    .map((seg) => (seg.startsWith('[') ? 'warm-up' : seg))
    .join('/');
}

/** API route paths of the production build (from its app-paths manifest). */
export async function apiRoutePaths(distDir = path.join(/* turbopackIgnore: true */ process.cwd(), '.next')): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(/* turbopackIgnore: true */ distDir, 'server', 'app-paths-manifest.json'), 'utf8')) as Record<string, string>;
  return Object.keys(manifest)
    .filter((k) => k.startsWith('/api/') && k.endsWith('/route'))
    .map(routeProbePath)
    .sort();
}

/** Where this process answers, once `next start` listens (it sets PORT then); null until then. */
function ownOrigin(): string | null {
  const origin = process.env.__NEXT_PRIVATE_ORIGIN;
  if (origin && /^https?:\/\//.test(origin)) return origin.replace(/\/+$/, '').replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://[::1]');
  return process.env.PORT ? `http://127.0.0.1:${process.env.PORT}` : null;
}

/**
 * Starts the warm-up in the background (instrumentation.ts, production only). Waits up to
 * `waitMs` for the server to listen; when it cannot reach itself the state becomes `skipped` and
 * readiness no longer waits for it.
 */
export function startWarmUp(options: { waitMs?: number; distDir?: string } = {}): void {
  if (g[KEY]) return;
  const status: WarmUp = { state: 'pending', routes: 0, ms: 0 };
  g[KEY] = status;
  const t0 = Date.now();
  void (async () => {
    let origin: string | null = null;
    while (!(origin = ownOrigin()) && Date.now() - t0 < (options.waitMs ?? 30_000)) await new Promise((r) => setTimeout(r, 50));
    if (!origin) return 'skipped' as const;
    const paths = await apiRoutePaths(options.distDir);
    let reached = 0;
    for (const p of paths) {
      try {
        const res = await fetch(`${origin}${p}`, { method: 'OPTIONS', headers: { 'x-docsmith-warm-up': '1' }, signal: AbortSignal.timeout(30_000) });
        await res.arrayBuffer();
        reached++;
      } catch {
        /* one route that cannot be reached does not stop the others */
      }
    }
    status.routes = reached;
    return reached ? ('done' as const) : ('skipped' as const);
  })()
    .catch(() => 'skipped' as const)
    .then((state) => {
      status.state = state;
      status.ms = Date.now() - t0;
    });
}
