// Serves Next route handlers over real HTTP on 127.0.0.1 for tests that must go through sockets
// (concurrency, latency of one route while another works): a small method + path router, Node's
// request turned into a web Request (streamed body), the Response streamed back.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[] | undefined>> }) => Response | Promise<Response>;

export interface Route {
  method: string;
  /** e.g. /api/v1/tasks/:task_id */
  path: string;
  handler: Handler;
}

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

function matcher(path: string): RegExp {
  return new RegExp(`^${path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`);
}

export async function startRouteServer(routes: Route[]): Promise<RouteServer> {
  const compiled = routes.map((r) => ({ ...r, re: matcher(r.path) }));
  const server = http.createServer((req, res) => {
    void serve(req, res);
  });
  async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      const route = compiled.find((r) => r.method === req.method && r.re.test(url.pathname));
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const params = Object.fromEntries(Object.entries(route.re.exec(url.pathname)!.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(url, {
        method: req.method,
        headers,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
      });
      const response = await route.handler(request, { params: Promise.resolve(params) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      res.end();
    } catch (err) {
      res.writeHead(599).end(String(err));
    }
  }
  // Node closes an idle keep-alive socket after 5 s; a client reusing it at that moment gets
  // ECONNRESET (seen under a loaded CI machine). Tests keep sockets longer than any pause they make.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
