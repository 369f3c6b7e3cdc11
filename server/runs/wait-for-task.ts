// Sync mode: wait for a task to reach a terminal state, up to the sync ceiling. The waiter wakes on
// the task's "ended" signal — from this process (any bundle) or, on PostgreSQL, from the instance
// that ran it (LISTEN/NOTIFY) — and re-reads the task. A slow poll remains as the fallback for a
// lost signal (faster while the listening connection is down).
import type { Db } from '../db/client';
import type { Task } from '../db/generated/client';
import { listenForTaskSignals, onTaskEnded } from '../signals/task-signals';

export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled', 'expired'] as const;

/** The fallback poll while signals arrive; and while the PostgreSQL listening connection is down. */
export const FALLBACK_POLL_MS = 3000;
export const DEGRADED_POLL_MS = 500;

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export async function waitForTask(
  db: Db,
  taskId: string,
  timeoutMs: number,
  pollMs = FALLBACK_POLL_MS,
): Promise<{ task: Task; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  // Not waiting for the LISTEN connection: until it is up, the poll is the fast one, and a `resync`
  // when it comes up makes the waiter re-read.
  const crossInstance = await listenForTaskSignals(0);
  let signalled = false;
  let wake: (() => void) | undefined;
  // the committed row of a task that ended in this process (no need to read it again)
  let endedRow: Task | undefined;
  // Subscribed before the first read: a task that ends between the read and the wait is not missed.
  const unsubscribe = onTaskEnded(taskId, (row) => {
    const t = row as Task | undefined;
    if (t && t.id === taskId && isTerminal(t.status)) endedRow = t;
    signalled = true;
    wake?.();
  });
  try {
    for (;;) {
      signalled = false;
      if (endedRow) return { task: endedRow, timedOut: false };
      const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
      if (isTerminal(task.status)) return { task, timedOut: false };
      const left = deadline - Date.now();
      if (left <= 0) return { task, timedOut: true };
      if (signalled) continue;
      const every = crossInstance && !crossInstance.connected ? Math.min(pollMs, DEGRADED_POLL_MS) : pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(every, left));
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    }
  } finally {
    unsubscribe();
  }
}
