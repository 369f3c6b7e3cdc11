import { ApiError } from '@/server/http/api-error';
import { withApi } from '@/server/api/with-api';
import { getRun } from '@/server/runs/get-run';
import { downloadRunOp } from '@/server/runs/operations';
import { runUrls } from '@/server/runs/run-urls';

export const GET = withApi(downloadRunOp, async ({ db, auth, params }) => {
  const run = await getRun(db, auth.orgId, params.run_id);
  if (run.purgedAt) throw new ApiError('gone', 'this run expired and its files were deleted');
  const { downloadUrl } = await runUrls(db, run, { edit: false });
  if (!downloadUrl) throw new ApiError('not_found', 'this run has no file yet (its first task has not completed)');
  return { status: 302, headers: { Location: downloadUrl, 'Cache-Control': 'no-store' } };
});
