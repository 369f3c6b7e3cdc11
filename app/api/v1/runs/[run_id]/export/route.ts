import { exportInputFrom } from '@/server/exports/export-input';
import { exportRun } from '@/server/exports/export-run';
import { exportRunOp } from '@/server/exports/operations';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(exportRunOp, async ({ db, auth, params, body, query }) => ({
  body: await exportRun(db, auth.orgId, params.run_id, exportInputFrom(body, query)),
}));
