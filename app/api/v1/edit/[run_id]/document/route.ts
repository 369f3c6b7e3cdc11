import { withApi } from '@/server/api/with-api';
import { editorSecurityHeaders } from '@/server/editor/editor-headers';
import { editorDocumentJson, loadEditorDocument } from '@/server/editor/load-editor-document';
import { getEditorDocumentOp, saveEditorDocumentOp } from '@/server/editor/operations';
import { saveEditorDocument } from '@/server/editor/save-editor-document';

export const GET = withApi(getEditorDocumentOp, async ({ db, params, query }) => {
  const doc = await loadEditorDocument(db, { runId: params.run_id, token: query.token });
  return new Response(editorDocumentJson(doc), { headers: { 'Content-Type': 'application/json', ...editorSecurityHeaders() } });
});

export const PUT = withApi(saveEditorDocumentOp, async ({ db, params, body }) => ({
  body: await saveEditorDocument(db, { runId: params.run_id, token: body.token, baseVersion: body.base_version, edit: body.edit, resolve: body.resolve }),
  headers: editorSecurityHeaders(),
}));
