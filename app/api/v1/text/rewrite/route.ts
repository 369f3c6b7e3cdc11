import { textRewriteOp } from '@/server/runs/generate-operations';
import { startTask } from '@/server/runs/start-generation';
import { withApi } from '@/server/http/with-api';

export const POST = withApi(textRewriteOp, ({ db, auth, body }) =>
  startTask(db, auth, {
    format: 'text',
    kind: 'text',
    prompt: body.prompt ?? `Rewrite: ${body.text.slice(0, 200)}`,
    runId: body.run_id,
    async: body.async,
    webhookUrl: body.webhook_url,
    request: { ...body, text_kind: 'rewrite' },
  }),
);
