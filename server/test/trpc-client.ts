// Calls the dashboard's tRPC endpoint through its real fetch handler, as a browser would (session
// cookie; queries as GET with ?input=, mutations as POST), and signs up dashboard users.
import { GET, POST } from '@/app/api/trpc/[trpc]/route';
import { registerUser } from '../auth/register-user';
import type { Db } from '../db/client';
import { sessionCookie } from './api-client';

export interface TrpcReply {
  status: number;
   
  data: any;
  error: { message: string; data: { code: string; httpStatus: number; apiCode: string | null } } | null;
}

export async function trpcCall(cookie: string | null, path: string, input: unknown, method: 'GET' | 'POST'): Promise<TrpcReply> {
  const url = new URL(`http://localhost/api/trpc/${path}`);
  const headers: Record<string, string> = cookie ? { cookie } : {};
  let req: Request;
  if (method === 'GET') {
    if (input !== undefined) url.searchParams.set('input', JSON.stringify(input));
    req = new Request(url, { headers });
  } else {
    req = new Request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  }
  const res = await (method === 'GET' ? GET : POST)(req);
  const body = (await res.json()) as { result?: { data: unknown }; error?: TrpcReply['error'] };
  return { status: res.status, data: body.result?.data ?? null, error: body.error ?? null };
}

/** A registered user (with their personal org) and a session cookie for them. */
export async function dashboardUser(db: Db, email: string) {
  const { user, personalOrg } = await registerUser(db, { email, password: 'correct horse battery', name: email.split('@')[0] });
  const cookie = await sessionCookie(user.id, email);
  return {
    user,
    personalOrg,
    cookie,
    query: (path: string, input?: unknown) => trpcCall(cookie, path, input, 'GET'),
    mutate: (path: string, input: unknown) => trpcCall(cookie, path, input, 'POST'),
  };
}
