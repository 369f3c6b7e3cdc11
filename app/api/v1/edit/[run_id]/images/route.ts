import { withApi } from '@/server/api/with-api';
import { editorSecurityHeaders } from '@/server/editor/editor-headers';
import { listEditorImages } from '@/server/editor/list-editor-images';
import { listEditorImagesOp, uploadEditorImageOp } from '@/server/editor/operations';
import { uploadEditorImage } from '@/server/editor/upload-editor-image';

export const POST = withApi(uploadEditorImageOp, async ({ db, params, query, req }) => ({
  status: 201,
  body: await uploadEditorImage(db, { runId: params.run_id, token: query.token, req }),
  headers: editorSecurityHeaders(),
}));

export const GET = withApi(listEditorImagesOp, async ({ db, params, query }) => ({
  body: await listEditorImages(db, { runId: params.run_id, token: query.token, limit: query.limit, cursor: query.cursor }),
  headers: editorSecurityHeaders(),
}));
