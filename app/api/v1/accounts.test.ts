// The accounts and API-key surface of v1, end to end through the route handlers, on a real
// database (PGlite by default, PostgreSQL with TEST_DATABASE_URL).
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as register } from '../../api/auth/register/route';
import { POST as signup } from './signup/route';
import { GET as verify } from './verify/route';
import { GET as listKeys, POST as mintKey } from './organizations/[org_id]/api-keys/route';
import { DELETE as revokeKey } from './organizations/[org_id]/api-keys/[key_id]/route';
import { GET as unknownRoute } from './[...path]/route';
import { generateApiKey } from '@/server/auth/api-key-format';
import { newId } from '@/server/db/ids';
import { setupTestDb } from '@/server/test/test-db';
import { call, sessionCookie } from '@/server/test/api-client';
import { dumpAllRows, rowCounts } from '@/server/test/row-counts';

const t = setupTestDb();

interface Account {
  userId: string;
  cookie: string;
  orgId: string;
  key: string;
  keyId: string;
}

async function newAccount(email: string, orgName: string): Promise<Account> {
  const r = await call(register, 'POST', '/api/auth/register', { json: { email, password: 'correct horse battery', name: orgName } });
  expect(r.status).toBe(202); // registration answers the same for new and existing emails: no user id
  const userId = (await t.db.user.findUniqueOrThrow({ where: { email } })).id;
  const cookie = await sessionCookie(userId, email);
  const s = await call(signup, 'POST', '/api/v1/signup', { cookie, json: { org_name: orgName } });
  expect(s.status).toBe(201);
  return { userId, cookie, orgId: s.json.organization.id, key: s.json.api_key.key, keyId: s.json.api_key.id };
}

const keysPath = (org: string) => `/api/v1/organizations/${org}/api-keys`;

