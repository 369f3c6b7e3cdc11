import 'server-only';
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';

/** A task of the caller's org; any other id (another org's or made up) is the same 404. */
export async function getTask(db: Db, orgId: string, taskId: string) {
  const task = await db.task.findFirst({ where: { id: taskId, orgId } });
  if (!task) throw notFound('task');
  return task;
}
