import 'server-only';
import type { Invitation } from '../db/generated/client';

export function invitationState(i: Invitation, now = new Date()): 'pending' | 'accepted' | 'revoked' | 'expired' {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  if (i.expiresAt <= now) return 'expired';
  return 'pending';
}

export function serializeInvitation(i: Invitation) {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    state: invitationState(i),
    expires_at: i.expiresAt.toISOString(),
    accepted_at: i.acceptedAt?.toISOString() ?? null,
    created_at: i.createdAt.toISOString(),
  };
}
