// Retention of edit sessions: expired rows are useless (a token cannot be revived). The retention
// job calls this; it is also called opportunistically when sessions are minted.
import type { Db } from '../db/client';

export async function deleteExpiredEditSessions(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.editSession.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
