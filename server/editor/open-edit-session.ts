// Validates an edit token for a run and slides its expiry forward (activity keeps it alive).
import 'server-only';
import type { Db } from '../db/client';
import type { EditSession, Run } from '../db/generated/client';
import { EDIT_SESSION_TTL_MS, hashEditToken, looksLikeEditToken } from '../edit-sessions/edit-token';

export type EditSessionProblem = 'invalid' | 'expired' | 'gone';

export class EditSessionError extends Error {
  constructor(readonly problem: EditSessionProblem) {
    super(
      problem === 'expired'
        ? 'this editing link has expired; ask the app for a new one'
        : problem === 'gone'
          ? 'this run expired and its files were deleted'
          : 'this editing link is not valid for this document',
    );
  }
}

export interface OpenedEditSession {
  session: EditSession;
  run: Run;
  expiresAt: Date;
}

/**
 * The session behind `token` for `runId`. A token of another run, another org's run (the run is
 * looked up with the session's org) or a made-up token are the same `invalid`.
 * `touch` (default true) records activity: expiresAt = now + 15 min.
 */
export async function openEditSession(
  db: Db,
  args: { runId: string; token: string | undefined | null; now?: Date; touch?: boolean },
): Promise<OpenedEditSession> {
  const now = args.now ?? new Date();
  if (!args.token || !looksLikeEditToken(args.token)) throw new EditSessionError('invalid');
  const found = await db.editSession.findUnique({
    where: { tokenHash: hashEditToken(args.token) },
    include: { apiKey: { select: { revokedAt: true, expiresAt: true } } },
  });
  if (!found || found.runId !== args.runId) throw new EditSessionError('invalid');
  const { apiKey, ...session } = found;
  // access dies with what granted it: a revoked or expired key, a user no longer a member
  if (apiKey && (apiKey.revokedAt || (apiKey.expiresAt && apiKey.expiresAt.getTime() <= now.getTime()))) throw new EditSessionError('invalid');
  if (session.userId && !(await db.membership.findUnique({ where: { orgId_userId: { orgId: session.orgId, userId: session.userId } }, select: { id: true } }))) {
    throw new EditSessionError('invalid');
  }
  if (session.expiresAt.getTime() <= now.getTime()) throw new EditSessionError('expired');
  const run = await db.run.findFirst({ where: { id: args.runId, orgId: session.orgId } });
  if (!run) throw new EditSessionError('invalid');
  if (run.purgedAt) throw new EditSessionError('gone');
  let expiresAt = session.expiresAt;
  if (args.touch !== false) {
    expiresAt = new Date(now.getTime() + EDIT_SESSION_TTL_MS);
    // Only while still valid: a session that expired in between is not revived.
    const { count } = await db.editSession.updateMany({
      where: { id: session.id, expiresAt: { gt: now } },
      data: { expiresAt, lastSeenAt: now },
    });
    if (!count) throw new EditSessionError('expired');
  }
  return { session, run, expiresAt };
}
