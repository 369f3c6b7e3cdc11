// Faults are explicit: with the database unreachable (a real pg client against a closed port) the
// API answers 503 service_unavailable with Retry-After and logs one line per 10 s, not a stack trace
// per request; /api/health stays 200 and /api/ready answers 503, then 200 once the database is back.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as health } from './route';
import { GET as ready } from '../ready/route';
import { GET as verify } from '../v1/verify/route';
import { openPostgres, setDbHandle, type DbHandle } from '@/server/db/client';
import { resetDatabaseUnavailableLog } from '@/server/http/database-unavailable';
import { log } from '@/server/log';
import { call } from '@/server/test/api-client';
import { orgWithKey } from '@/server/test/generation-harness';
import { openTestDb } from '@/server/test/test-db';

let good: DbHandle;
let down: DbHandle;
let key = '';

beforeAll(async () => {
  good = await openTestDb();
  setDbHandle(good);
  key = (await orgWithKey(good.prisma)).key;
  down = await openPostgres('postgresql://postgres@127.0.0.1:9/docsmith', { poolSize: 2 }); // port 9 (discard): nothing listens
});

afterAll(async () => {
  setDbHandle(undefined);
  await down?.close().catch(() => {});
  await good?.close();
});

describe('database unreachable', () => {
  it('API calls answer 503 service_unavailable with Retry-After, logged once per 10 s', async () => {
    setDbHandle(down);
    resetDatabaseUnavailableLog();
    const errors = vi.spyOn(log(), 'error');
    try {
      for (let i = 0; i < 20; i++) {
        const r = await call(verify, 'GET', '/api/v1/verify', { key });
        expect(r.status).toBe(503);
        expect(r.json.error.code).toBe('service_unavailable');
        expect(r.headers.get('retry-after')).toBe('5');
        expect(r.json.error.message).not.toMatch(/127\.0\.0\.1|ECONN|postgres/);
      }
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]![1])).toMatch(/database unreachable/);
    } finally {
      errors.mockRestore();
    }
  });

  it('/api/health is 200; /api/ready is 503 with Retry-After while the database is down, 200 when it is back', async () => {
    setDbHandle(down);
    expect(health().status).toBe(200);
    const notReady = await ready();
    expect(notReady.status).toBe(503);
    expect(notReady.headers.get('retry-after')).toBe('5');
    expect(await notReady.json()).toMatchObject({ status: 'not ready', checks: { database: 'failing', storage: 'ok' } });

    setDbHandle(good);
    const back = await ready();
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', storage: 'ok' } });
    expect((await call(verify, 'GET', '/api/v1/verify', { key })).status).toBe(200);
  });
});
