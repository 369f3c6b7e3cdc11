// Where queued tasks go: the in-process worker (EXECUTOR=local) or Inngest (EXECUTOR=inngest).
import { getDb } from '../db/client';
import { env } from '../env';
import { log } from '../log';
import { announceTaskQueued, listenForTaskSignals, onTaskQueued } from '../signals/task-signals';
import { LocalWorker } from './local-worker';
import { runTaskPipeline } from './task-pipeline';
import { startDeliveryLoop, stopDeliveryLoop } from '../webhooks/delivery-loop';

const g = globalThis as unknown as { __docsmithWorker?: Promise<LocalWorker>; __docsmithWorkerUnsubscribe?: () => void };

/** The process's local worker, started on first use (and at server start-up). */
export function startLocalWorker(): Promise<LocalWorker> {
  g.__docsmithWorker ??= (async () => {
    const db = await getDb();
    const e = env();
    const worker = new LocalWorker(db, ({ taskId, step, signal }) => runTaskPipeline({ db, taskId, step, signal }), {
      concurrency: e.WORKER_CONCURRENCY,
      leaseMs: e.TASK_LEASE_MS,
    });
    if (e.WORKER === 'on') {
      worker.start();
      // A task queued here or on another instance (PostgreSQL LISTEN/NOTIFY) is looked for at once.
      g.__docsmithWorkerUnsubscribe = onTaskQueued(() => worker.wake());
      void listenForTaskSignals();
      log().info({ workerId: worker.workerId }, 'local worker started');
    } else {
      log().info('local worker off (WORKER=off): tasks queued here run on the other instances');
    }
    startDeliveryLoop(db); // webhook deliveries (server/webhooks/delivery-loop.ts)
    return worker;
  })();
  return g.__docsmithWorker;
}

export async function stopLocalWorker(): Promise<void> {
  const w = await g.__docsmithWorker;
  g.__docsmithWorker = undefined;
  g.__docsmithWorkerUnsubscribe?.();
  g.__docsmithWorkerUnsubscribe = undefined;
  await Promise.all([w?.stop({ abort: true }), stopDeliveryLoop()]);
}

export async function enqueueTask(task: { id: string; orgId: string; runId: string }): Promise<void> {
  if (env().EXECUTOR === 'inngest') {
    const { inngest, taskQueued } = await import('../inngest/inngest-client');
    await inngest.send(taskQueued.create({ taskId: task.id, orgId: task.orgId, runId: task.runId }));
    return;
  }
  await startLocalWorker();
  // Wakes this process's worker (through the process bus) and, on PostgreSQL, the other instances'.
  announceTaskQueued(task.id);
}

