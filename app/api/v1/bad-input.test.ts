// Bad input on every route added by the foundation: the documented status and error code, the
// one error shape, and nothing written (row counts of every table unchanged).
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as register } from '../../api/auth/register/route';
import { POST as signup } from './signup/route';
import { GET as verify } from './verify/route';
import { GET as listKeys, POST as mintKey } from './organizations/[org_id]/api-keys/route';
import { DELETE as revokeKey } from './organizations/[org_id]/api-keys/[key_id]/route';
import { generateApiKey } from '@/server/auth/api-key-format';
import { setupTestDb } from '@/server/test/test-db';
import { call, sessionCookie, type CallOptions } from '@/server/test/api-client';
import { rowCounts } from '@/server/test/row-counts';

const t = setupTestDb();

let key = '';
let revoked = '';
let orgId = '';
let keyId = '';
let cookie = '';

beforeAll(async () => {
  const r = await call(register, 'POST', '/api/auth/register', { json: { email: 'eve@example.com', password: 'long enough pw' } });
  expect(r.status).toBe(202);
  cookie = await sessionCookie((await t.db.user.findUniqueOrThrow({ where: { email: 'eve@example.com' } })).id, 'eve@example.com');
  const s = await call(signup, 'POST', '/api/v1/signup', { cookie, json: {} });
  key = s.json.api_key.key;
  keyId = s.json.api_key.id;
  orgId = s.json.organization.id;
  const m = await call(mintKey, 'POST', '/x', { key, params: { org_id: orgId }, json: { name: 'to revoke' } });
  revoked = m.json.key;
  await call(revokeKey, 'DELETE', '/x', { key, params: { org_id: orgId, key_id: m.json.id } });
});

const big = JSON.stringify({ name: 'x'.repeat(1_100_000) });
// A well-formed key (right checksum) that was never issued.
const unknownKey = () => generateApiKey().secret;
// A real key with one character changed: the checksum no longer matches.
const garble = (k: string) => k.slice(0, 10) + (k[10] === 'a' ? 'b' : 'a') + k.slice(11);

type Handler = Parameters<typeof call>[0];
interface Case {
  name: string;
  handler: Handler;
  method: string;
  path?: string;
  opts: () => CallOptions;
  status: number;
  code: string;
}

const json = (body: unknown) => ({ json: body });
const raw = (body: string, type = 'application/json') => ({ raw: body, headers: { 'content-type': type } });

const bodyCases = (label: string, handler: Handler, method: string, base: () => CallOptions, valid: Record<string, unknown> = {}): Case[] => [
  { name: `${label}: malformed JSON`, handler, method, opts: () => ({ ...base(), ...raw('{"name": ') }), status: 400, code: 'invalid_json' },
  { name: `${label}: wrong type`, handler, method, opts: () => ({ ...base(), ...json({ name: 42 }) }), status: 400, code: 'invalid_request' },
  { name: `${label}: not an object`, handler, method, opts: () => ({ ...base(), ...json([1, 2]) }), status: 400, code: 'invalid_request' },
  { name: `${label}: unknown parameter`, handler, method, opts: () => ({ ...base(), ...json({ ...valid, bogus: true }) }), status: 400, code: 'unknown_parameter' },
  { name: `${label}: oversized body`, handler, method, opts: () => ({ ...base(), ...raw(big) }), status: 413, code: 'payload_too_large' },
  { name: `${label}: wrong content type`, handler, method, opts: () => ({ ...base(), ...raw('name=x', 'application/x-www-form-urlencoded') }), status: 415, code: 'unsupported_media_type' },
];

const keyCases = (label: string, handler: Handler, method: string, base: () => CallOptions): Case[] => [
  { name: `${label}: missing key`, handler, method, opts: () => ({ ...base() }), status: 401, code: 'unauthorized' },
  { name: `${label}: garbled key`, handler, method, opts: () => ({ ...base(), key: garble(key) }), status: 401, code: 'invalid_api_key' },
  { name: `${label}: not a key at all`, handler, method, opts: () => ({ ...base(), key: 'hello' }), status: 401, code: 'invalid_api_key' },
  { name: `${label}: unknown key`, handler, method, opts: () => ({ ...base(), key: unknownKey() }), status: 401, code: 'invalid_api_key' },
  { name: `${label}: revoked key`, handler, method, opts: () => ({ ...base(), key: revoked }), status: 401, code: 'invalid_api_key' },
];

const orgParams = () => ({ params: { org_id: orgId } });
const withKey = (o: () => CallOptions) => () => ({ ...o(), key });

