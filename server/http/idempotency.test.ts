import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateApiKey } from '../auth/api-key-format';
import { newId } from '../db/ids';
import { resetEnvForTests } from '../env';
import { call } from '../test/api-client';
import { setupTestDb } from '../test/test-db';
import { ApiError } from './api-error';
import { defineOperation } from './define-operation';
import { withApi } from '../api/with-api';

const t = setupTestDb();
let key = '';
let orgId = '';
let calls = 0;

const op = defineOperation({
  method: 'POST', path: '/things', operationId: 'makeThing', summary: 'Make a thing', tags: ['t'], auth: 'apiKey',
  body: z.strictObject({ name: z.string(), fail: z.enum(['client', 'server']).optional() }),
  responses: { 201: { description: 'made' } },
  idempotent: { waitMs: 20_000 },
});

// Each real execution writes a row (a run), so duplicates would be visible in the database.
const handler = withApi(op, async ({ db, body, auth }) => {
  calls++;
  await new Promise((r) => setTimeout(r, 300));
  if (body.fail === 'client') throw new ApiError('insufficient_credits', 'no credits');
  if (body.fail === 'server') throw new Error('crash');
  const run = await db.run.create({ data: { id: newId('run'), orgId: auth.orgId, format: 'excel', prompt: body.name } });
  return { status: 201, body: { run_id: run.id, name: body.name } };
});

beforeAll(async () => {
  process.env.RATE_LIMIT_PER_MINUTE = '0';
  resetEnvForTests();
  orgId = (await t.db.organization.create({ data: { id: newId('org'), name: 'I', kind: 'workspace' } })).id;
  const k = generateApiKey();
  await t.db.apiKey.create({ data: { id: newId('key'), orgId, name: 'k', role: 'owner', prefix: k.prefix, hash: k.hash } });
  key = k.secret;
});

const post = (json: unknown, idem?: string) =>
  call(handler, 'POST', '/api/v1/things', { key, json, headers: idem ? { 'idempotency-key': idem } : {} });

describe('Idempotency-Key', () => {
  it('50 concurrent identical POSTs with one key do the work once and all get the first response', async () => {
    calls = 0;
    const responses = await Promise.all(Array.from({ length: 50 }, () => post({ name: 'report' }, 'key-50')));
    expect(calls).toBe(1);
    expect(await t.db.run.count({ where: { orgId, prompt: 'report' } })).toBe(1);
    const bodies = new Set(responses.map((r) => r.text));
    expect(bodies.size).toBe(1);
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
    expect(await t.db.idempotencyRecord.count({ where: { orgId, key: 'key-50' } })).toBe(1);
  });

  it('a later retry replays; the same key with another body is a 409; no key means no dedup', async () => {
    calls = 0;
    const first = await post({ name: 'a' }, 'k-a');
    const again = await post({ name: 'a' }, 'k-a');
    expect(again.json).toEqual(first.json);
    expect(calls).toBe(1);
    const other = await post({ name: 'b' }, 'k-a');
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe('idempotency_key_reused');
    await post({ name: 'c' });
    await post({ name: 'c' });
    expect(calls).toBe(3);
  });

  it('a failed request records nothing, so the key can be used again', async () => {
    calls = 0;
    const before = await t.db.idempotencyRecord.count();
    expect((await post({ name: 'x', fail: 'client' }, 'k-fail')).status).toBe(402);
    expect((await post({ name: 'x', fail: 'server' }, 'k-fail2')).status).toBe(500);
    expect(await t.db.idempotencyRecord.count()).toBe(before);
    expect((await post({ name: 'x', fail: 'client' }, 'k-fail')).status).toBe(402);
    expect(calls).toBe(3);
  });

  it('refuses a malformed key and writes nothing', async () => {
    const before = await t.db.idempotencyRecord.count();
    const r = await post({ name: 'z' }, 'has space');
    expect(r.status).toBe(400);
    expect(await t.db.idempotencyRecord.count()).toBe(before);
  });
});
