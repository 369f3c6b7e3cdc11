// The small HTML page shown inside the iframe when an edit link cannot open the document
// (expired, wrong, or the run's files are gone) — never a stack trace or a JSON error.
import 'server-only';
import type { EditSessionProblem } from '../editor/open-edit-session';
import { editorSecurityHeaders } from '../editor/editor-headers';

const TEXT: Record<EditSessionProblem | 'no_document', { status: number; title: string; body: string }> = {
  expired: { status: 401, title: 'This editing link has expired', body: 'Editing links stay valid for 15 minutes after the last activity. Ask the app for a new one (reopen the document there).' },
  invalid: { status: 404, title: 'This editing link is not valid', body: 'The link is incomplete or does not belong to this document. Ask the app for a new one.' },
  gone: { status: 410, title: 'This document is no longer available', body: 'The run expired and its files were deleted.' },
  no_document: { status: 404, title: 'There is nothing to edit yet', body: 'The document has not been generated yet. Try again when the task has completed.' },
};

export function editorMessage(problem: EditSessionProblem | 'no_document') {
  return TEXT[problem];
}

export function editorMessagePage(problem: EditSessionProblem | 'no_document'): Response {
  const t = TEXT[problem];
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${t.title} · Docsmith</title>
<style>
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f6f7fb;color:#111827;font:16px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:30rem;margin:1.5rem;padding:2rem;background:#fff;border:1px solid #dde1ea;border-radius:14px;box-shadow:0 1px 3px rgb(16 24 40/.08)}
h1{font-size:1.25rem;margin:0 0 .5rem}p{margin:0;color:#4b5563}
</style></head>
<body><main role="alert"><h1>${t.title}</h1><p>${t.body}</p></main></body></html>`;
  return new Response(html, { status: t.status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...editorSecurityHeaders() } });
}
