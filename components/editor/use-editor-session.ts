'use client';
// The editor's connection to the editor API: loads the document, autosaves queued edits
// (debounced, with the base version), keeps the token alive while the page is open and visible,
// and reports a status the UI shows ("Saved", "Saving…", "Conflict — reload").
import { useCallback, useEffect, useRef, useState } from 'react';
import { editorApiBase, editorDocumentPath } from './editor-api-paths';
import { mergeEdits } from './merge-edits';
import type { EditorDocument, EditorEdit, SaveStatus } from './editor-types';

export const AUTOSAVE_DEBOUNCE_MS = 800;
const KEEPALIVE_EVERY_MS = 60_000;
const RETRY_MS = 3_000;

export interface EditorSession {
  doc: EditorDocument | null;
  /** increments on every (re)load: editors remount with the fresh document */
  loadId: number;
  status: SaveStatus;
  message: string | null;
  version: number;
  savedAt: Date | null;
  queue: (edit: EditorEdit) => void;
  reload: () => void;
  /** the stored document as it is now (for a grid to take the server's formula values), without reloading the editor */
  peek: () => Promise<EditorDocument | null>;
}

export function useEditorSession(runId: string, token: string): EditorSession {
  const [doc, setDoc] = useState<EditorDocument | null>(null);
  const [status, setStatus] = useState<SaveStatus>('loading');
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const versionRef = useRef(0);
  const pending = useRef<EditorEdit | null>(null);
  const inflight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopped = useRef(false);
  const base = editorApiBase(runId);
  // The page preloads the document; the first load takes that response, reloads go to the server.
  const preloaded = useRef(true);

  const [loadId, setLoadId] = useState(0);
  const flushRef = useRef<() => Promise<void>>(async () => {});

  const load = useCallback(async () => {
    pending.current = null;
    stopped.current = false;
    try {
      const fresh = !preloaded.current;
      preloaded.current = false;
      const res = await fetch(editorDocumentPath(runId, token), fresh ? { cache: 'no-store' } : {});
      if (res.status === 401) {
        stopped.current = true;
        setStatus('expired');
        return;
      }
      if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${res.status}`);
      const d = (await res.json()) as EditorDocument;
      versionRef.current = d.version;
      setVersion(d.version);
      setDoc(d);
      setLoadId((n) => n + 1);
      setStatus('saved');
      setMessage(null);
    } catch (err) {
      setStatus('failed-load');
      setMessage(err instanceof Error ? err.message : String(err));
    }
  }, [runId, token]);

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (inflight.current || stopped.current || !pending.current) return;
    const edit = pending.current;
    pending.current = null;
    inflight.current = true;
    setStatus('saving');
    try {
      const res = await fetch(`${base}/document`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, base_version: versionRef.current, edit }),
        keepalive: JSON.stringify(edit).length < 60_000,
      });
      if (res.ok) {
        const body = (await res.json()) as { version: number; saved_at: string };
        versionRef.current = body.version;
        setVersion(body.version);
        setSavedAt(new Date(body.saved_at));
        setStatus(pending.current ? 'unsaved' : 'saved');
        setMessage(null);
      } else {
        const err = ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error;
        if (res.status === 409) {
          stopped.current = true;
          pending.current = mergeEdits(edit, pending.current ?? edit);
          setStatus('conflict');
          setMessage(err?.message ?? 'the document changed elsewhere');
        } else if (res.status === 401 || res.status === 404 || res.status === 410) {
          stopped.current = true;
          setStatus('expired');
          setMessage(err?.message ?? null);
        } else if (res.status === 400 || res.status === 403 || res.status === 413) {
          // The edit itself is refused: retrying cannot help.
          setStatus('error');
          setMessage(err?.message ?? `HTTP ${res.status}`);
        } else throw new Error(err?.message ?? `HTTP ${res.status}`);
      }
    } catch (err) {
      pending.current = pending.current ? mergeEdits(edit, pending.current) : edit;
      setStatus('error');
      setMessage(`${err instanceof Error ? err.message : String(err)} — retrying`);
      timer.current = setTimeout(() => void flushRef.current(), RETRY_MS);
    } finally {
      inflight.current = false;
    }
    if (pending.current && !stopped.current && !timer.current) timer.current = setTimeout(() => void flushRef.current(), AUTOSAVE_DEBOUNCE_MS);
  }, [base, token]);

  const queue = useCallback(
    (edit: EditorEdit) => {
      if (stopped.current) return;
      pending.current = mergeEdits(pending.current, edit);
      setStatus('unsaved');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_DEBOUNCE_MS);
    },
    [flush],
  );

  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  useEffect(() => {
    const id = setTimeout(() => void load(), 0);
    return () => clearTimeout(id);
  }, [load]);

  // Keep the token alive while the editor is open and visible; save before the page goes away.
  useEffect(() => {
    const ping = async () => {
      if (document.visibilityState !== 'visible' || stopped.current) return;
      const res = await fetch(`${base}/keepalive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) }).catch(() => null);
      if (res && (res.status === 401 || res.status === 404)) {
        stopped.current = true;
        setStatus('expired');
      }
    };
    const id = setInterval(() => void ping(), KEEPALIVE_EVERY_MS);
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onHide);
    return () => {
      clearInterval(id);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
    };
  }, [base, token, flush]);

  const reload = useCallback(() => {
    setStatus('loading');
    void load();
  }, [load]);

  const peek = useCallback(async () => {
    const res = await fetch(editorDocumentPath(runId, token), { cache: 'no-store' }).catch(() => null);
    return res?.ok ? ((await res.json()) as EditorDocument) : null;
  }, [runId, token]);

  return { doc, loadId, status, message, version, savedAt, queue, reload, peek };
}
