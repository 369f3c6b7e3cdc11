// One HTTP POST of a webhook: node:http(s) with the SSRF-guarded lookup (the socket connects to
// the checked address), one deadline for connect + answer, no redirects followed (a 3xx is a
// failed attempt), and at most the first 4 KiB of the answer kept.
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, parseWebhookUrl, WebhookUrlRefused, type NetworkPolicy, type Resolver } from '../http/ssrf-guard';

export const RESPONSE_EXCERPT_BYTES = 4096;

export interface SendOptions {
  timeoutMs: number;
  policy: NetworkPolicy;
  resolver?: Resolver;
}

export interface SendResult {
  statusCode: number | null;
  /** Why there is no usable answer (timeout, refused address, connection error). */
  error: string | null;
  retryAfter: string | null;
  body: string | null;
  durationMs: number;
}

export async function sendWebhook(rawUrl: string, body: string, headers: Record<string, string>, opts: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  let url: URL;
  try {
    url = parseWebhookUrl(rawUrl, opts.policy).url;
  } catch (err) {
    return done({ statusCode: null, error: (err as Error).message, retryAfter: null, body: null });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const req = client.request(url, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup(opts.policy, opts.resolver),
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Docsmith-Webhooks/1.0',
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ statusCode: null, error: `timed out after ${opts.timeoutMs} ms`, retryAfter: null, body: null });
    }, opts.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      const refused = err instanceof WebhookUrlRefused || err.code === 'EWEBHOOKREFUSED';
      finish({ statusCode: null, error: refused ? err.message : `${err.code ?? 'error'}: ${err.message}`, retryAfter: null, body: null });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const complete = () =>
        finish({
          statusCode: res.statusCode ?? null,
          error: null,
          retryAfter: typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null,
          body: Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8'),
        });
      res.on('data', (c: Buffer) => {
        if (size < RESPONSE_EXCERPT_BYTES) chunks.push(c);
        size += c.length;
        // The status is what counts; do not wait for (or buffer) a large answer.
        if (size >= RESPONSE_EXCERPT_BYTES) {
          complete();
          res.destroy();
        }
      });
      res.on('end', complete);
      res.on('error', complete);
      res.on('close', complete);
    });
    req.end(body);
  });
}
