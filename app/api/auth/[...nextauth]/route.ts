import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/auth-options';
import { guardCredentialsSignIn } from '@/server/auth/credentials-sign-in-guard';

type RouteHandler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  const refused = await guardCredentialsSignIn(req);
  if (refused) return refused;
  return (NextAuth(authOptions()) as RouteHandler)(req, ctx);
}

export { handler as GET, handler as POST };
