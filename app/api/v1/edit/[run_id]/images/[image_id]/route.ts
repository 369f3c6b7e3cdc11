import { withApi } from '@/server/api/with-api';
import { editorSecurityHeaders } from '@/server/editor/editor-headers';
import { getEditorImage } from '@/server/editor/get-editor-image';
import { getEditorImageOp } from '@/server/editor/operations';

export const GET = withApi(getEditorImageOp, async ({ db, params, query }) => ({
  body: await getEditorImage(db, { runId: params.run_id, token: query.token, imageId: params.image_id }),
  headers: editorSecurityHeaders(),
}));
