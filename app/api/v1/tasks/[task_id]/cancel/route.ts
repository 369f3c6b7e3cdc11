import { cancelTaskOp } from '@/server/runs/operations';
import { cancelTask } from '@/server/runs/cancel-task';
import { serializeTask } from '@/server/runs/serialize-task';
import { notifyTaskCancelled } from '@/server/jobs/notify-task-cancelled';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(cancelTaskOp, async ({ db, auth, params }) => {
  const task = await cancelTask(db, auth.orgId, params.task_id);
  await notifyTaskCancelled(task.id);
  return { body: serializeTask(task) };
});
