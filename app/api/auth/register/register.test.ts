// POST /api/auth/register (issue 14): the answer for an email that already has an account is the
// answer for a new one — status, body and time (median within 10 ms) — and leaves the account as
// it was; weak and common passwords get a 400 that says why, and nothing is written.
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as register } from './route';
import { call } from '@/server/test/api-client';
import { pairedTiming } from '@/server/test/paired-timing';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
const strip = (json: { email: string }) => ({ ...json, email: undefined });

async function timedRegister(email: string, password: string) {
  const started = performance.now();
  const r = await call(register, 'POST', '/api/auth/register', { json: { email, password, name: 'Ada' } });
  return { ...r, ms: performance.now() - started };
}

beforeAll(async () => {
  expect((await timedRegister('taken@example.test', 'correct horse battery')).status).toBe(202);
});

describe('registration', () => {
  it('answers a taken email exactly as a new one, and changes nothing for it', async () => {
    const before = await t.db.user.findUniqueOrThrow({ where: { email: 'taken@example.test' }, include: { memberships: true } });
    const counts = await rowCounts(t.db);
    const taken = await timedRegister('Taken@Example.test', 'another long password');
    const fresh = await timedRegister('fresh@example.test', 'another long password');
    expect(taken.status).toBe(202);
    expect(fresh.status).toBe(202);
    expect(strip(taken.json)).toEqual(strip(fresh.json));
    expect(taken.json).toEqual({
      status: 'accepted',
      email: 'taken@example.test',
      message: expect.stringContaining('Sign in with this email and password'),
    });
    // The taken account: same password hash, same memberships; the rehearsal left no rows behind.
    const after = await t.db.user.findUniqueOrThrow({ where: { email: 'taken@example.test' }, include: { memberships: true } });
    expect(after).toEqual(before);
    const now = await rowCounts(t.db);
    expect(now.User).toBe(counts.User! + 1); // fresh's user only
    expect(now.Organization).toBe(counts.Organization! + 1);
    expect(await t.db.user.count({ where: { email: { endsWith: '@invalid' } } })).toBe(0);
  });

  it('takes as long for a taken email as for a new one (median difference within 10 ms)', async () => {
    await timedRegister('warm-up@example.test', 'correct horse battery'); // first-use costs
    const expect202 = (r: { status: number }) => expect(r.status).toBe(202);
    const timing = await pairedTiming(
      async () => expect202(await timedRegister('taken@example.test', 'correct horse battery')),
      async (i) => expect202(await timedRegister(`fresh-${i}@example.test`, 'correct horse battery')),
      { within: 10 },
    );
    console.log(
      `register: taken email ${timing.medianA.toFixed(1)} ms, new ${timing.medianB.toFixed(1)} ms (medians); median paired difference ${timing.medianDifference.toFixed(1)} ms over ${timing.pairs} pairs`,
    );
    expect(Math.abs(timing.medianDifference)).toBeLessThanOrEqual(10);
  });

  it.each([
    ['12345678', 'password must have at least 10 characters'],
    ['short pw9', 'password must have at least 10 characters'],
    ['1234567890', 'password is too common'],
    ['Password-123!', 'password is too common'],
    ['qwertyuiop', 'password is too common'],
    ['iloveyou2024', 'password is too common'],
    ['aaaaaaaaaaaa', 'password is too simple'],
    ['abcdefghijkl', 'password is too simple'],
  ])('refuses %j with a 400 that says why, writing nothing', async (password, reason) => {
    const counts = await rowCounts(t.db);
    const r = await timedRegister('weak@example.test', password);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_request');
    expect(r.json.error.message).toContain(reason);
    expect(r.json.error.details.issues[0]).toMatchObject({ location: 'body', path: 'password' });
    expect(await rowCounts(t.db)).toEqual(counts);
  });
});
