/**
 * A local worker in a process of its own, for crash tests: the real LocalWorker, the real pipeline,
 * on the database and data folder that the environment names (DATA_DIR / DATABASE_URL, as the app).
 * It reports on stdout, one JSON object a line:
 *   {"event":"ready","pid":…,"workerId":…}
 *   {"event":"step","taskId":…,"name":…,"ran":true|false}   ran=false: the step's memo was replayed
 *   {"event":"hanging","taskId":…,"after":…}                 with --hang-after <step>
 *   {"event":"terminal","taskId":…,"status":…,"error":…}     with --watch <task id>, then it exits 0
 *
 *   node --import tsx server/jobs/testing/worker-process.ts [--watch task_…] [--hang-after agent]
 *
 * --hang-after makes the process stop making progress right after that step completed (its memo is
 * stored, the lease is still renewed) so that a test can SIGKILL it at a known point.
 */
import { parseArgs } from 'node:util';
import { getDb, getDbHandle } from '../../db/client';
import { env } from '../../env';
import { LocalWorker } from '../local-worker';
import type { StepRunner } from '../step-runner';
import { runTaskPipeline } from '../task-pipeline';

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'expired']);

const { values } = parseArgs({
  options: {
    watch: { type: 'string' },
    'hang-after': { type: 'string' },
    'poll-ms': { type: 'string', default: '200' },
  },
});

function emit(event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function observed(taskId: string, inner: StepRunner): StepRunner {
  return {
    async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
      let ran = false;
      const out = await inner.run(name, async () => {
        ran = true;
        return fn();
      });
      emit({ event: 'step', taskId, name, ran });
      if (ran && name === values['hang-after']) {
        emit({ event: 'hanging', taskId, after: name });
        await new Promise<never>(() => undefined); // until SIGKILL
      }
      return out;
    },
  };
}

async function main(): Promise<void> {
  // The worker's timers are unref'd (they never hold a server open); this one keeps the process up.
  const keepAlive = setInterval(() => undefined, 60_000);
  const db = await getDb();
  const e = env();
  const worker = new LocalWorker(
    db,
    ({ taskId, step, signal }) => runTaskPipeline({ db, taskId, step: observed(taskId, step), signal }),
    { concurrency: e.WORKER_CONCURRENCY, leaseMs: e.TASK_LEASE_MS, pollMs: Number(values['poll-ms']) },
  );
  worker.start();
  emit({ event: 'ready', pid: process.pid, workerId: worker.workerId });

  const watched = values.watch;
  if (!watched) return;
  const poll = setInterval(() => {
    void (async () => {
      const task = await db.task.findUnique({ where: { id: watched }, select: { status: true, error: true } });
      if (!task || !TERMINAL.has(task.status)) return;
      clearInterval(poll);
      emit({ event: 'terminal', taskId: watched, status: task.status, error: task.error });
      await worker.stop();
      await (await getDbHandle()).close();
      clearInterval(keepAlive);
      process.exit(0);
    })().catch((err: unknown) => {
      emit({ event: 'error', message: String(err) });
    });
  }, 100);
}

main().catch((err: unknown) => {
  emit({ event: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
