import { revokeEditSessionsOp } from '@/server/editor/operations';
import { revokeEditSessions } from '@/server/editor/revoke-edit-sessions';
import { withApi } from '@/server/api/with-api';

export const DELETE = withApi(revokeEditSessionsOp, async ({ db, auth, params }) => ({ body: await revokeEditSessions(db, auth.orgId, params.run_id) }));
