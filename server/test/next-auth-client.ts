// Drives the real next-auth route (app/api/auth/[...nextauth]) in-process, as a browser's
// next-auth client does: GET /csrf for the token and cookie, then POST /callback/credentials with
// `json=true`. next-auth reads headers and cookies through next/headers, so each call runs inside
// the request stores Next.js sets up for a route handler.
import 'next/dist/server/node-environment-baseline'; // AsyncLocalStorage on globalThis, before Next's stores load
import { NextRequest } from 'next/server';
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
import { createRequestStoreForAPI } from 'next/dist/server/async-storage/request-store';
import { GET, POST } from '@/app/api/auth/[...nextauth]/route';

const BASE = 'http://localhost:3000/api/auth';

async function inRoute(req: NextRequest, segments: string[]): Promise<Response> {
  const workStore = { route: '/api/auth/[...nextauth]', page: '/api/auth/[...nextauth]/route', forceStatic: false, dynamicShouldError: false };
  const requestStore = createRequestStoreForAPI(
    req,
    new URL(req.url),
    undefined as unknown as Parameters<typeof createRequestStoreForAPI>[2],
    () => {},
    undefined,
    undefined,
  );
  const handler = req.method === 'GET' ? GET : POST;
  return workAsyncStorage.run(workStore as unknown as Parameters<typeof workAsyncStorage.run>[0], () =>
    workUnitAsyncStorage.run(requestStore, () => handler(req, { params: Promise.resolve({ nextauth: segments }) })),
  );
}

export interface SignInReply {
  status: number;
  headers: Headers;
  json: any;
  /** The session cookie next-auth set, when the sign-in succeeded. */
  session: string | null;
  ms: number;
}

/** A next-auth CSRF token and the cookie that goes with it. */
export async function csrf(): Promise<{ token: string; cookie: string }> {
  const res = await inRoute(new NextRequest(`${BASE}/csrf`), ['csrf']);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { token: csrfToken, cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
}

/** One credentials sign-in, from `address` (X-Forwarded-For). */
export async function signIn(email: string, password: string, address: string, token?: { token: string; cookie: string }): Promise<SignInReply> {
  const t = token ?? (await csrf());
  const body = new URLSearchParams({ csrfToken: t.token, email, password, json: 'true', callbackUrl: 'http://localhost:3000/dashboard' });
  const req = new NextRequest(`${BASE}/callback/credentials`, {
    method: 'POST',
    headers: { cookie: t.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
    body,
  });
  const started = performance.now();
  const res = await inRoute(req, ['callback', 'credentials']);
  const text = await res.text();
  const ms = performance.now() - started;
  const session = res.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token=')) ?? null;
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined, session, ms };
}
