// Durable named steps. Inngest supplies its own `step`; the local executor uses this runner, which
// memoizes each completed step's output in the TaskStep table: after a crash the task re-runs and
// every step that already completed returns its recorded output instead of running again.
import type { Db } from '../db/client';
import { log } from '../log';

/** Step outputs must be plain JSON (they are stored, and Inngest serialises them too). */
export interface StepRunner {
  run<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export function localStepRunner(db: Db, taskId: string): StepRunner {
  return {
    async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const done = await db.taskStep.findUnique({ where: { taskId_name: { taskId, name } } });
      if (done) return done.output as T;
      const started = Date.now();
      const output = await fn();
      // A concurrent runner that lost its lease may race here: the first record wins.
      const saved = await db.taskStep.upsert({
        where: { taskId_name: { taskId, name } },
        create: { taskId, name, output: (output ?? undefined) },
        update: {},
      });
      log().info({ taskId, step: name, ms: Date.now() - started }, 'step completed');
      return (saved.output ?? null) as T;
    },
  };
}
