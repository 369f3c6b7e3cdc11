import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { POST as register } from '@/app/api/auth/register/route';
import { POST as signup } from '@/app/api/v1/signup/route';
import { GET as verify } from '@/app/api/v1/verify/route';
import { resetEnvForTests } from '../env';
import { call, sessionCookie } from '../test/api-client';
import { setupTestDb } from '../test/test-db';
import { defineOperation } from '../http/define-operation';
import { withApi } from './with-api';

const t = setupTestDb();
let key = '';

beforeAll(async () => {
  const r = await call(register, 'POST', '/api/auth/register', { json: { email: 'rl@example.com', password: 'long enough pw' } });
  expect(r.status).toBe(202);
  const userId = (await t.db.user.findUniqueOrThrow({ where: { email: 'rl@example.com' } })).id;
  const s = await call(signup, 'POST', '/api/v1/signup', { cookie: await sessionCookie(userId, 'rl@example.com'), json: {} });
  key = s.json.api_key.key;
});

describe('withApi', () => {
  describe('rate limiting', () => {
    const saved = process.env.RATE_LIMIT_PER_MINUTE;
    beforeAll(() => {
      process.env.RATE_LIMIT_PER_MINUTE = '5';
      resetEnvForTests();
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.RATE_LIMIT_PER_MINUTE;
      else process.env.RATE_LIMIT_PER_MINUTE = saved;
      resetEnvForTests();
    });

    it('counts per key, announces the budget, and answers 429 with Retry-After past it', async () => {
      const statuses: number[] = [];
      let last = await call(verify, 'GET', '/api/v1/verify', { key });
      statuses.push(last.status);
      expect(last.headers.get('ratelimit-limit')).toBe('5');
      expect(last.headers.get('ratelimit-remaining')).toBe('4');
      for (let i = 1; i < 7; i++) {
        last = await call(verify, 'GET', '/api/v1/verify', { key });
        statuses.push(last.status);
      }
      // The window may roll over mid-test; at least the 6th of one window is limited.
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
      const limited = last.status === 429 ? last : await call(verify, 'GET', '/api/v1/verify', { key });
      expect(limited.status).toBe(429);
      expect(limited.json.error.code).toBe('rate_limited');
      const retry = Number(limited.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(60);
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    });
  });

  it('adds X-Deprecated and Sunset headers to deprecated operations', async () => {
    const sunset = new Date('2027-12-31T00:00:00Z');
    const op = defineOperation({
      method: 'GET', path: '/old', operationId: 'old', summary: 'Old', tags: ['t'], auth: 'none',
      responses: { 200: { description: 'ok', schema: z.object({ ok: z.boolean() }) } },
      deprecated: { sunset, link: 'https://example.com/migrate' },
    });
    const handler = withApi(op, async () => ({ body: { ok: true } }));
    const r = await call(handler, 'GET', '/api/v1/old');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-deprecated')).toBe('true');
    expect(r.headers.get('sunset')).toBe(sunset.toUTCString());
    // Errors of a deprecated operation carry them too.
    const failing = withApi(op, async () => {
      throw new Error('boom');
    });
    const e = await call(failing, 'GET', '/api/v1/old');
    expect(e.status).toBe(500);
    expect(e.headers.get('x-deprecated')).toBe('true');
    expect(e.json.error.code).toBe('internal_error');
    expect(e.json.error.message).toContain(e.json.error.request_id);
    expect(e.text).not.toContain('boom'); // internals are logged, not returned
  });
});
