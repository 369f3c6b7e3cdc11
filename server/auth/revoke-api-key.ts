import 'server-only';
import type { Db } from '../db/client';
import { forbidden, notFound } from '../http/api-error';
import { announceKeysChanged } from '../signals/key-signals';
import { canManageKeys, type OrgActor } from './org-actor';
import { serializeApiKey } from './serialize-api-key';

/** Revokes at once (the next request with it gets 401, its edit_urls 404). Revoking twice is a no-op. */
export async function revokeApiKey(db: Db, actor: OrgActor, keyId: string, now = new Date()) {
  const key = await db.apiKey.findFirst({
    where: {
      id: keyId,
      orgId: actor.orgId,
      ...(actor.scope === 'personal' ? { createdById: actor.userId } : {}),
    },
  });
  if (!key) throw notFound('API key');
  if (!canManageKeys(actor.role)) throw forbidden(`a ${actor.role} cannot revoke API keys (owner or admin required)`);
  const row = key.revokedAt ? key : await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: now } });
  // the edit_urls minted with the key end with it (openEditSession also refuses them)
  await db.editSession.deleteMany({ where: { apiKeyId: key.id } });
  // instances that remember the key as valid forget it (server/auth/api-key-cache.ts)
  await announceKeysChanged(key.orgId);
  return serializeApiKey(row);
}
