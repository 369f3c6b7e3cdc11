/** Shared plumbing of the scripted model servers: a real HTTP server on 127.0.0.1:0 that records requests and answers from a script. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { estimateTokens } from '../estimate-tokens';

export interface ScriptedToolCall {
  name: string;
  input: unknown;
}

export interface ScriptedReply {
  /** assistant text (the final answer, or text beside tool calls) */
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** wait this long before answering (slow-model tests) */
  delayMs?: number;
  /** answer with this HTTP status and an error body instead */
  status?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** the parsed JSON body */
  body: Record<string, unknown>;
  /** the body as received */
  raw: string;
  /** tokens the server charged for the request (characters / 4 of the serialized prompt and tools) */
  promptTokens: number;
}

/** A list of replies in order, or a function of the request (and its index). */
export type Script = ScriptedReply[] | ((req: RecordedRequest, index: number) => ScriptedReply | Promise<ScriptedReply>);

export interface ScriptedServer {
  /** base URL including /v1, e.g. http://127.0.0.1:41234/v1 */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface ScriptedServerSpec {
  path: string;
  /** the part of the request that is "prompt" for token counting */
  promptOf: (body: Record<string, unknown>) => unknown;
  render: (reply: ScriptedReply, req: RecordedRequest, index: number, outputTokens: number) => unknown;
  renderError: (status: number) => unknown;
}

export async function startScriptedServer(spec: ScriptedServerSpec, script: Script): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const path = (req.url ?? '').split('?')[0] ?? '';
        if (req.method !== 'POST' || path !== spec.path) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
          return;
        }
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(spec.renderError(400)));
          return;
        }
        const recorded: RecordedRequest = { method: req.method, path, headers: req.headers, body, raw, promptTokens: estimateTokens(JSON.stringify(spec.promptOf(body))) };
        const index = requests.length;
        requests.push(recorded);
        const reply: ScriptedReply | undefined = typeof script === 'function' ? await script(recorded, index) : script[index];
        const send = () => {
          if (res.destroyed) return;
          if (!reply) {
            res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `script has no reply #${index}` } }));
            return;
          }
          if (reply.status && reply.status >= 400) {
            res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(spec.renderError(reply.status)));
            return;
          }
          const outputTokens = estimateTokens(JSON.stringify({ text: reply.text ?? '', calls: reply.toolCalls ?? [] }));
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(spec.render(reply, recorded, index, outputTokens)));
        };
        if (reply?.delayMs) {
          const t = setTimeout(() => {
            timers.delete(t);
            send();
          }, reply.delayMs);
          timers.add(t);
        } else send();
      })();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('scripted server has no port');
  return {
    url: `http://127.0.0.1:${addr.port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
