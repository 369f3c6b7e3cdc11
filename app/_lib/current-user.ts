import { headers } from 'next/headers';
import { sessionFromRequest } from '@/server/auth/session-user';
import { getDb } from '@/server/db/client';

/** The signed-in user for a server component, or null (no session, or the user no longer exists). */
export async function currentUser() {
  const session = await sessionFromRequest(await headers());
  if (!session) return null;
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: { id: true, email: true, name: true },
  });
  return user;
}
