// Mints one edit session (one viewer): a single small insert; the token is returned once.
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { log } from '../log';
import { deleteExpiredEditSessions } from './delete-expired-edit-sessions';
import { derivedEditToken, EDIT_SESSION_TTL_MS, newEditToken } from './edit-token';

const SWEEP_EVERY_MS = 60_000;
let lastSweep = 0;

/** What grants an edit session: the API key of the request, or the dashboard user. It dies with it. */
export interface EditGrant {
  apiKeyId?: string | null;
  userId?: string | null;
}

export interface MintedEditSession {
  token: string;
  expiresAt: Date;
  readOnly: boolean;
}

export async function mintEditSession(
  db: Db,
  args: {
    orgId: string;
    runId: string;
    readOnly: boolean;
    grant?: EditGrant;
    now?: Date;
    /** A session whose URL the same grantor's later polls may hand out again (derivedEditToken); default: a random token, handed out once. */
    reusable?: boolean;
  },
): Promise<MintedEditSession> {
  const now = args.now ?? new Date();
  const id = newId('edit');
  const { token, hash } = args.reusable ? derivedEditToken(id) : newEditToken();
  const expiresAt = new Date(now.getTime() + EDIT_SESSION_TTL_MS);
  await db.editSession.create({
    data: {
      id,
      tokenHash: hash,
      runId: args.runId,
      orgId: args.orgId,
      readOnly: args.readOnly,
      expiresAt,
      createdAt: now,
      lastSeenAt: now,
      apiKeyId: args.grant?.apiKeyId ?? null,
      userId: args.grant?.userId ?? null,
    },
  });
  // Expired rows are swept at most once a minute per process, off the request's path.
  if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
    lastSweep = Date.now();
    deleteExpiredEditSessions(db).catch((err: unknown) => log().warn({ err }, 'edit session sweep failed'));
  }
  return { token, expiresAt, readOnly: args.readOnly };
}
