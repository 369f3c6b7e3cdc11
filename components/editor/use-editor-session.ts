'use client';
// The editor's connection to the editor API: loads the document, autosaves queued edits
// (debounced, with the version the editor's content is based on), keeps the token alive while the
// page is open and visible, and reports a status the UI shows.
//
// Several people (and the agent) may change the run at once. The server merges a save made on an
// older version (`merged: true`); a true conflict comes back as 409 with both values, the editor
// stops taking input and shows them (`conflicts`), and the person's choice is sent with the same
// edit (`resolve`). Live updates arrive over server-sent events (…/events): a newer version is
// fetched and shown once nothing is waiting to be saved and the person is not in the middle of
// typing (`busy`); until then `behind` says a newer one is ready. The spreadsheet, slide and document editors take
// it in place (`mountId` stays; they ask for a remount with `remount` when they cannot; `editsShown`
// says which of their queued edits it holds), the others remount.
// While an agent task works on the run, saves are refused (409 task_running): the editor waits,
// input blocked, and saves again (merged) when the task has stored its version.
import { useCallback, useEffect, useRef, useState } from 'react';
import { editorApiBase, editorDocumentPath } from './editor-api-paths';
import { mergeEdits } from './merge-edits';
import type { EditConflict, EditorDocument, EditorEdit, OtherEditor, SaveStatus } from './editor-types';

export const AUTOSAVE_DEBOUNCE_MS = 800;
const KEEPALIVE_EVERY_MS = 60_000;
const RETRY_MS = 3_000;
const BUSY_RETRY_MS = 400;
/** Formats whose editor applies a newer version to what it shows, without remounting. */
const IN_PLACE: ReadonlySet<string> = new Set(['excel', 'slides', 'word']);

export interface EditorSession {
  doc: EditorDocument | null;
  /** increments on every (re)load and every newer version shown: editors remount with the fresh document */
  loadId: number;
  /**
   * increments on a (re)load, and on a newer version for editors that do not take it in place
   * (IN_PLACE): the key the spreadsheet editor is mounted with
   */
  mountId: number;
  /** the editor could not take the newer version in place: remount it on the current document */
  remount: () => void;
  status: SaveStatus;
  message: string | null;
  version: number;
  savedAt: Date | null;
  /** queues an edit for the autosave; returns its number (1, 2, …: how many edits were queued so far) */
  queue: (edit: EditorEdit) => number;
  /**
   * how many of the queued edits `doc` holds (edits numbered above it were queued after it was
   * fetched: an editor taking `doc` in place keeps them on top of it)
   */
  editsShown: number;
  reload: () => void;
  /** the stored document as it is now (for a grid to take the server's formula values), without reloading the editor */
  peek: () => Promise<EditorDocument | null>;
  /** a save's conflicts, waiting for the person's choice (input is blocked meanwhile) */
  conflicts: EditConflict[] | null;
  /** sends the pending edit again with the person's choice per conflict target */
  resolve: (choices: Record<string, 'yours' | 'theirs'>) => void;
  /** the other editors of this run right now */
  others: OtherEditor[];
  /** a newer version is stored and will be shown when the person pauses (or `showLatest`) */
  behind: boolean;
  showLatest: () => void;
  /** input must not be taken (a conflict to resolve, the agent working, the link expired) */
  blocked: boolean;
  /** the editor says whether the person is in the middle of something a remount would lose */
  setBusyProbe: (probe: () => boolean) => void;
}

type ErrorBody = { error?: { message?: string; details?: { reason?: string; current_version?: number; conflicts?: EditConflict[] } } } | null;