describe('accounts and API keys', () => {
  let a: Account;
  let b: Account;
  const secrets: string[] = [];

  beforeAll(async () => {
    a = await newAccount('alice@example.com', 'Acme');
    b = await newAccount('bob@example.com', 'Globex');
    secrets.push(a.key, b.key);
  });

  it('signup → verify → mint → list → revoke, and the revoked key is refused at once', async () => {
    expect(a.key).toMatch(/^dsk_[0-9A-Za-z]{46}$/);
    const v = await call(verify, 'GET', '/api/v1/verify', { key: a.key });
    expect(v.status).toBe(200);
    expect(v.json).toMatchObject({ valid: true, org_id: a.orgId, organization: { name: 'Acme', kind: 'workspace' }, key: { role: 'owner', scope: 'workspace' }, credits: { balance: 1000 } });

    // Bearer works the same as X-API-Key.
    const vb = await call(verify, 'GET', '/api/v1/verify', { headers: { authorization: `Bearer ${a.key}` } });
    expect(vb.status).toBe(200);

    const m = await call(mintKey, 'POST', keysPath(a.orgId), { key: a.key, params: { org_id: a.orgId }, json: { name: 'CI key' } });
    expect(m.status).toBe(201);
    expect(m.json).toMatchObject({ name: 'CI key', role: 'owner', scope: 'workspace', org_id: a.orgId, revoked_at: null });
    const second = m.json.key as string;
    secrets.push(second);
    expect((await call(verify, 'GET', '/api/v1/verify', { key: second })).status).toBe(200);

    const l = await call(listKeys, 'GET', keysPath(a.orgId), { key: a.key, params: { org_id: a.orgId } });
    expect(l.status).toBe(200);
    expect(l.json.items.map((k: { name: string }) => k.name)).toEqual(['CI key', 'Default key']);
    expect(l.json.items.every((k: Record<string, unknown>) => !('key' in k) && !('hash' in k))).toBe(true);
    expect(l.text).not.toContain(second);
    expect(l.text).not.toContain(a.key);
    expect(l.json.items[0].prefix).toBe(second.slice(0, 12));

    const r = await call(revokeKey, 'DELETE', `${keysPath(a.orgId)}/${m.json.id}`, { key: a.key, params: { org_id: a.orgId, key_id: m.json.id } });
    expect(r.status).toBe(200);
    expect(r.json.revoked_at).not.toBeNull();
    const after = await call(verify, 'GET', '/api/v1/verify', { key: second });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('invalid_api_key');
  });

  it("another org's ids are 404, byte-for-byte like a random id's (except the request id)", async () => {
    const randomOrg = newId('org');
    const strip = (j: { error: Record<string, unknown> }) => ({ ...j.error, request_id: undefined });
    const cases = [
      ['GET', listKeys, { org_id: b.orgId }, { org_id: randomOrg }],
      ['POST', mintKey, { org_id: b.orgId }, { org_id: randomOrg }],
      ['DELETE', revokeKey, { org_id: b.orgId, key_id: b.keyId }, { org_id: randomOrg, key_id: newId('key') }],
    ] as const;
    for (const [method, handler, foreign, random] of cases) {
      const before = await rowCounts(t.db);
      const opts = method === 'POST' ? { json: { name: 'x' } } : {};
      const f = await call(handler, method, '/x', { key: a.key, params: foreign, ...opts });
      const r = await call(handler, method, '/x', { key: a.key, params: random, ...opts });
      expect(f.status).toBe(404);
      expect(r.status).toBe(404);
      expect(strip(f.json)).toEqual(strip(r.json));
      expect(await rowCounts(t.db)).toEqual(before);
    }
    // Org B's key id under org A's path is also just "not found", and B's key still works.
    const x = await call(revokeKey, 'DELETE', '/x', { key: a.key, params: { org_id: a.orgId, key_id: b.keyId } });
    expect(x.status).toBe(404);
    expect((await call(verify, 'GET', '/api/v1/verify', { key: b.key })).status).toBe(200);
  });

  it('a member-role key cannot mint or revoke keys (403) but can list', async () => {
    const user = await t.db.user.create({ data: { id: newId('usr'), email: 'mallory@example.com' } });
    await t.db.membership.create({ data: { id: newId('mem'), orgId: a.orgId, userId: user.id, role: 'member' } });
    const k = generateApiKey();
    await t.db.apiKey.create({
      data: { id: newId('key'), orgId: a.orgId, createdById: user.id, name: 'member', role: 'member', prefix: k.prefix, hash: k.hash },
    });
    secrets.push(k.secret);
    const before = await rowCounts(t.db);
    const m = await call(mintKey, 'POST', '/x', { key: k.secret, params: { org_id: a.orgId }, json: {} });
    expect(m.status).toBe(403);
    expect(m.json.error.code).toBe('forbidden');
    const r = await call(revokeKey, 'DELETE', '/x', { key: k.secret, params: { org_id: a.orgId, key_id: a.keyId } });
    expect(r.status).toBe(403);
    expect(await rowCounts(t.db)).toEqual(before);
    expect((await call(listKeys, 'GET', '/x', { key: k.secret, params: { org_id: a.orgId } })).status).toBe(200);
  });

  it('a personal key mints only personal keys and sees only its own user’s keys', async () => {
    const p = await call(mintKey, 'POST', '/x', { key: a.key, params: { org_id: a.orgId }, json: { name: 'mine', scope: 'personal' } });
    expect(p.status).toBe(201);
    secrets.push(p.json.key);
    const w = await call(mintKey, 'POST', '/x', { key: p.json.key, params: { org_id: a.orgId }, json: { scope: 'workspace' } });
    expect(w.status).toBe(403);
    const l = await call(listKeys, 'GET', '/x', { key: p.json.key, params: { org_id: a.orgId } });
    expect(l.json.items.every((k: { created_by: string }) => k.created_by === a.userId)).toBe(true);
    expect(l.json.items.some((k: { name: string }) => k.name === 'member')).toBe(false);
  });

  it('paginates keys with an opaque cursor and clamps limit', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await call(mintKey, 'POST', '/x', { key: b.key, params: { org_id: b.orgId }, json: { name: `k${i}` } });
      secrets.push(r.json.key);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const r = await call(listKeys, 'GET', keysPath(b.orgId) + q, { key: b.key, params: { org_id: b.orgId } });
      expect(r.status).toBe(200);
      expect(r.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.json.items.map((k: { id: string }) => k.id));
      cursor = r.json.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect([...seen].sort().reverse()).toEqual(seen);
    const zero = await call(listKeys, 'GET', keysPath(b.orgId) + '?limit=0', { key: b.key, params: { org_id: b.orgId } });
    expect(zero.json.items).toHaveLength(1);
    const big = await call(listKeys, 'GET', keysPath(b.orgId) + '?limit=5000', { key: b.key, params: { org_id: b.orgId } });
    expect(big.json.items).toHaveLength(5);
  });

  it('stores no plaintext API key anywhere in the database', async () => {
    const all = await dumpAllRows(t.db);
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const s of secrets) {
      expect(all).not.toContain(s);
      expect(all).not.toContain(s.slice(4, 30)); // nor a large piece of the secret part
    }
    expect(all).toContain('"hash":"'); // sanity: the dump does include the key rows
  });

  it('unknown v1 paths answer 404 in the error shape', async () => {
    const r = await call(unknownRoute, 'GET', '/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.json.error).toMatchObject({ code: 'not_found' });
    expect(r.json.error.request_id).toBe(r.headers.get('x-request-id'));
  });
});
