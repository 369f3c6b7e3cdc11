import type { Db, Tx } from '../db/client';
import type { KeyScope } from '../db/generated/enums';
import { newId } from '../db/ids';
import { ApiError, forbidden } from '../http/api-error';
import { generateApiKey } from './api-key-format';
import { canManageKeys, type OrgActor } from './org-actor';
import { serializeApiKey } from './serialize-api-key';

export interface MintApiKeyInput {
  name?: string;
  scope?: KeyScope;
  expiresAt?: Date;
}

/**
 * Mints a key for the actor's org. Its role is the actor's role at mint time and never changes;
 * a personal-scope key can only mint personal keys. The secret is returned once.
 */
export async function mintApiKey(db: Db | Tx, actor: OrgActor, input: MintApiKeyInput, now = new Date()) {
  if (!canManageKeys(actor.role)) throw forbidden(`a ${actor.role} cannot create API keys (owner or admin required)`);
  const scope = input.scope ?? (actor.scope === 'personal' ? 'personal' : 'workspace');
  if (actor.scope === 'personal' && scope !== 'personal') throw forbidden('a personal key can only create personal keys');
  if (input.expiresAt && input.expiresAt <= now) {
    throw new ApiError('invalid_request', 'expires_at must be in the future', { field: 'expires_at' });
  }
  const minted = generateApiKey();
  const row = await db.apiKey.create({
    data: {
      id: newId('key'),
      orgId: actor.orgId,
      createdById: actor.userId,
      name: input.name ?? 'API key',
      scope,
      role: actor.role,
      prefix: minted.prefix,
      hash: minted.hash,
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { ...serializeApiKey(row), key: minted.secret };
}
