// Where queued tasks go: the in-process worker (EXECUTOR=local) or Inngest (EXECUTOR=inngest).
import { getDb } from '../db/client';
import { env } from '../env';
import { log } from '../log';
import { LocalWorker } from './local-worker';
import { runTaskPipeline } from './task-pipeline';
import { startDeliveryLoop, stopDeliveryLoop } from '../webhooks/delivery-loop';

const g = globalThis as unknown as { __docsmithWorker?: Promise<LocalWorker> };

/** The process's local worker, started on first use (and at server start-up). */
export function startLocalWorker(): Promise<LocalWorker> {
  g.__docsmithWorker ??= (async () => {
    const db = await getDb();
    const e = env();
    const worker = new LocalWorker(db, ({ taskId, step, signal }) => runTaskPipeline({ db, taskId, step, signal }), {
      concurrency: e.WORKER_CONCURRENCY,
      leaseMs: e.TASK_LEASE_MS,
    });
    worker.start();
    startDeliveryLoop(db); // webhook deliveries (server/webhooks/delivery-loop.ts)
    log().info({ workerId: worker.workerId }, 'local worker started');
    return worker;
  })();
  return g.__docsmithWorker;
}

export async function stopLocalWorker(): Promise<void> {
  const w = await g.__docsmithWorker;
  g.__docsmithWorker = undefined;
  await Promise.all([w?.stop({ abort: true }), stopDeliveryLoop()]);
}

export async function enqueueTask(task: { id: string; orgId: string; runId: string }): Promise<void> {
  if (env().EXECUTOR === 'inngest') {
    const { inngest, taskQueued } = await import('./inngest-client');
    await inngest.send(taskQueued.create({ taskId: task.id, orgId: task.orgId, runId: task.runId }));
    return;
  }
  (await startLocalWorker()).wake();
}

