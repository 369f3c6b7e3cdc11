import 'server-only';
import type { Db } from '../db/client';
import { ApiError } from '../http/api-error';
import { recordTaskEnded } from '../metrics/task-metrics';
import { announceTaskEnded } from '../signals/task-signals';
import { getTask } from './get-task';
import { isTerminal } from './wait-for-task';


/**
 * Cancels a queued or running task. A running task notices at its next step boundary (its lease
 * renewal fails) and stops without charging. Cancelling a finished task is a 409.
 */
export async function cancelTask(db: Db, orgId: string, taskId: string) {
  const task = await getTask(db, orgId, taskId);
  if (isTerminal(task.status)) {
    throw new ApiError('conflict', `task is already ${task.status}`, { status: task.status });
  }
  const { count } = await db.task.updateMany({
    where: { id: task.id, status: { in: ['queued', 'running'] } },
    data: {
      status: 'cancelled',
      finishedAt: new Date(),
      leaseOwner: null,
      error: { code: 'cancelled', message: 'cancelled by the client' },
    },
  });
  if (count > 0) announceTaskEnded(task.id); // a sync call waiting on it answers now
  if (count > 0) recordTaskEnded(task, 'cancelled');
  const after = await getTask(db, orgId, taskId);
  if (count === 0) throw new ApiError('conflict', `task is already ${after.status}`, { status: after.status });
  await db.run.updateMany({ where: { id: task.runId, status: { in: ['queued', 'running'] } }, data: { status: 'cancelled' } });
  return after;
}
