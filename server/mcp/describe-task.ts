// The task object of GET /tasks/{id} for a tool (pollTask, the REST route's service: the caller's
// org's task — another org's id is the same not_found — and, when completed, a signed download_url
// and the calling key's edit_url), optionally after waiting for the task to end.
import 'server-only';
import { pollTask } from '../runs/poll-task';
import { isTerminal, waitForTask } from '../runs/wait-for-task';
import type { McpToolContext } from './tool-context';

export async function describeTask(ctx: McpToolContext, taskId: string, waitSeconds = 0) {
  const task = await pollTask(ctx.db, ctx.auth, taskId);
  if (waitSeconds <= 0 || isTerminal(task.status)) return task;
  await waitForTask(ctx.db, task.task_id, waitSeconds * 1000);
  return pollTask(ctx.db, ctx.auth, taskId);
}
