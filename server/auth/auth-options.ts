// next-auth (v4) for dashboard users: email + password by default, GitHub/Google when configured.
// JWT sessions (required by the credentials provider); users live in our own tables.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { getDb } from '../db/client';
import { env } from '../env';
import { linkOAuthUser } from './link-oauth-user';
import { verifyPassword } from './password';

export function authOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        const email = credentials?.email?.trim().toLowerCase();
        if (!email || !credentials?.password) return null;
        const db = await getDb();
        const user = await db.user.findUnique({ where: { email } });
        if (!user?.passwordHash || !(await verifyPassword(credentials.password, user.passwordHash))) return null;
        return { id: user.id, email: user.email, name: user.name };
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
