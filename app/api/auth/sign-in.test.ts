// Dashboard sign-in (issue 14) through the real next-auth route: a wrong password and an unknown
// email get the same answer in the same time, and failures are throttled per account (email,
// registered or not) and per client address with 429 + Retry-After.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '@/server/auth/register-user';
import { resetEnvForTests } from '@/server/env';
import { csrf, signIn, type SignInReply } from '@/server/test/next-auth-client';
import { pairedTiming } from '@/server/test/paired-timing';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
const PASSWORD = 'correct horse battery';
const settings = ['LOGIN_FAILURES_PER_ACCOUNT', 'LOGIN_FAILURES_PER_ADDRESS'] as const;

function setLimits(perAccount: number, perAddress: number) {
  process.env.LOGIN_FAILURES_PER_ACCOUNT = String(perAccount);
  process.env.LOGIN_FAILURES_PER_ADDRESS = String(perAddress);
  resetEnvForTests();
}

beforeAll(async () => {
  for (const email of ['known@example.test', 'victim@example.test', 'nat-user@example.test']) {
    await registerUser(t.db, { email, password: PASSWORD, name: 'Known' });
  }
});

afterEach(() => {
  for (const s of settings) delete process.env[s];
  resetEnvForTests();
});

describe('sign-in with email and password', () => {
  it('answers a wrong password exactly as an unknown email, in the same time (median difference within 10 ms)', async () => {
    setLimits(1000, 1000); // counting stays on (it is part of the work), refusing does not get in the way
    const token = await csrf();
    // Warm-up: first-use costs (scrypt, module loading) must not land in one column.
    await signIn('known@example.test', 'not the password', '192.0.2.1', token);
    await signIn('nobody@example.test', 'not the password', '192.0.2.1', token);

    const failed = (r: SignInReply) => {
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ url: 'http://localhost:3000/api/auth/error?error=CredentialsSignin&provider=credentials' });
      expect(r.session).toBeNull();
    };
    const timing = await pairedTiming(
      async (i) => failed(await signIn('known@example.test', `wrong password ${i}`, '192.0.2.1', token)),
      async (i) => failed(await signIn('nobody@example.test', `wrong password ${i}`, '192.0.2.1', token)),
      { within: 10 },
    );
    console.log(
      `sign-in: known email ${timing.medianA.toFixed(1)} ms, unknown ${timing.medianB.toFixed(1)} ms (medians); median paired difference ${timing.medianDifference.toFixed(1)} ms over ${timing.pairs} pairs`,
    );
    expect(Math.abs(timing.medianDifference)).toBeLessThanOrEqual(10);

    // The right password does sign in (so the failures above were real checks).
    const ok = await signIn('known@example.test', PASSWORD, '192.0.2.1', token);
    expect(ok.status).toBe(200);
    expect(ok.session).not.toBeNull();
  });

  it('throttles one account after LOGIN_FAILURES_PER_ACCOUNT failures, registered or not, even with the right password', async () => {
    const token = await csrf();
    const run = async (email: string) => {
      const statuses: number[] = [];
      let limited: SignInReply | undefined;
      for (let i = 0; i < 30; i++) {
        // A different address each time: only the per-account budget can stop this.
        const r = await signIn(email, `guess ${i}`, `198.51.100.${i + 1}`, token);
        statuses.push(r.status);
        if (r.status === 429) limited ??= r;
      }
      return { statuses, limited: limited! };
    };
    const victim = await run('victim@example.test');
    const ghost = await run('ghost@example.test');
    expect(victim.statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);
    expect(ghost.statuses).toEqual(victim.statuses); // the throttle says nothing about who is registered
    for (const { limited } of [victim, ghost]) {
      expect(limited.json.error.code).toBe('rate_limited');
      expect(limited.json.url).toBe('http://localhost:3000/login?error=TooManySignInAttempts');
      const retry = Number(limited.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(900);
    }
    // While throttled, even the right password is not checked.
    const right = await signIn('victim@example.test', PASSWORD, '198.51.100.200', token);
    expect(right.status).toBe(429);
    expect(right.session).toBeNull();
  });

  it('throttles one address after LOGIN_FAILURES_PER_ADDRESS failures across accounts; other addresses are unaffected', async () => {
    const token = await csrf();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await signIn(`spray-${i}@example.test`, 'Summer2024!', '203.0.113.50', token)).status);
    expect(statuses).toEqual([...Array(30).fill(401), 429]);
    expect((await signIn('nat-user@example.test', PASSWORD, '203.0.113.50', token)).status).toBe(429);
    const elsewhere = await signIn('nat-user@example.test', PASSWORD, '203.0.113.51', token);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.session).not.toBeNull();
  });
});
