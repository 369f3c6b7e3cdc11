import { withApi } from '@/server/api/with-api';
import { openEditorOp } from '@/server/editor/operations';
import { openEditorPage } from '@/server/api/open-editor-page';

export const GET = withApi(openEditorOp, async ({ db, params, query }) => openEditorPage(db, { runId: params.run_id, token: query.token }));
