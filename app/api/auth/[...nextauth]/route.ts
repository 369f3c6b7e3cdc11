import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/auth-options';
import { guardCredentialsSignIn } from '@/server/auth/credentials-sign-in-guard';
import { instrumentRoute } from '@/server/http/instrument-route';

type RouteHandler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

const handler = instrumentRoute('/api/auth/{nextauth}', async (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => {
  const refused = await guardCredentialsSignIn(req);
  if (refused) return refused;
  return (NextAuth(authOptions()) as RouteHandler)(req, ctx);
});

export { handler as GET, handler as POST };
