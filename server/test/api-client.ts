// Calls Next route handlers with real Request objects (the same code path as HTTP, minus routing).
import { encode } from 'next-auth/jwt';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[] | undefined>> }) => Response | Promise<Response>;

export interface CallOptions {
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** A JSON value (serialised, Content-Type set) or a raw string/buffer body. */
  json?: unknown;
  raw?: string | Uint8Array;
  key?: string;
  cookie?: string;
}

export async function call(handler: Handler, method: string, path: string, opts: CallOptions = {}) {
  const headers = new Headers(opts.headers);
  if (opts.key) headers.set('x-api-key', opts.key);
  if (opts.cookie) headers.set('cookie', opts.cookie);
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (opts.raw !== undefined) {
    body = opts.raw as BodyInit;
  }
  const req = new Request(`http://localhost:3000${path}`, { method, headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: any = undefined;  
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export async function sessionCookie(userId: string, email: string): Promise<string> {
  const token = await encode({ token: { sub: userId, email }, secret: process.env.AUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}
