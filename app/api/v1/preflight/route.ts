import { preflightOp } from '@/server/runs/generate-operations';
import { preflight, slideCountFromPrompt } from '@/server/runs/preflight';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(preflightOp, async ({ db, auth, body }) => {
  const r = await preflight(db, auth.orgId, {
    format: body.format,
    kind: 'generate',
    prompt: body.prompt,
    runId: body.run_id,
    fileIds: body.file_ids,
    imageIds: body.image_ids,
    slideCount: body.format === 'slides' ? slideCountFromPrompt(body.prompt) : undefined,
  });
  return { body: { ok: r.ok, issues: r.issues, estimated_credits: r.estimate, balance: r.balance } };
});
