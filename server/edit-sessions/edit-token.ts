// Edit tokens: opaque random strings (not JWTs). Only their SHA-256 is stored.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { env } from '../env';

export const EDIT_TOKEN_PREFIX = 'edt_';
const TOKEN_RE = /^edt_[A-Za-z0-9_-]{43}$/;

/** 15 minutes from the last activity (the edit_url contract). */
export const EDIT_SESSION_TTL_MS = 15 * 60_000;

export function newEditToken(): { token: string; hash: string } {
  const token = EDIT_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashEditToken(token) };
}

/** The HMAC key of derived tokens, for the AUTH_SECRET it was made from. */
let derivation: { secret: string; key: Buffer } | undefined;

/**
 * The token of a reusable session (the edit_url a task poll hands out again): an HMAC of the
 * session's id under a key derived from AUTH_SECRET. It is stored nowhere (the row holds its hash,
 * as for every token), yet the next poll by the same caller can give out the same URL instead of
 * minting a session per poll. Same shape as a random token; a changed AUTH_SECRET just stops reuse.
 */
export function derivedEditToken(sessionId: string): { token: string; hash: string } {
  const secret = env().AUTH_SECRET;
  if (derivation?.secret !== secret) derivation = { secret, key: createHash('sha256').update(`docsmith:reusable-edit-token:${secret}`).digest() };
  const key = derivation.key;
  const token = EDIT_TOKEN_PREFIX + createHmac('sha256', key).update(sessionId).digest('base64url');
  return { token, hash: hashEditToken(token) };
}

export function hashEditToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Cheap shape check before any database lookup. */
export function looksLikeEditToken(token: string): boolean {
  return TOKEN_RE.test(token);
}
