import { outlineOp } from '@/server/runs/generate-operations';
import { startTask } from '@/server/runs/start-generation';
import { withApi } from '@/server/http/with-api';

export const POST = withApi(outlineOp, ({ db, auth, body }) =>
  startTask(db, auth, { format: 'slides', kind: 'outline', prompt: body.prompt, async: body.async, webhookUrl: body.webhook_url, request: body }),
);
