import { listRunsOp } from '@/server/runs/operations';
import { listRuns } from '@/server/runs/list-runs';
import { withApi } from '@/server/api/with-api';

export const GET = withApi(listRunsOp, async ({ db, auth, query }) => ({ body: await listRuns(db, auth.orgId, query) }));
