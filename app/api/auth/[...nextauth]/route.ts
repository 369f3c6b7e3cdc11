import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/auth-options';

type RouteHandler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return (NextAuth(authOptions()) as RouteHandler)(req, ctx);
}

export { handler as GET, handler as POST };
