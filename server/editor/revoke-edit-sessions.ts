// DELETE /runs/{id}/edit-sessions: ends every edit session of a run of the caller's org at once.
import 'server-only';
import type { Db } from '../db/client';
import { getRun } from '../runs/get-run';

export async function revokeEditSessions(db: Db, orgId: string, runId: string): Promise<{ run_id: string; revoked: number }> {
  const run = await getRun(db, orgId, runId);
  const { count } = await db.editSession.deleteMany({ where: { runId: run.id, orgId } });
  return { run_id: run.id, revoked: count };
}
