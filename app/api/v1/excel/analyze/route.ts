import { analyzeOp } from '@/server/runs/generate-operations';
import { startTask } from '@/server/runs/start-generation';
import { withApi } from '@/server/http/with-api';

export const POST = withApi(analyzeOp, ({ db, auth, body }) =>
  startTask(db, auth, {
    format: 'excel',
    kind: 'analyze',
    prompt: body.prompt,
    runId: body.run_id,
    fileIds: body.file_id ? [body.file_id] : undefined,
    async: body.async,
    webhookUrl: body.webhook_url,
    request: body,
  }),
);
