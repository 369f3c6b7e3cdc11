import type { ApiKey } from '../db/generated/client';
import { iso } from '../http/common-schemas';

export function serializeApiKey(k: ApiKey) {
  return {
    id: k.id,
    org_id: k.orgId,
    name: k.name,
    prefix: k.prefix,
    scope: k.scope,
    role: k.role,
    created_by: k.createdById,
    created_at: k.createdAt.toISOString(),
    last_used_at: iso(k.lastUsedAt),
    expires_at: iso(k.expiresAt),
    revoked_at: iso(k.revokedAt),
  };
}
