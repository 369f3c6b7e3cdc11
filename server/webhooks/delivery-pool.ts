// The attempts in flight of one delivery loop (or one drain): at most `concurrency` at once and at
// most `perTarget` per target (a registered endpoint, or a per-request webhook_url), so a receiver
// that is slow, hangs or fails holds its own few slots and never the others'. A freed slot is
// refilled at once (no waiting for a batch). Every attempt has its own deadline — the attempt
// timeout inside sendWebhook and, around the whole attempt, its claim's lease: past the lease the
// slot is freed whatever the attempt is doing (its outcome is fenced by its attempt number, and
// the delivery is due again for a new attempt).
import type { Db } from '../db/client';
import { log } from '../log';
import { attemptDelivery, leaseMsFor, type AttemptOutcome, type DeliveryDeps } from './attempt-delivery';
import { claimDueDeliveries, type ClaimedAttempt } from './claim-deliveries';

export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_PER_TARGET = 4;

export interface DeliveryPoolOptions {
  deps: DeliveryDeps;
  /** Attempts in flight at once (default 16). */
  concurrency?: number;
  /** Attempts in flight at once to one target (default 4, never more than concurrency). */
  perTarget?: number;
  overdueMs?: number;
  onOutcome?: (o: AttemptOutcome) => void;
  /** Called after an attempt ends (or passes its deadline) and its slot is free again. */
  onSlotFree?: () => void;
}

export class DeliveryPool {
  private readonly perKey = new Map<string, number>();
  private readonly slots = new Set<Promise<void>>();
  private waiters: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly perTarget: number;

  constructor(
    private readonly db: Db,
    private readonly opts: DeliveryPoolOptions,
  ) {
    this.concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
    this.perTarget = Math.max(1, Math.min(opts.perTarget ?? DEFAULT_PER_TARGET, this.concurrency));
  }

  get inFlight(): number {
    return this.slots.size;
  }

  get free(): number {
    return this.concurrency - this.slots.size;
  }

  /**
   * Claims what the free slots allow (at most `max`), respecting the per-target limit, and starts
   * those attempts without waiting for them. Returns how many started. Callers run one fill at a
   * time (the counts it claims against must not move under it).
   */
  async fill(max = Number.POSITIVE_INFINITY): Promise<number> {
    const limit = Math.min(this.free, max);
    if (limit <= 0) return 0;
    const claims = await claimDueDeliveries(this.db, {
      limit,
      leaseMs: leaseMsFor(this.opts.deps),
      maxAttempts: this.opts.deps.retry.maxAttempts,
      overdueMs: this.opts.overdueMs,
      perTarget: { limit: this.perTarget, busy: this.perKey },
    });
    for (const c of claims) this.start(c);
    return claims.length;
  }

  /** Resolves when a slot frees up (at once when none is taken). */
  slotFreed(): Promise<void> {
    if (!this.slots.size) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Resolves when every attempt started so far has ended (or passed its deadline). */
  async idle(): Promise<void> {
    while (this.slots.size) await Promise.all([...this.slots]);
  }

  private start(claim: ClaimedAttempt): void {
    const { deps } = this.opts;
    this.perKey.set(claim.targetKey, (this.perKey.get(claim.targetKey) ?? 0) + 1);
    const attempt = attemptDelivery(this.db, claim, deps)
      .then((o) => this.opts.onOutcome?.(o))
      .catch((err: unknown) => log().error({ err, deliveryId: claim.deliveryId, attempt: claim.number }, 'webhook attempt failed to run'));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log().warn({ deliveryId: claim.deliveryId, attempt: claim.number }, 'webhook attempt passed its lease; its slot is freed');
        resolve();
      }, leaseMsFor(deps));
      timer.unref();
    });
    const slot: Promise<void> = Promise.race([attempt, deadline]).then(() => {
      clearTimeout(timer);
      this.release(slot, claim.targetKey);
    });
    this.slots.add(slot);
  }

  private release(slot: Promise<void>, key: string): void {
    this.slots.delete(slot);
    const n = (this.perKey.get(key) ?? 1) - 1;
    if (n > 0) this.perKey.set(key, n);
    else this.perKey.delete(key);
    for (const w of this.waiters.splice(0)) w();
    this.opts.onSlotFree?.();
  }
}
