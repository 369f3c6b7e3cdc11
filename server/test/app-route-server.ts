// Serves every route handler of app/api/v1 over real HTTP on 127.0.0.1, routed like Next's app
// router: each route.ts found on disk, [param] folders as one segment, [...param] as the rest of
// the path (an array, as Next passes it), static segments before dynamic ones, the catch-all 404
// last. For clients that must see the API as a deployment serves it (the SDK's tests).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { startRouteServer, type Route, type RouteServer } from './route-server';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Handler = Route['handler'];

interface Found {
  file: string;
  segments: string[];
}

function findRouteFiles(dir: string, segments: string[] = []): Found[] {
  const out: Found[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findRouteFiles(full, [...segments, name]));
    else if (name === 'route.ts') out.push({ file: full, segments });
  }
  return out;
}

/** Sort key: static segments first, then [param], then [...param]; compared segment by segment. */
function rank(segments: string[]): number[] {
  return segments.map((s) => (s.startsWith('[...') ? 2 : s.startsWith('[') ? 1 : 0));
}

function compareRoutes(a: Found, b: Found): number {
  const ra = rank(a.segments);
  const rb = rank(b.segments);
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const x = ra[i] ?? -1;
    const y = rb[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}

export async function startAppRouteServer(
  appDir = path.resolve('app/api/v1'),
  prefix = '/api/v1',
): Promise<RouteServer> {
  const found = findRouteFiles(appDir).sort(compareRoutes);
  const routes: Route[] = [];
  for (const f of found) {
    const catchAll = f.segments.map((s) => /^\[\.\.\.(\w+)\]$/.exec(s)?.[1]).filter((x): x is string => !!x);
    // route-server turns ":name" into one segment; a catch-all is a raw named group over the rest
    const pattern =
      prefix +
      '/' +
      f.segments.map((s) => s.replace(/^\[\.\.\.(\w+)\]$/, '(?<$1>.+)').replace(/^\[(\w+)\]$/, ':$1')).join('/');
    const mod = (await import(f.file)) as Partial<Record<(typeof METHODS)[number], Handler>>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (!handler) continue;
      routes.push({
        method,
        path: pattern,
        handler: catchAll.length
          ? (req, ctx) =>
              handler(req, {
                params: ctx.params.then((p) => ({
                  ...p,
                  ...Object.fromEntries(catchAll.map((k) => [k, String(p[k]).split('/')])),
                })),
              })
          : handler,
      });
    }
  }
  return startRouteServer(routes);
}
