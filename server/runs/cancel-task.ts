import type { Db } from '../db/client';
import { ApiError } from '../http/api-error';
import { getTask } from './get-task';
import { TERMINAL_STATUSES } from './wait-for-task';


/**
 * Cancels a queued or running task. A running task notices at its next step boundary (its lease
 * renewal fails) and stops without charging. Cancelling a finished task is a 409.
 */
export async function cancelTask(db: Db, orgId: string, taskId: string) {
  const task = await getTask(db, orgId, taskId);
  if ((TERMINAL_STATUSES as readonly string[]).includes(task.status)) {
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
  const after = await getTask(db, orgId, taskId);
  if (count === 0) throw new ApiError('conflict', `task is already ${after.status}`, { status: after.status });
  await db.run.updateMany({ where: { id: task.runId, status: { in: ['queued', 'running'] } }, data: { status: 'cancelled' } });
  return after;
}
