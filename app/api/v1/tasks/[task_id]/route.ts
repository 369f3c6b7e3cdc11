import { getTaskOp } from '@/server/runs/operations';
import { pollTask } from '@/server/runs/poll-task';
import { withApi } from '@/server/api/with-api';

export const GET = withApi(getTaskOp, async ({ db, auth, params }) => ({ body: await pollTask(db, auth, params.task_id) }));
