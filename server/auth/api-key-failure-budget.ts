// Failed API-key attempts per client address. Failures are counted in the database (shared by all
// instances; one write per failure, none per success). Once an address is past its budget, this
// instance remembers it until the window ends, so later requests from it are refused from memory,
// before any key lookup; another instance learns it at its next failure from that address.
import type { Db } from '../db/client';
import { hitRateLimit, type RateLimitState } from '../http/rate-limit';

const MAX_REMEMBERED = 10_000;
/** address → end of its blocked window (epoch ms). */
const blockedUntil = new Map<string, number>();

export interface FailureBudget {
  limit: number;
  windowMs: number;
}

/** Seconds until the address may try keys again; 0 when it is not blocked. */
export function apiKeyBlockSeconds(address: string, now = Date.now()): number {
  const until = blockedUntil.get(address);
  if (until === undefined) return 0;
  if (until <= now) {
    blockedUntil.delete(address);
    return 0;
  }
  return Math.max(1, Math.ceil((until - now) / 1000));
}

function remember(address: string, until: number, now: number): void {
  if (blockedUntil.size >= MAX_REMEMBERED) {
    for (const [a, u] of blockedUntil) if (u <= now) blockedUntil.delete(a);
    // Still full: forget the oldest entry (Map keeps insertion order).
    if (blockedUntil.size >= MAX_REMEMBERED) blockedUntil.delete(blockedUntil.keys().next().value!);
  }
  blockedUntil.set(address, until);
}

/** Counts one failed attempt from the address; `limited` when it went past the budget (the address is then blocked). */
export async function recordApiKeyFailure(db: Db, address: string, budget: FailureBudget, now = Date.now()): Promise<RateLimitState> {
  const state = await hitRateLimit(db, `keyfail:${address}`, budget.limit, now, budget.windowMs);
  if (state.limited) remember(address, now + state.resetSeconds * 1000, now);
  return state;
}

/** Tests only: forget every blocked address of this instance. */
export function resetApiKeyBlocksForTests(): void {
  blockedUntil.clear();
}
