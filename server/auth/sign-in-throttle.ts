// Budgets of failed dashboard sign-ins: LOGIN_FAILURES_PER_ACCOUNT per email (whether or not an
// account has it, so the throttle itself reveals nothing) and LOGIN_FAILURES_PER_ADDRESS per client
// address, per LOGIN_FAILURE_WINDOW_SECONDS. Failures are counted in the database (shared by all
// instances); checking reads without writing. The email is stored only as a hash.
import 'server-only';
import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import { env } from '../env';
import { hitRateLimit, peekRateLimit } from '../http/rate-limit';

interface Budget {
  bucket: string;
  limit: number;
}

function budgets(email: string, address: string): Budget[] {
  const e = env();
  const account = createHash('sha256').update(email).digest('hex').slice(0, 32);
  return [
    { bucket: `loginfail:acct:${account}`, limit: e.LOGIN_FAILURES_PER_ACCOUNT },
    { bucket: `loginfail:addr:${address}`, limit: e.LOGIN_FAILURES_PER_ADDRESS },
  ].filter((b) => b.limit > 0);
}

const windowMs = () => env().LOGIN_FAILURE_WINDOW_SECONDS * 1000;

/** Seconds to wait before this email may be tried from this address again; 0 when it may now. */
export async function signInRetryAfter(db: Db, email: string, address: string, now = Date.now()): Promise<number> {
  let wait = 0;
  for (const b of budgets(email, address)) {
    const s = await peekRateLimit(db, b.bucket, b.limit, now, windowMs());
    if (s.limited) wait = Math.max(wait, s.resetSeconds);
  }
  return wait;
}

/** Counts one failed sign-in against the email and the address. */
export async function recordFailedSignIn(db: Db, email: string, address: string, now = Date.now()): Promise<void> {
  for (const b of budgets(email, address)) await hitRateLimit(db, b.bucket, b.limit, now, windowMs());
}
