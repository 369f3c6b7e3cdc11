// The local delivery executor (EXECUTOR=local): an in-process loop that keeps a pool of attempts
// in flight (server/webhooks/delivery-pool.ts: a bounded number at once, a few per target, each
// with its own deadline) and refills it every WEBHOOK_POLL_MS, when a task finishes in this
// process (wake), when an attempt ends, and exactly when a retry it scheduled falls due. Claims
// are leased in the database, so loops on several instances share the work without sending an
// attempt twice, and a slow or dead receiver only ever holds its own slots.
import { logBackgroundError } from '../http/database-unavailable';
import type { Db } from '../db/client';
import { env } from '../env';
import { deliveryDeps, type DeliveryDeps } from './attempt-delivery';
import { closeStuckDeliveries, hasDueDeliveries } from './claim-deliveries';
import { DeliveryPool } from './delivery-pool';

export interface DeliveryLoopOptions {
  pollMs: number;
  /** Attempts in flight at once (default 16). */
  concurrency?: number;
  /** Attempts in flight at once to one endpoint / webhook_url (default 4). */
  perTarget?: number;
  deps?: DeliveryDeps;
}

export class DeliveryLoop {
  private timer: NodeJS.Timeout | undefined;
  private retryTimers = new Set<NodeJS.Timeout>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private lastSweep = 0;
  private readonly deps: DeliveryDeps;
  private readonly pool: DeliveryPool;

  constructor(
    private readonly db: Db,
    private readonly opts: DeliveryLoopOptions,
  ) {
    this.deps = opts.deps ?? deliveryDeps();
    this.pool = new DeliveryPool(db, {
      deps: this.deps,
      concurrency: opts.concurrency,
      perTarget: opts.perTarget,
      onOutcome: (o) => {
        if (o.status === 'pending' && o.nextAttemptInMs !== null && o.nextAttemptInMs < opts.pollMs) this.wakeIn(o.nextAttemptInMs);
      },
      onSlotFree: () => this.wake(),
    });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.opts.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Refill the pool now (or right after the refill in progress). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.refill().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Claims due deliveries for the free slots; does not wait for the attempts. */
  private async refill(): Promise<void> {
    try {
      if (this.pool.free <= 0 || !(await hasDueDeliveries(this.db))) return;
      if (Date.now() - this.lastSweep >= this.opts.pollMs) {
        this.lastSweep = Date.now();
        await closeStuckDeliveries(this.db, this.deps.retry.maxAttempts);
      }
      // Go on while every free slot found a delivery (more may be due); stop at the first short claim.
      for (;;) {
        const asked = this.pool.free;
        if (this.stopped || asked <= 0) return;
        if ((await this.pool.fill()) < asked) return;
      }
    } catch (err) {
      logBackgroundError(err, {}, 'webhook delivery loop: refill failed');
    }
  }

  private wakeIn(ms: number): void {
    const t = setTimeout(() => {
      this.retryTimers.delete(t);
      this.wake();
    }, ms + 5);
    t.unref();
    this.retryTimers.add(t);
  }

  /** Stops the timers and waits for attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    await this.running;
    await this.pool.idle();
  }
}

const g = globalThis as unknown as { __docsmithDeliveryLoop?: DeliveryLoop };

/** The process's delivery loop (EXECUTOR=local), started beside the task worker. */
export function startDeliveryLoop(db: Db): DeliveryLoop {
  if (!g.__docsmithDeliveryLoop) {
    g.__docsmithDeliveryLoop = new DeliveryLoop(db, { pollMs: env().WEBHOOK_POLL_MS });
    g.__docsmithDeliveryLoop.start();
  }
  return g.__docsmithDeliveryLoop;
}

export function wakeDeliveryLoop(): void {
  g.__docsmithDeliveryLoop?.wake();
}

export async function stopDeliveryLoop(): Promise<void> {
  const loop = g.__docsmithDeliveryLoop;
  g.__docsmithDeliveryLoop = undefined;
  await loop?.stop();
}
