// The edit_url of a run: ${APP_URL}/api/v1/edit/{run_id}?token=… for one viewer. Used by the
// run/generation responses and by the dashboard's run page (which embeds the editor too).
import type { Db } from '../db/client';
import { env } from '../env';
import { mintEditSession, type EditGrant } from './mint-edit-session';

export function editUrlFor(runId: string, token: string): string {
  return `${env().APP_URL}/api/v1/edit/${encodeURIComponent(runId)}?token=${encodeURIComponent(token)}`;
}

/** Mints a fresh session and returns its URL. The caller has already checked that the run belongs to orgId. */
export async function mintEditUrl(db: Db, args: { orgId: string; runId: string; readOnly: boolean; grant?: EditGrant; now?: Date }): Promise<string> {
  const s = await mintEditSession(db, args);
  return editUrlFor(args.runId, s.token);
}
