import { getTaskOp } from '@/server/runs/operations';
import { getTask } from '@/server/runs/get-task';
import { runUrls } from '@/server/runs/run-urls';
import { serializeTask } from '@/server/runs/serialize-task';
import { withApi } from '@/server/http/with-api';

export const GET = withApi(getTaskOp, async ({ db, auth, params }) => {
  const task = await getTask(db, auth.orgId, params.task_id);
  const urls =
    task.status === 'completed'
      ? await runUrls(db, await db.run.findUniqueOrThrow({ where: { id: task.runId } }), { grant: { apiKeyId: auth.keyId } })
      : undefined;
  return { body: serializeTask(task, urls) };
});
