// Invitation links carry an opaque random token; only its SHA-256 is stored.
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { env } from '../env';

export const INVITATION_TTL_DAYS = 7;

export function newInvitationToken(): { token: string; hash: string } {
  const token = `dsi_${randomBytes(24).toString('base64url')}`;
  return { token, hash: hashInvitationToken(token) };
}

export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const invitationUrl = (token: string) => `${env().APP_URL.replace(/\/$/, '')}/invite/${encodeURIComponent(token)}`;
