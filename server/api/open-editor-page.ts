// GET /api/v1/edit/{run_id}?token=…: the edit_url. A valid token redirects to the editor page;
// anything else answers the HTML message page (the iframe shows it).
import 'server-only';
import type { Db } from '../db/client';
import { editorSecurityHeaders } from '../editor/editor-headers';
import { editorMessagePage } from './editor-message-page';
import { EditSessionError, openEditSession } from '../editor/open-edit-session';

export async function openEditorPage(db: Db, args: { runId: string; token: string | undefined; now?: Date }): Promise<Response> {
  try {
    const { run } = await openEditSession(db, args);
    if (run.format === 'text' || run.currentVersion === 0) return editorMessagePage('no_document');
  } catch (err) {
    if (err instanceof EditSessionError) return editorMessagePage(err.problem);
    throw err;
  }
  const location = `/edit/${encodeURIComponent(args.runId)}?token=${encodeURIComponent(args.token ?? '')}`;
  return new Response(null, { status: 302, headers: { Location: location, ...editorSecurityHeaders() } });
}
