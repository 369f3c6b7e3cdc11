// Sync mode: wait for a task to reach a terminal state, up to the sync ceiling. Polls the database
// (so it works whichever instance or executor runs the task) and wakes early on in-process news.
import { EventEmitter } from 'node:events';
import type { Db } from '../db/client';
import type { Task } from '../db/generated/client';

export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled', 'expired'] as const;

const bus = new EventEmitter();
bus.setMaxListeners(0);

/** Called by the pipeline when a task changes state in this process. */
export function announceTaskUpdate(taskId: string): void {
  bus.emit(taskId);
}

export async function waitForTask(db: Db, taskId: string, timeoutMs: number, pollMs = 500): Promise<{ task: Task; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
    if ((TERMINAL_STATUSES as readonly string[]).includes(task.status)) return { task, timedOut: false };
    const left = deadline - Date.now();
    if (left <= 0) return { task, timedOut: true };
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        bus.off(taskId, done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(pollMs, left));
      bus.on(taskId, done);
    });
  }
}
