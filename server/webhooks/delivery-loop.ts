// The local delivery executor (EXECUTOR=local): an in-process loop that drains due deliveries
// every WEBHOOK_POLL_MS, when a task finishes in this process (wake), and exactly when a retry it
// scheduled falls due. Claims are leased in the database, so loops on several instances share
// the work without sending an attempt twice.
import type { Db } from '../db/client';
import { env } from '../env';
import { log } from '../log';
import type { DeliveryDeps } from './attempt-delivery';
import { drainDueDeliveries } from './drain-deliveries';

export class DeliveryLoop {
  private timer: NodeJS.Timeout | undefined;
  private retryTimers = new Set<NodeJS.Timeout>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly opts: { pollMs: number; concurrency?: number; deps?: DeliveryDeps },
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.opts.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Drain now (or right after the drain in progress). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      await drainDueDeliveries(this.db, {
        concurrency: this.opts.concurrency,
        deps: this.opts.deps,
        onOutcome: (o) => {
          if (o.status === 'pending' && o.nextAttemptInMs !== null && o.nextAttemptInMs < this.opts.pollMs) this.wakeIn(o.nextAttemptInMs);
        },
      });
    } catch (err) {
      log().error({ err }, 'webhook delivery loop: drain failed');
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
