// Failed API-key attempts per client address (issue 14): past API_KEY_FAILURE_LIMIT in a window the
// address gets 429 + Retry-After before any key lookup; other addresses and keys this instance has
// verified keep working; successes write nothing for it. Real route handlers, real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as signup } from './signup/route';
import { GET as verify } from './verify/route';
import { generateApiKey } from '@/server/auth/api-key-format';
import { resetApiKeyBlocksForTests } from '@/server/auth/api-key-failure-budget';
import { forgetValidKeysForTests } from '@/server/auth/recent-valid-keys';
import { registerUser } from '@/server/auth/register-user';
import { newId } from '@/server/db/ids';
import { resetEnvForTests } from '@/server/env';
import { call, sessionCookie } from '@/server/test/api-client';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
const saved = { ...process.env };
let key = '';
let orgId = '';
let userId = '';

const from = (address: string, k: string) => ({ key: k, headers: { 'x-forwarded-for': address } });
const buckets = () => t.db.rateLimitBucket.findMany({ orderBy: { key: 'asc' } });

beforeAll(async () => {
  // Per-key request limiting off, so that a successful request's own writes are none at all.
  process.env.RATE_LIMIT_PER_MINUTE = '0';
  resetEnvForTests();
  const { user } = await registerUser(t.db, { email: 'keys@example.test', password: 'correct horse battery', name: 'Keys' });
  userId = user.id;
  const s = await call(signup, 'POST', '/api/v1/signup', { cookie: await sessionCookie(user.id, user.email), json: {} });
  expect(s.status).toBe(201);
  key = s.json.api_key.key;
  orgId = s.json.organization.id;
});

afterAll(() => {
  process.env = saved;
  resetEnvForTests();
});

describe('failed API keys per address', () => {
  it('300 bad keys from one address: 401 up to the limit, then 429 with Retry-After, and no lookups past it', async () => {
    resetApiKeyBlocksForTests();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 300; i++) {
      // Alternate well-formed unknown keys (a database lookup each) and junk (refused by checksum).
      const bad = i % 2 ? generateApiKey().secret : `dsk_${'x'.repeat(46)}`;
      const r = await call(verify, 'GET', '/api/v1/verify', from('203.0.113.7', bad));
      statuses.push(r.status);
      if (r.status === 429) limited ??= r;
    }
    const limit = 50; // API_KEY_FAILURE_LIMIT's default
    // The window (60 s) may roll over once during the loop: then a second budget is spent.
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThanOrEqual(limit);
    expect(statuses.slice(0, first429).every((s) => s === 401)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(300 - 2 * limit - 1);
    expect(limited!.json.error).toMatchObject({ code: 'rate_limited' });
    expect(limited!.json.error.request_id).toBe(limited!.headers.get('x-request-id'));
    const retry = Number(limited!.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    // Once blocked, refusals come from memory: the shared counter stopped at limit + 1 per window.
    const counted = (await buckets()).filter((b) => b.key === 'keyfail:203.0.113.7');
    expect(counted.every((b) => b.count <= limit + 1)).toBe(true);
    expect(counted.reduce((n, b) => n + b.count, 0)).toBeLessThan(2 * (limit + 1) + 1);
  });

  it('another address is not affected, and a key verified before still works from the blocked one', async () => {
    const other = await call(verify, 'GET', '/api/v1/verify', from('198.51.100.9', generateApiKey().secret));
    expect(other.status).toBe(401);
    expect(other.json.error.code).toBe('invalid_api_key');
    // A valid key this instance has verified (beforeAll signed up, then this) passes the block…
    expect((await call(verify, 'GET', '/api/v1/verify', from('198.51.100.9', key))).status).toBe(200);
    expect((await call(verify, 'GET', '/api/v1/verify', from('203.0.113.7', key))).status).toBe(200);
    // …a key it has not seen yet waits like any other attempt from that address.
    const fresh = generateApiKey();
    await t.db.apiKey.create({
      data: { id: newId('key'), orgId, createdById: userId, name: 'fresh', role: 'owner', prefix: fresh.prefix, hash: fresh.hash },
    });
    forgetValidKeysForTests();
    const waiting = await call(verify, 'GET', '/api/v1/verify', from('203.0.113.7', fresh.secret));
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('a successful request writes nothing to the rate-limit table (failures are what is counted)', async () => {
    resetApiKeyBlocksForTests();
    await call(verify, 'GET', '/api/v1/verify', from('192.0.2.44', key)); // lastUsedAt settles (once a minute)
    const before = await buckets();
    for (let i = 0; i < 25; i++) expect((await call(verify, 'GET', '/api/v1/verify', from('192.0.2.44', key))).status).toBe(200);
    expect(await buckets()).toEqual(before);
  });

  it('counts behind proxies by the address the outermost trusted proxy wrote (TRUSTED_PROXIES)', async () => {
    resetApiKeyBlocksForTests();
    process.env.TRUSTED_PROXIES = '2';
    process.env.API_KEY_FAILURE_LIMIT = '3';
    resetEnvForTests();
    try {
      // client-sent junk, the client as the CDN saw it, the CDN as the inner proxy saw it
      const via = (junk: string) => ({ key: generateApiKey().secret, headers: { 'x-forwarded-for': `${junk}, 192.0.2.80, 10.0.0.2` } });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await call(verify, 'GET', '/api/v1/verify', via(`1.1.1.${i}`))).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect((await buckets()).some((b) => b.key.startsWith('keyfail:192.0.2.80'))).toBe(true);
    } finally {
      delete process.env.TRUSTED_PROXIES;
      delete process.env.API_KEY_FAILURE_LIMIT;
      resetEnvForTests();
    }
  });
});
