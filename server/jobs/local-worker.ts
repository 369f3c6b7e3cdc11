// The in-process executor (EXECUTOR=local): a small pool that claims tasks from the database with
// leases, renews them while a task runs, and hands each task to the pipeline with a durable step
// runner. A killed process leaves leases that expire; any worker (here or on another instance)
// then picks the task up again and the step memo makes it resume from its last completed step.
import { logBackgroundError } from '../http/database-unavailable';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import { env } from '../env';
import { log } from '../log';
import { claimNextTask, expireStaleQueuedTasks, failExhaustedTasks, renewLease } from './claim-task';
import { localStepRunner, type StepRunner } from './step-runner';

export interface TaskContext {
  taskId: string;
  step: StepRunner;
  /** Aborted when the lease is lost (task cancelled or taken over) or the worker stops. */
  signal: AbortSignal;
}

export type TaskHandler = (ctx: TaskContext) => Promise<void>;

export interface LocalWorkerOptions {
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  maxAttempts?: number;
  workerId?: string;
}

export class LocalWorker {
  readonly workerId: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private running = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private wakeAgain = false;
  private stopped = true;
  private idle: Array<() => void> = [];

  constructor(
    private readonly db: Db,
    private readonly handler: TaskHandler,
    opts: LocalWorkerOptions = {},
  ) {
    this.workerId = opts.workerId ?? `w_${process.pid}_${randomBytes(4).toString('hex')}`;
    this.concurrency = opts.concurrency ?? 2;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.pollMs = opts.pollMs ?? 1_000;
    this.maxAttempts = opts.maxAttempts ?? env().TASK_MAX_ATTEMPTS;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake({ housekeeping: true }), this.pollMs);
    this.timer.unref();
    this.wake({ housekeeping: true });
  }

  /**
   * Looks for work now (a task was queued here or on another instance, or one of ours ended). The
   * periodic round also expires stale queued tasks and fails exhausted ones; a wake goes straight
   * to the claim, so a new task starts without waiting for that housekeeping.
   */
  wake(opts: { housekeeping?: boolean } = {}): void {
    if (this.stopped) return;
    // A wake during a claim round may be for a task that round did not see: run one more round.
    if (this.ticking) {
      this.wakeAgain = true;
      return;
    }
    this.ticking = true;
    this.wakeAgain = false;
    this.fill(opts.housekeeping ?? false)
      .catch((err: unknown) => logBackgroundError(err, {}, 'local worker: claim failed'))
      .finally(() => {
        this.ticking = false;
        if (this.wakeAgain) this.wake();
      });
  }

  private async fill(housekeeping: boolean): Promise<void> {
    if (housekeeping) {
      await expireStaleQueuedTasks(this.db);
      await failExhaustedTasks(this.db, this.maxAttempts);
    }
    while (!this.stopped && this.running.size < this.concurrency) {
      const taskId = await claimNextTask(this.db, this.workerId, this.leaseMs, this.maxAttempts, [...this.running.keys()]);
      if (!taskId) break;
      this.execute(taskId);
    }
  }

  private execute(taskId: string): void {
    const controller = new AbortController();
    this.running.set(taskId, controller);
    const heartbeat = setInterval(() => {
      renewLease(this.db, taskId, this.workerId, this.leaseMs)
        .then((owned) => {
          if (!owned) controller.abort(new Error('lease lost'));
        })
        .catch((err: unknown) => log().warn({ err, taskId }, 'lease renewal failed'));
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    heartbeat.unref();
    this.handler({ taskId, step: localStepRunner(this.db, taskId), signal: controller.signal })
      .catch((err: unknown) => log().error({ err, taskId }, 'task handler crashed'))
      .finally(() => {
        clearInterval(heartbeat);
        this.running.delete(taskId);
        if (this.running.size === 0) for (const f of this.idle.splice(0)) f();
        this.wake();
      });
  }

  get activeTasks(): number {
    return this.running.size;
  }

  /** Stops claiming; running tasks are aborted and left to their leases (another worker resumes them). */
  async stop(opts: { abort?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (opts.abort) for (const c of this.running.values()) c.abort(new Error('worker stopping'));
    if (this.running.size) await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}
