// DELETE /runs/{id}/edit-sessions: ends every edit session of a run of the caller's org at once.
import 'server-only';
import type { Db } from '../db/client';
import { getRun } from '../runs/get-run';
import { forgetRunPolls } from '../runs/poll-cache';

export async function revokeEditSessions(db: Db, orgId: string, runId: string): Promise<{ run_id: string; revoked: number }> {
  const run = await getRun(db, orgId, runId);
  const { count } = await db.editSession.deleteMany({ where: { runId: run.id, orgId } });
  forgetRunPolls(run.id); // a poll must not hand out a revoked edit_url
  return { run_id: run.id, revoked: count };
}
