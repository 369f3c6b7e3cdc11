import { getRunOp } from '@/server/runs/operations';
import { describeRun } from '@/server/runs/describe-run';
import { getRun } from '@/server/runs/get-run';
import { runUrls } from '@/server/runs/run-urls';
import { withApi } from '@/server/api/with-api';

export const GET = withApi(getRunOp, async ({ db, auth, params, query }) => {
  const run = await getRun(db, auth.orgId, params.run_id);
  return { body: await describeRun(db, run, await runUrls(db, run, { edit: query.edit_mode ?? 'edit', grant: { apiKeyId: auth.keyId } })) };
});