export function useEditorSession(runId: string, token: string): EditorSession {
  const [doc, setDoc] = useState<EditorDocument | null>(null);
  const [status, setStatus] = useState<SaveStatus>('loading');
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [conflicts, setConflicts] = useState<EditConflict[] | null>(null);
  const [others, setOthers] = useState<OtherEditor[]>([]);
  const [behind, setBehind] = useState(false);
  /** the version the editor's content is based on (sent as base_version) */
  const baseRef = useRef(0);
  /** the newest version stored, as far as this page knows */
  const latestRef = useRef(0);
  const pending = useRef<EditorEdit | null>(null);
  /** the edit refused by a conflict, and the version its conflicts were shown for */
  const conflicted = useRef<{ edit: EditorEdit; version: number } | null>(null);
  const choicesRef = useRef<{ version: number; choices: Record<string, 'yours' | 'theirs'> } | null>(null);
  const inflight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopped = useRef(false);
  const waitingForTask = useRef(false);
  const lastInput = useRef(0);
  const busyProbe = useRef<() => boolean>(() => false);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshing = useRef(false);
  const base = editorApiBase(runId);
  // The page preloads the document; the first load takes that response, reloads go to the server.
  const preloaded = useRef(true);

  const [loadId, setLoadId] = useState(0);
  const [mountId, setMountId] = useState(0);
  /** edits queued so far (queue's numbers) */
  const queued = useRef(0);
  const [editsShown, setEditsShown] = useState(0);
  const flushRef = useRef<() => Promise<void>>(async () => {});
  const refreshRef = useRef<(force?: boolean) => void>(() => {});

  const take = useCallback((d: EditorDocument, live = false, edits = queued.current) => {
    baseRef.current = d.version;
    setEditsShown(edits);
    latestRef.current = Math.max(latestRef.current, d.version);
    setVersion(d.version);
    setDoc(d);
    setLoadId((n) => n + 1);
    if (!live || !IN_PLACE.has(d.format)) setMountId((n) => n + 1);
    setBehind(latestRef.current > d.version);
  }, []);

  const load = useCallback(async () => {
    pending.current = null;
    conflicted.current = null;
    stopped.current = false;
    setConflicts(null);
    try {
      const fresh = !preloaded.current;
      preloaded.current = false;
      const res = await fetch(editorDocumentPath(runId, token), fresh ? { cache: 'no-store' } : {});
      if (res.status === 401) {
        stopped.current = true;
        setStatus('expired');
        return;
      }
      if (!res.ok) throw new Error(((await res.json().catch(() => null)) as ErrorBody)?.error?.message ?? `HTTP ${res.status}`);
      take((await res.json()) as EditorDocument);
      setStatus('saved');
      setMessage(null);
    } catch (err) {
      setStatus('failed-load');
      setMessage(err instanceof Error ? err.message : String(err));
    }
  }, [runId, token, take]);

  /**
   * Shows the newest stored version (the editor takes it in place or remounts on it) when that is safe: nothing waiting
   * to be saved (a pending edit is saved first — the server merges it), no save under way, no
   * conflict open, and the person not in the middle of typing (unless `force`).
   */
  const refresh = useCallback(
    async (force = false) => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
      refreshTimer.current = null;
      if (!baseRef.current) return; // the first load is still under way
      if (latestRef.current <= baseRef.current) {
        setBehind(false);
        return;
      }
      if (stopped.current || refreshing.current) return;
      if (pending.current && !inflight.current) {
        void flushRef.current();
        return; // the save's answer comes back here
      }
      const busy = !force && (Date.now() - lastInput.current < 1_500 || busyProbe.current());
      if (inflight.current || busy) {
        setBehind(true);
        refreshTimer.current = setTimeout(() => refreshRef.current(), BUSY_RETRY_MS);
        return;
      }
      refreshing.current = true;
      // every edit queued so far is saved (nothing pending, no save under way): the fetched version holds them
      const edits = queued.current;
      try {
        const res = await fetch(editorDocumentPath(runId, token), { cache: 'no-store' });
        if (!res.ok) return;
        const d = (await res.json()) as EditorDocument;
        // typed meanwhile (even if already saved): that edit is based on what is shown now; show the new version after saving it
        if (pending.current || inflight.current || stopped.current || queued.current !== edits) {
          refreshTimer.current = setTimeout(() => refreshRef.current(), BUSY_RETRY_MS);
          return;
        }
        take(d, true, edits);
      } catch {
        refreshTimer.current = setTimeout(() => refreshRef.current(), RETRY_MS);
      } finally {
        refreshing.current = false;
      }
    },
    [runId, token, take],
  );

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (inflight.current || (stopped.current && !waitingForTask.current) || !pending.current) return;
    const edit = pending.current;
    pending.current = null;
    inflight.current = true;
    setStatus('saving');
    const resolve = choicesRef.current;
    choicesRef.current = null;
    try {
      const res = await fetch(`${base}/document`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, base_version: baseRef.current, edit, ...(resolve ? { resolve } : {}) }),
        keepalive: JSON.stringify(edit).length < 60_000,
      });
      if (res.ok) {
        const body = (await res.json()) as { version: number; saved_at: string; merged?: boolean };
        latestRef.current = Math.max(latestRef.current, body.version);
        // merged with others' changes: the editor does not show them yet, and stays based on its version
        if (!body.merged) baseRef.current = body.version;
        waitingForTask.current = false;
        stopped.current = false;
        conflicted.current = null;
        setConflicts(null);
        setVersion(body.version);
        setSavedAt(new Date(body.saved_at));
        setStatus(pending.current ? 'unsaved' : 'saved');
        setMessage(null);
      } else {
        const err = ((await res.json().catch(() => null)) as ErrorBody)?.error;
        const details = err?.details;
        if (res.status === 409 && details?.reason === 'conflict' && details.conflicts?.length) {
          // both changed the same thing: the person chooses; nothing else is taken meanwhile
          stopped.current = true;
          const all = mergeEdits(edit, pending.current ?? edit);
          pending.current = null;
          conflicted.current = { edit: all, version: details.current_version ?? 0 };
          latestRef.current = Math.max(latestRef.current, details.current_version ?? 0);
          setConflicts(details.conflicts);
          setStatus('conflict');
          setMessage(err?.message ?? null);
        } else if (res.status === 409 && details?.reason === 'task_running') {
          // the agent is working: wait (input blocked) and save again when it has stored its version
          stopped.current = true;
          waitingForTask.current = true;
          pending.current = mergeEdits(edit, pending.current ?? edit);
          setStatus('waiting');
          setMessage(err?.message ?? null);
          timer.current = setTimeout(() => void flushRef.current(), RETRY_MS);
        } else if (res.status === 409) {
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
    if (!stopped.current) refreshRef.current();
  }, [base, token]);

  const queue = useCallback(
    (edit: EditorEdit) => {
      if (stopped.current) return queued.current; // not taken (input is blocked meanwhile)
      queued.current += 1;
      lastInput.current = Date.now();
      pending.current = mergeEdits(pending.current, edit);
      setStatus('unsaved');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_DEBOUNCE_MS);
      return queued.current;
    },
    [flush],
  );

  const resolve = useCallback((choices: Record<string, 'yours' | 'theirs'>) => {
    const c = conflicted.current;
    if (!c) return;
    conflicted.current = null;
    setConflicts(null);
    choicesRef.current = { version: c.version, choices };
    pending.current = c.edit;
    stopped.current = false;
    void flushRef.current();
  }, []);

  useEffect(() => {
    flushRef.current = flush;
    refreshRef.current = (force?: boolean) => void refresh(force);
  }, [flush, refresh]);

  useEffect(() => {
    const id = setTimeout(() => void load(), 0);
    return () => clearTimeout(id);
  }, [load]);

  // Live updates and presence (server-sent events; EventSource reconnects by itself).
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource(`${base}/events?token=${encodeURIComponent(token)}`);
    let me = '';
    const presence = (editors: OtherEditor[]) => setOthers(editors.filter((e) => e.id !== me));
    es.addEventListener('hello', (e) => {
      const d = JSON.parse((e as MessageEvent<string>).data) as { connection_id: string; version: number; editors: OtherEditor[] };
      me = d.connection_id;
      presence(d.editors);
      if (d.version > latestRef.current) {
        latestRef.current = d.version;
        refreshRef.current();
      }
    });
    es.addEventListener('presence', (e) => presence((JSON.parse((e as MessageEvent<string>).data) as { editors: OtherEditor[] }).editors));
    es.addEventListener('version', (e) => {
      const d = JSON.parse((e as MessageEvent<string>).data) as { version: number; by: string };
      if (d.version <= latestRef.current) return;
      latestRef.current = d.version;
      if (waitingForTask.current) void flushRef.current();
      else refreshRef.current();
    });
    return () => es.close();
  }, [base, token]);

  // Keep the token alive while the editor is open and visible; save before the page goes away.
  useEffect(() => {
    const ping = async () => {
      if (document.visibilityState !== 'visible' || (stopped.current && !waitingForTask.current && !conflicted.current)) return;
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

  useEffect(
    () => () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    },
    [],
  );

  const reload = useCallback(() => {
    setStatus('loading');
    void load();
  }, [load]);

  const peek = useCallback(async () => {
    const res = await fetch(editorDocumentPath(runId, token), { cache: 'no-store' }).catch(() => null);
    return res?.ok ? ((await res.json()) as EditorDocument) : null;
  }, [runId, token]);

  const showLatest = useCallback(() => refreshRef.current(true), []);
  const remount = useCallback(() => setMountId((n) => n + 1), []);
  const setBusyProbe = useCallback((probe: () => boolean) => {
    busyProbe.current = probe;
  }, []);

  const blocked = status === 'conflict' || status === 'waiting' || status === 'expired';
  return { doc, loadId, mountId, remount, status, message, version, savedAt, queue, editsShown, reload, peek, conflicts, resolve, others, behind, showLatest, blocked, setBusyProbe };
}
