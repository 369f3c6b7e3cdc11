import { textGenerateOp } from '@/server/runs/generate-operations';
import { startTextTask } from '@/server/generation/start-text-task';
import { startedTaskResponse } from '@/server/api/started-task-response';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(textGenerateOp, async ({ db, auth, body }) => startedTaskResponse(await startTextTask(db, auth, 'generate', body)));
