// Edit tokens: opaque random strings (not JWTs). Only their SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';

export const EDIT_TOKEN_PREFIX = 'edt_';
const TOKEN_RE = /^edt_[A-Za-z0-9_-]{43}$/;

/** 15 minutes from the last activity (the edit_url contract). */
export const EDIT_SESSION_TTL_MS = 15 * 60_000;

export function newEditToken(): { token: string; hash: string } {
  const token = EDIT_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashEditToken(token) };
}

export function hashEditToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Cheap shape check before any database lookup. */
export function looksLikeEditToken(token: string): boolean {
  return TOKEN_RE.test(token);
}
