// POST …/edit/{run_id}/keepalive: the open editor reports activity; the token's TTL slides.
import 'server-only';
import type { Db } from '../db/client';
import { openEditSession } from './open-edit-session';
import { withEditSessionErrors } from './edit-session-api-error';

export async function keepEditSessionAlive(db: Db, args: { runId: string; token: string; now?: Date }) {
  const { session, run, expiresAt } = await withEditSessionErrors(() => openEditSession(db, args));
  return { run_id: run.id, read_only: session.readOnly || run.status === 'expired', expires_at: expiresAt.toISOString() };
}
