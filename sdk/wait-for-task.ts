// Polls GET /tasks/{task_id} until the task ends (completed, failed, cancelled or expired).
import { TaskWaitTimeoutError } from './errors';
import type { components } from './generated/openapi';

export type Task = components['schemas']['Task'];

export interface WaitForTaskOptions {
  /** Pause between polls (default 2000 ms; the API suggests 2–10 s). */
  intervalMs?: number;
  /** Give up after this long with TaskWaitTimeoutError (default 300 000 ms). The task itself goes on. */
  timeoutMs?: number;
  /** Stops waiting (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called with each polled task, e.g. to show `progress`. */
  onPoll?: (task: Task) => void;
}

const RUNNING: ReadonlySet<string> = new Set(['queued', 'running']);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The finished task (check `status`: a failed task resolves too, with `error`). */
export async function pollUntilDone(
  getTask: (taskId: string) => Promise<Task>,
  taskId: string,
  options: WaitForTaskOptions = {},
): Promise<Task> {
  const intervalMs = options.intervalMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const task = await getTask(taskId);
    options.onPoll?.(task);
    if (!RUNNING.has(task.status)) return task;
    const left = deadline - Date.now();
    if (left <= 0) throw new TaskWaitTimeoutError(taskId, task.status, timeoutMs);
    await sleep(Math.min(intervalMs, left), options.signal);
  }
}
