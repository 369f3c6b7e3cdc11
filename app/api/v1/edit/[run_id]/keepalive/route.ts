import { withApi } from '@/server/api/with-api';
import { editorSecurityHeaders } from '@/server/editor/editor-headers';
import { keepEditSessionAlive } from '@/server/editor/keep-edit-session-alive';
import { keepEditorAliveOp } from '@/server/editor/operations';

export const POST = withApi(keepEditorAliveOp, async ({ db, params, body }) => ({
  body: await keepEditSessionAlive(db, { runId: params.run_id, token: body.token }),
  headers: editorSecurityHeaders(),
}));
