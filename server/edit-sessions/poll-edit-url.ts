// The edit_url of a completed task's poll (GET /tasks/{id}). Polling must not mint a session per
// request: a caller polling again gets the same URL while the session an earlier poll of its key
// minted for this run (same mode) has at least REUSE_MIN_LEFT_MS of its 15 minutes left; after that
// a new one is minted (about one per 5 minutes of polling). Such sessions have a derived token
// (derivedEditToken), so nothing but its hash is stored. GET /runs/{id} and the generate responses
// keep minting a fresh, random one per call: that is the URL to give each viewer.
import 'server-only';
import type { Db } from '../db/client';
import { derivedEditToken } from './edit-token';
import { mintEditSession } from './mint-edit-session';
import { editUrlFor } from './mint-edit-url';

export const REUSE_MIN_LEFT_MS = 10 * 60_000;

/** A live session of the caller for the run (read with the task): reusable when its token is a derived one. */
export interface EditSessionCandidate {
  id: string;
  tokenHash: string;
}

export async function pollEditUrl(
  db: Db,
  args: { orgId: string; runId: string; readOnly: boolean; apiKeyId: string; candidates: EditSessionCandidate[] },
): Promise<string> {
  for (const c of args.candidates) {
    const derived = derivedEditToken(c.id);
    if (derived.hash === c.tokenHash) return editUrlFor(args.runId, derived.token);
  }
  const s = await mintEditSession(db, {
    orgId: args.orgId,
    runId: args.runId,
    readOnly: args.readOnly,
    grant: { apiKeyId: args.apiKeyId },
    reusable: true,
  });
  return editUrlFor(args.runId, s.token);
}
