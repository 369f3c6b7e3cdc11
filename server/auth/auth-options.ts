// next-auth (v4) for dashboard users: email + password by default, GitHub/Google when configured.
// JWT sessions (required by the credentials provider); users live in our own tables.
import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { getDb } from '../db/client';
import { env } from '../env';
import { clientAddress } from '../http/client-address';
import { linkOAuthUser } from './link-oauth-user';
import { signInWithPassword } from './password-sign-in';

export function authOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      // Same work and answer for unknown emails; failures count towards the sign-in throttle,
      // which credentials-sign-in-guard.ts enforces before next-auth runs.
      async authorize(credentials, req) {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers ?? {})) if (typeof v === 'string') headers.set(k, v);
        return signInWithPassword(await getDb(), credentials, clientAddress(headers));
      },
    }),
  ];
  if (e.GITHUB_CLIENT_ID && e.GITHUB_CLIENT_SECRET) {
    providers.push(GitHubProvider({ clientId: e.GITHUB_CLIENT_ID, clientSecret: e.GITHUB_CLIENT_SECRET }));
  }
  if (e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET }));
  }
  return {
    secret: e.AUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
    pages: { signIn: '/login' },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.provider === 'credentials') return true;
        if (!user.email) return false;
        const db = await getDb();
        const linked = await linkOAuthUser(db, { email: user.email, name: user.name ?? null, account });
        user.id = linked.id;
        return true;
      },
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
