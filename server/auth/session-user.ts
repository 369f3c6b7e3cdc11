// Reads the next-auth session (JWT strategy) from a request's cookies, without Next's request
// context, so that route handlers and tests authenticate sessions the same way.
import { decode } from 'next-auth/jwt';
import { env } from '../env';

export interface SessionPrincipal {
  kind: 'session';
  userId: string;
  email: string | null;
}

export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

function readCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

export async function sessionFromRequest(headers: Headers): Promise<SessionPrincipal | null> {
  const cookies = readCookies(headers.get('cookie'));
  for (const name of SESSION_COOKIES) {
    // next-auth splits large tokens into name.0, name.1, …
    let token = cookies.get(name);
    if (!token && cookies.has(`${name}.0`)) {
      token = '';
      for (let i = 0; cookies.has(`${name}.${i}`); i++) token += cookies.get(`${name}.${i}`);
    }
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: env().AUTH_SECRET });
      if (payload?.sub) return { kind: 'session', userId: payload.sub, email: (payload.email as string | undefined) ?? null };
    } catch {
      return null;
    }
  }
  return null;
}
