import { withApi } from '@/server/api/with-api';
import { editorEventsOp } from '@/server/editor/operations';
import { streamEditorEvents } from '@/server/editor/stream-editor-events';

// a long-lived stream: never cached or prerendered
export const dynamic = 'force-dynamic';

export const GET = withApi(editorEventsOp, async ({ db, params, query, req }) => streamEditorEvents(db, { runId: params.run_id, token: query.token, signal: req.signal }));
