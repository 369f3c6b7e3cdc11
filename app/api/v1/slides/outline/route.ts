import { outlineOp } from '@/server/runs/generate-operations';
import { startTask } from '@/server/generation/start-generation';
import { startedTaskResponse } from '@/server/api/started-task-response';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(outlineOp, async ({ db, auth, body }) =>
  startedTaskResponse(await startTask(db, auth, { format: 'slides', kind: 'outline', prompt: body.prompt, async: body.async, webhookUrl: body.webhook_url, request: body })),
);
