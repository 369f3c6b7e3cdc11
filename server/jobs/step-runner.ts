// Durable named steps. Inngest supplies its own `step`; the local executor uses this runner, which
// memoizes each completed step's output in the TaskStep table: after a crash the task re-runs and
// every step that already completed returns its recorded output instead of running again.
import type { Db } from '../db/client';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace';

export type StepOutput = InputJsonValue | null;

export interface StepRunner {
  run<T extends StepOutput>(name: string, fn: () => Promise<T>): Promise<T>;
}

export function localStepRunner(db: Db, taskId: string): StepRunner {
  return {
    async run<T extends StepOutput>(name: string, fn: () => Promise<T>): Promise<T> {
      const done = await db.taskStep.findUnique({ where: { taskId_name: { taskId, name } } });
      if (done) return done.output as T;
      const output = await fn();
      // A concurrent runner that lost its lease may race here: the first record wins.
      const saved = await db.taskStep.upsert({
        where: { taskId_name: { taskId, name } },
        create: { taskId, name, output: output ?? undefined },
        update: {},
      });
      return (saved.output ?? null) as T;
    },
  };
}
