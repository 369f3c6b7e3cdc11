import 'server-only';
import { env } from '../env';

/** Tells the executor a task was cancelled (Inngest cancels the run; local workers notice via their lease). */
export async function notifyTaskCancelled(taskId: string): Promise<void> {
  if (env().EXECUTOR !== 'inngest') return;
  const { inngest, TASK_CANCELLED_EVENT } = await import('../inngest/inngest-client');
  await inngest.send({ name: TASK_CANCELLED_EVENT, data: { taskId } });
}
