import 'server-only';
import type { Db } from '../db/client';
import { balanceOf } from '../credits/ledger';
import { notFound } from '../http/api-error';
import type { ApiKeyPrincipal } from './verify-api-key';
import { serializeOrganization } from './serialize-organization';

/** GET /verify: the key's org, its scope and role, and the org's credit balance. */
export async function describeKey(db: Db, principal: ApiKeyPrincipal) {
  const key = await db.apiKey.findUnique({ where: { id: principal.keyId }, include: { org: true } });
  if (!key) throw notFound('API key');
  return {
    valid: true as const,
    org_id: key.orgId,
    organization: serializeOrganization(key.org),
    key: { id: key.id, name: key.name, prefix: key.prefix, scope: key.scope, role: key.role },
    credits: { balance: await balanceOf(db, key.orgId) },
  };
}
