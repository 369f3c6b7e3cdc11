// The embeddable editor page (the edit_url redirects here). It lives outside the dashboard layout
// and is authorized by the token in its URL only: the iframe is cross-origin, so no cookies.
import type { Metadata } from 'next';
import { preload } from 'react-dom';
import { getDb } from '@/server/db/client';
import { editorMessage } from '@/server/api/editor-message-page';
import { EditSessionError, openEditSession } from '@/server/editor/open-edit-session';
import { EditorApp } from '@/components/editor/editor-app';
import { editorDocumentPath } from '@/components/editor/editor-api-paths';
import { EditorNotice } from '@/components/editor/editor-notice';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Editor',
  referrer: 'no-referrer',
  robots: { index: false, follow: false },
};

export default async function EditPage({ params, searchParams }: { params: Promise<{ runId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { runId } = await params;
  const sp = await searchParams;
  const token = typeof sp.token === 'string' ? sp.token : undefined;
  let outcome: { ok: true; format: string; title: string } | { ok: false; problem: Parameters<typeof editorMessage>[0] };
  try {
    const { run } = await openEditSession(await getDb(), { runId, token });
    outcome =
      run.format === 'text' || run.currentVersion === 0 ? { ok: false, problem: 'no_document' } : { ok: true, format: run.format, title: run.title ?? run.fileName ?? 'Untitled' };
  } catch (err) {
    if (!(err instanceof EditSessionError)) throw err;
    outcome = { ok: false, problem: err.problem };
  }
  if (!outcome.ok) return <EditorNotice {...editorMessage(outcome.problem)} />;
  // Start loading the document with the page, not after its scripts have run (a 4 MB workbook
  // takes as long to arrive as the scripts do).
  preload(editorDocumentPath(runId, token!), { as: 'fetch', crossOrigin: 'anonymous' });
  return <EditorApp runId={runId} token={token!} format={outcome.format} title={outcome.title} />;
}
