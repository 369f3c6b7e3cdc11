// Claims the deliveries that are due and attempts them until none is left (or the budget is
// spent), through the same pool as the local loop: a few attempts per target at once, a freed
// slot refilled at once. Under Inngest a cron sweeper calls it for deliveries whose own function
// never ran (e.g. the event was lost after the task committed).
import 'server-only';
import type { Db } from '../db/client';
import { deliveryDeps, type AttemptOutcome, type DeliveryDeps } from './attempt-delivery';
import { closeStuckDeliveries, hasDueDeliveries } from './claim-deliveries';
import { DeliveryPool } from './delivery-pool';

export interface DrainOptions {
  concurrency?: number;
  perTarget?: number;
  /** Stop after this many attempts (one drain never runs forever). */
  maxAttempts?: number;
  overdueMs?: number;
  deps?: DeliveryDeps;
  onOutcome?: (o: AttemptOutcome) => void;
}

export async function drainDueDeliveries(db: Db, opts: DrainOptions = {}): Promise<AttemptOutcome[]> {
  const deps = opts.deps ?? deliveryDeps();
  const budget = opts.maxAttempts ?? 100;
  if (!(await hasDueDeliveries(db, opts.overdueMs))) return [];
  await closeStuckDeliveries(db, deps.retry.maxAttempts);
  const outcomes: AttemptOutcome[] = [];
  const pool = new DeliveryPool(db, {
    deps,
    concurrency: opts.concurrency,
    perTarget: opts.perTarget,
    overdueMs: opts.overdueMs,
    onOutcome: (o) => {
      outcomes.push(o);
      opts.onOutcome?.(o);
    },
  });
  let started = 0;
  while (started < budget) {
    const n = await pool.fill(budget - started);
    started += n;
    if (n > 0) continue;
    if (!pool.inFlight) break;
    await pool.slotFreed();
  }
  await pool.idle();
  return outcomes;
}