const cases: Case[] = [
  ...bodyCases('register', register, 'POST', () => ({}), { email: 'new@example.com', password: 'long enough pw' }),
  { name: 'register: bad email', handler: register, method: 'POST', opts: () => json({ email: 'nope', password: 'long enough pw' }), status: 400, code: 'invalid_request' },
  { name: 'register: short password', handler: register, method: 'POST', opts: () => json({ email: 'z@example.com', password: 'short' }), status: 400, code: 'invalid_request' },
  { name: 'register: missing fields', handler: register, method: 'POST', opts: () => json({}), status: 400, code: 'invalid_request' },
  { name: 'register: common password', handler: register, method: 'POST', opts: () => json({ email: 'z@example.com', password: 'Password-123!' }), status: 400, code: 'invalid_request' },

  ...bodyCases('signup', signup, 'POST', () => ({ cookie })).map((c) => (c.code === 'invalid_request' && c.name.includes('wrong type') ? { ...c, opts: () => ({ cookie, json: { org_name: 42 } }) } : c)),
  { name: 'signup: no session', handler: signup, method: 'POST', opts: () => json({}), status: 401, code: 'unauthorized' },
  { name: 'signup: forged session', handler: signup, method: 'POST', opts: () => ({ cookie: 'next-auth.session-token=forged.token.value', json: {} }), status: 401, code: 'unauthorized' },
  { name: 'signup: API key is not a session', handler: signup, method: 'POST', opts: () => ({ key, json: {} }), status: 401, code: 'unauthorized' },

  ...keyCases('mint', mintKey, 'POST', () => ({ ...orgParams(), json: { name: 'x' } })),
  ...bodyCases('mint', mintKey, 'POST', withKey(orgParams)),
  { name: 'mint: bad scope', handler: mintKey, method: 'POST', opts: () => ({ key, ...orgParams(), json: { scope: 'root' } }), status: 400, code: 'invalid_request' },
  { name: 'mint: expiry in the past', handler: mintKey, method: 'POST', opts: () => ({ key, ...orgParams(), json: { expires_at: '2001-01-01T00:00:00Z' } }), status: 400, code: 'invalid_request' },
  { name: 'mint: expiry not a date', handler: mintKey, method: 'POST', opts: () => ({ key, ...orgParams(), json: { expires_at: 'tomorrow' } }), status: 400, code: 'invalid_request' },
  { name: 'mint: empty name', handler: mintKey, method: 'POST', opts: () => ({ key, ...orgParams(), json: { name: '   ' } }), status: 400, code: 'invalid_request' },

  ...keyCases('list', listKeys, 'GET', orgParams),
  { name: 'list: unknown query parameter', handler: listKeys, method: 'GET', path: '/x?color=red', opts: withKey(orgParams), status: 400, code: 'unknown_parameter' },
  { name: 'list: limit not a number', handler: listKeys, method: 'GET', path: '/x?limit=ten', opts: withKey(orgParams), status: 400, code: 'invalid_request' },
  { name: 'list: garbage cursor', handler: listKeys, method: 'GET', path: '/x?cursor=%%%', opts: withKey(orgParams), status: 400, code: 'invalid_request' },

  ...keyCases('revoke', revokeKey, 'DELETE', () => ({ params: { org_id: orgId, key_id: keyId } })),
  { name: 'revoke: unknown query parameter', handler: revokeKey, method: 'DELETE', path: '/x?force=1', opts: () => ({ key, params: { org_id: orgId, key_id: keyId } }), status: 400, code: 'unknown_parameter' },

  ...keyCases('verify', verify, 'GET', () => ({})),
  { name: 'verify: unknown query parameter', handler: verify, method: 'GET', path: '/x?x=1', opts: () => ({ key }), status: 400, code: 'unknown_parameter' },
];

describe('bad input is refused with the documented error and writes nothing', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await rowCounts(t.db);
    const keysBefore = await t.db.apiKey.findMany({ orderBy: { id: 'asc' } });
    const r = await call(c.handler, c.method, c.path ?? '/x', c.opts());
    expect(r.status).toBe(c.status);
    expect(Object.keys(r.json)).toEqual(['error']);
    expect(r.json.error.code).toBe(c.code);
    expect(typeof r.json.error.message).toBe('string');
    expect(r.json.error.request_id).toMatch(/^req_[0-9a-f]{24}$/);
    expect(r.headers.get('x-request-id')).toBe(r.json.error.request_id);
    expect(await rowCounts(t.db)).toEqual(before);
    // Nothing updated either (revocations, names), apart from last-used bookkeeping.
    const keysAfter = await t.db.apiKey.findMany({ orderBy: { id: 'asc' } });
    expect(keysAfter.map((k) => ({ ...k, lastUsedAt: null }))).toEqual(keysBefore.map((k) => ({ ...k, lastUsedAt: null })));
  });

  it('names the unknown parameter in the message', async () => {
    const r = await call(mintKey, 'POST', '/x', { key, ...orgParams(), json: { name: 'x', colour: 'red' } });
    expect(r.json.error.message).toContain('colour');
    expect(r.json.error.details.issues[0]).toMatchObject({ location: 'body', unknown_keys: ['colour'] });
  });

  it('rejects an oversized body from its Content-Length before reading it', async () => {
    const r = await call(mintKey, 'POST', '/x', { key, ...orgParams(), raw: '{}', headers: { 'content-type': 'application/json', 'content-length': '99999999' } });
    expect(r.status).toBe(413);
  });
});
