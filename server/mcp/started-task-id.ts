// The task id in the answer of a task-starting service (startTask: {run_id, task_id, status}).
import type { ApiResult } from '../http/with-api';

export function startedTaskId(started: ApiResult): string {
  const body = started.body as { task_id?: unknown } | undefined;
  if (typeof body?.task_id !== 'string') throw new Error('the task service answered without a task_id');
  return body.task_id;
}
