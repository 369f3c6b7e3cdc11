// The verified-key cache: a repeated request with a key costs no lookup, and every change of keys
// (revocation through the service, a member removed, or a signal from another instance) is seen
// by the very next request.
import pg from 'pg';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../db/ids';
import { DbNotifications } from '../db/notifications';
import { announceKeysChanged, keySignalsReliable } from '../signals/key-signals';
import { setupTestDb } from '../test/test-db';
import { clearKeyCacheForTests, keyCacheGeneration, rememberKey } from './api-key-cache';
import { generateApiKey, hashApiKey } from './api-key-format';
import { revokeApiKey } from './revoke-api-key';
import { verifyApiKey } from './verify-api-key';

const t = setupTestDb();
const pgUrl = process.env.TEST_DATABASE_URL;

async function newKey(expiresAt: Date | null = null) {
  const orgId = newId('org');
  await t.db.organization.create({ data: { id: orgId, name: 'Cache org', kind: 'workspace' } });
  const k = generateApiKey();
  const id = newId('key');
  await t.db.apiKey.create({ data: { id, orgId, name: 'k', role: 'owner', prefix: k.prefix, hash: k.hash, expiresAt } });
  return { id, orgId, secret: k.secret, hash: k.hash };
}

/** Revokes behind the services' back: only a cached entry can still accept the key afterwards. */
const revokeSilently = (id: string) => t.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });

beforeAll(async () => {
  // PostgreSQL: until this process LISTENs the cache is not used at all
  for (let i = 0; i < 200 && !(await keySignalsReliable()); i++) await new Promise((r) => setTimeout(r, 50));
});
beforeEach(() => clearKeyCacheForTests());

describe('one instance', () => {
  it('control: without a cached entry a key revoked in the database is refused', async () => {
    const k = await newKey();
    await revokeSilently(k.id);
    await expect(verifyApiKey(t.db, k.secret)).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it('a verified key is not looked up again within seconds', async () => {
    const k = await newKey();
    expect((await verifyApiKey(t.db, k.secret)).keyId).toBe(k.id);
    await revokeSilently(k.id); // a change nobody announced: the cache answers
    expect((await verifyApiKey(t.db, k.secret)).keyId).toBe(k.id);
    // ...for at most its TTL
    await expect(verifyApiKey(t.db, k.secret, new Date(Date.now() + 11_000))).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it('revoking through the service is refused by the very next request', async () => {
    const k = await newKey();
    await verifyApiKey(t.db, k.secret);
    await revokeApiKey(t.db, { orgId: k.orgId, role: 'owner', scope: 'workspace', userId: null, keyId: null }, k.id);
    await expect(verifyApiKey(t.db, k.secret)).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it("a change announced for the key's organization drops it; another organization's does not", async () => {
    const a = await newKey();
    const b = await newKey();
    await verifyApiKey(t.db, a.secret);
    await verifyApiKey(t.db, b.secret);
    await revokeSilently(a.id);
    await revokeSilently(b.id);
    await announceKeysChanged(a.orgId);
    await expect(verifyApiKey(t.db, a.secret)).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect((await verifyApiKey(t.db, b.secret)).keyId).toBe(b.id);
  });

  it("a key's own expiry is checked on every use", async () => {
    const k = await newKey(new Date(Date.now() + 2_000));
    await verifyApiKey(t.db, k.secret);
    await expect(verifyApiKey(t.db, k.secret, new Date(Date.now() + 3_000))).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it('a lookup that started before a change is not stored', async () => {
    const k = await newKey();
    const principal = await verifyApiKey(t.db, k.secret);
    clearKeyCacheForTests();
    const generation = keyCacheGeneration();
    await announceKeysChanged(k.orgId);
    rememberKey(hashApiKey(k.secret), { principal, expiresAt: null, lastUsedAt: Date.now(), cachedAt: Date.now() }, generation);
    await revokeSilently(k.id);
    await expect(verifyApiKey(t.db, k.secret)).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it.runIf(!pgUrl)('the embedded database always hears every change (one process)', async () => {
    expect(await keySignalsReliable()).toBe(true);
  });
});

describe.runIf(!!pgUrl)('PostgreSQL (several instances)', () => {
  it("another instance's announcement reaches this one before its next request", async () => {
    expect(await keySignalsReliable()).toBe(true);
    const k = await newKey();
    await verifyApiKey(t.db, k.secret);
    await revokeSilently(k.id);
    expect((await verifyApiKey(t.db, k.secret)).keyId).toBe(k.id); // cached
    const u = new URL(pgUrl!);
    u.pathname = `/${(t.handle as unknown as { name: string }).name}`;
    const pool = new pg.Pool({ connectionString: u.toString(), max: 1 });
    const other = new DbNotifications(u.toString(), pool, 'other-instance');
    try {
      await other.notify('keys_changed', k.orgId);
      let refused = false;
      for (let i = 0; i < 100 && !refused; i++) {
        refused = await verifyApiKey(t.db, k.secret).then(
          () => false,
          () => true,
        );
        if (!refused) await new Promise((r) => setTimeout(r, 20));
      }
      expect(refused).toBe(true);
    } finally {
      await other.close();
      await pool.end();
    }
  });
});
