// Claims the deliveries that are due and attempts them, a few at a time, until none is left.
// The local delivery loop calls it on every tick; under Inngest a cron sweeper calls it for
// deliveries whose own function never ran (e.g. the event was lost after the task committed).
import type { Db } from '../db/client';
import { attemptDelivery, deliveryDeps, leaseMsFor, type AttemptOutcome, type DeliveryDeps } from './attempt-delivery';
import { claimDueDeliveries, closeStuckDeliveries, hasDueDeliveries } from './claim-deliveries';

export interface DrainOptions {
  concurrency?: number;
  /** Stop after this many attempts (one drain never runs forever). */
  maxAttempts?: number;
  overdueMs?: number;
  deps?: DeliveryDeps;
  onOutcome?: (o: AttemptOutcome) => void;
}

export async function drainDueDeliveries(db: Db, opts: DrainOptions = {}): Promise<AttemptOutcome[]> {
  const deps = opts.deps ?? deliveryDeps();
  const concurrency = opts.concurrency ?? 4;
  const budget = opts.maxAttempts ?? 100;
  if (!(await hasDueDeliveries(db, opts.overdueMs))) return [];
  await closeStuckDeliveries(db, deps.retry.maxAttempts);
  const outcomes: AttemptOutcome[] = [];
  while (outcomes.length < budget) {
    const claims = await claimDueDeliveries(db, {
      limit: Math.min(concurrency, budget - outcomes.length),
      leaseMs: leaseMsFor(deps),
      maxAttempts: deps.retry.maxAttempts,
      overdueMs: opts.overdueMs,
    });
    if (!claims.length) break;
    const done = await Promise.all(claims.map((c) => attemptDelivery(db, c, deps)));
    for (const o of done) {
      outcomes.push(o);
      opts.onOutcome?.(o);
    }
  }
  return outcomes;
}
