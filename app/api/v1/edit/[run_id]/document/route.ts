import { withApi } from '@/server/http/with-api';
import { editorSecurityHeaders } from '@/server/editor/editor-headers';
import { editorDocumentParts, loadEditorDocument } from '@/server/editor/load-editor-document';
import { acceptsGzip, gzipParts, joinParts } from '@/server/http/gzip-shared';
import { getEditorDocumentOp, saveEditorDocumentOp } from '@/server/editor/operations';
import { saveEditorDocument } from '@/server/editor/save-editor-document';

export const GET = withApi(getEditorDocumentOp, async ({ req, db, params, query }) => {
  const doc = await loadEditorDocument(db, { runId: params.run_id, token: query.token });
  const headers = { 'Content-Type': 'application/json', Vary: 'Accept-Encoding', ...editorSecurityHeaders() };
  const parts = editorDocumentParts(doc);
  // compressed here (the large parts once per version), so the server's own compression passes it by
  if (acceptsGzip(req)) return new Response(new Uint8Array(gzipParts(parts)), { headers: { ...headers, 'Content-Encoding': 'gzip' } });
  return new Response(joinParts(parts), { headers });
});

export const PUT = withApi(saveEditorDocumentOp, async ({ db, params, body }) => ({
  body: await saveEditorDocument(db, { runId: params.run_id, token: body.token, baseVersion: body.base_version, edit: body.edit }),
  headers: editorSecurityHeaders(),
}));
