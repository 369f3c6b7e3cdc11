import type { Db } from '../db/client';
import type { KeyScope, Role } from '../db/generated/enums';
import { ApiError } from '../http/api-error';
import { hashApiKey, isWellFormedApiKey } from './api-key-format';
import { cachedKey, keyCacheGeneration, rememberKey } from './api-key-cache';

export interface ApiKeyPrincipal {
  kind: 'apiKey';
  keyId: string;
  orgId: string;
  role: Role;
  scope: KeyScope;
  userId: string | null;
}

/** Extracts the key from `X-API-Key` or `Authorization: Bearer`. */
export function apiKeyFromHeaders(headers: Headers): string | null {
  const direct = headers.get('x-api-key');
  if (direct) return direct.trim();
  const auth = headers.get('authorization');
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  return null;
}

const LAST_USED_GRANULARITY_MS = 60_000;

export async function verifyApiKey(db: Db, secret: string | null, now = new Date()): Promise<ApiKeyPrincipal> {
  if (!secret) {
    throw new ApiError('unauthorized', 'missing API key: send it as X-API-Key or Authorization: Bearer <key>');
  }
  if (!isWellFormedApiKey(secret)) {
    throw new ApiError('invalid_api_key', 'API key is malformed (checksum mismatch): check that it was copied whole');
  }
  const hash = hashApiKey(secret);
  const cached = await cachedKey(hash, now.getTime());
  if (cached) {
    if (cached.lastUsedAt === null || now.getTime() - cached.lastUsedAt > LAST_USED_GRANULARITY_MS) {
      cached.lastUsedAt = now.getTime();
      await db.apiKey.update({ where: { id: cached.principal.keyId }, data: { lastUsedAt: now } });
    }
    return cached.principal;
  }
  const generation = keyCacheGeneration();
  const key = await db.apiKey.findUnique({ where: { hash } });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) {
    throw new ApiError('invalid_api_key', 'API key is not valid (unknown, revoked or expired)');
  }
  let lastUsedAt = key.lastUsedAt?.getTime() ?? null;
  if (lastUsedAt === null || now.getTime() - lastUsedAt > LAST_USED_GRANULARITY_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
    lastUsedAt = now.getTime();
  }
  const principal: ApiKeyPrincipal = { kind: 'apiKey', keyId: key.id, orgId: key.orgId, role: key.role, scope: key.scope, userId: key.createdById };
  rememberKey(hash, { principal, expiresAt: key.expiresAt?.getTime() ?? null, lastUsedAt, cachedAt: now.getTime() }, generation);
  return principal;
}
