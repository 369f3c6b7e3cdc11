'use client';
// The editor page's client root: header with the save status, then the editor for the run's format.
import dynamic from 'next/dynamic';
import { useEffect, useRef } from 'react';
import { useEditorSession } from './use-editor-session';
import { BlockedOverlay, ConflictDialog, NewerVersionChip, Presence } from './collab-ui';
import type { EditorFormat, SaveStatus } from './editor-types';
import styles from './editor.module.css';

const Loading = () => (
  <div className={styles.loading} role="status">
    Loading the editor…
  </div>
);
const loaders = {
  excel: () => import('./spreadsheet-editor'),
  word: () => import('./document-editor'),
  slides: () => import('./slides-editor'),
};
const SpreadsheetEditor = dynamic(() => loaders.excel().then((m) => m.SpreadsheetEditor), { ssr: false, loading: Loading });
const DocumentEditor = dynamic(() => loaders.word().then((m) => m.DocumentEditor), { ssr: false, loading: Loading });
const SlidesEditor = dynamic(() => loaders.slides().then((m) => m.SlidesEditor), { ssr: false, loading: Loading });

const FORMAT_LABEL: Record<EditorFormat, string> = { excel: 'Spreadsheet', word: 'Document', slides: 'Presentation' };

function statusText(status: SaveStatus, readOnly: boolean): string {
  if (readOnly && status === 'saved') return 'View only';
  switch (status) {
    case 'loading':
      return 'Loading…';
    case 'saved':
      return 'Saved';
    case 'unsaved':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'conflict':
      return 'Conflict';
    case 'waiting':
      return 'Waiting for the agent';
    case 'error':
      return 'Not saved';
    case 'expired':
      return 'Link expired';
    case 'failed-load':
      return 'Could not load';
  }
}

export function EditorApp({ runId, token, format, title }: { runId: string; token: string; format: string; title: string }) {
  const s = useEditorSession(runId, token);
  // Fetch the editor's code while the document loads, not after.
  useEffect(() => {
    if (format in loaders) void loaders[format as EditorFormat]();
  }, [format]);
  const readOnly = s.doc?.read_only ?? true;
  const fmt = format as EditorFormat;
  const mainRef = useRef<HTMLElement>(null);
  // A newer version is shown when the person is not in the middle of something a remount would lose.
  const setBusyProbe = s.setBusyProbe;
  useEffect(() => {
    setBusyProbe(() => {
      const main = mainRef.current;
      if (!main) return false;
      if (main.querySelector('[role="dialog"]')) return true;
      // a slide element being moved or resized with the pointer
      if (main.querySelector('[data-gesture]')) return true;
      // the grid's cell editor is open (fortune-sheet raises its input box while a cell is edited)
      if ([...main.querySelectorAll<HTMLElement>('.luckysheet-input-box')].some((b) => b.style.zIndex === '19')) return true;
      const a = document.activeElement as HTMLElement | null;
      // (the document editor takes a newer version in place with the caret where it is: only a pause in typing is waited for)
      if (fmt !== 'excel' && fmt !== 'word' && a && main.contains(a) && (a.isContentEditable || a.tagName === 'INPUT' || a.tagName === 'TEXTAREA')) return true;
      return false;
    });
  }, [setBusyProbe, fmt]);
  const tone = s.status === 'conflict' || s.status === 'error' || s.status === 'expired' || s.status === 'failed-load' ? 'bad' : s.status === 'saved' ? 'good' : 'busy';

  return (
    <div className={styles.app}>
      <header className={styles.header}>
        <div className={styles.titleBlock}>
          <span className={styles.badge}>{FORMAT_LABEL[fmt] ?? format}</span>
          <h1 className={styles.title} title={title}>
            {title}
          </h1>
          {s.doc?.read_only && <span className={styles.badgeMuted}>Read-only</span>}
        </div>
        <div className={styles.statusBlock}>
          <span className={styles.status} data-tone={tone} role="status" aria-live="polite" data-testid="save-status" data-version={s.version}>
            {statusText(s.status, readOnly)}
          </span>
          <Presence others={s.others} />
          {s.behind && !s.blocked && <NewerVersionChip onShow={s.showLatest} />}
          {((s.status === 'conflict' && !s.conflicts) || s.status === 'failed-load') && (
            <button type="button" className={styles.button} onClick={s.reload}>
              Reload
            </button>
          )}
        </div>
      </header>
      {s.message && s.status !== 'saved' && s.status !== 'waiting' && !s.conflicts && (
        <div className={styles.banner} role="alert">
          {s.status === 'conflict'
            ? `This document changed in a way your edit cannot be merged with (${s.message}). Reload to get the latest version; your unsaved change is not kept.`
            : s.message}
        </div>
      )}
      {s.status === 'expired' && (
        <div className={styles.banner} role="alert">
          This editing link has expired; ask the app for a new one. Changes made after it expired are not saved.
        </div>
      )}
      <main className={styles.body} ref={mainRef} inert={s.blocked}>
        {!s.doc && s.status === 'loading' && <Loading />}
        {s.doc?.format === 'excel' && <SpreadsheetEditor key={s.mountId} doc={s.doc} readOnly={readOnly} onEdit={s.queue} version={s.version} peek={s.peek} onRemount={s.remount} />}
        {s.doc?.format === 'word' && <DocumentEditor key={s.mountId} doc={s.doc} readOnly={readOnly} onEdit={s.queue} editsShown={s.editsShown} onRemount={s.remount} token={token} />}
        {s.doc?.format === 'slides' && <SlidesEditor key={s.mountId} doc={s.doc} readOnly={readOnly} onEdit={s.queue} editsShown={s.editsShown} onRemount={s.remount} token={token} />}
        {s.blocked && (
          <BlockedOverlay>
            {s.status === 'waiting'
              ? 'The agent is working on this document. Your changes are kept and saved (merged) when it has finished; editing resumes then.'
              : s.status === 'expired'
                ? 'This editing link has expired; editing is off.'
                : s.conflicts
                  ? 'Choose which changes to keep; editing resumes when they are saved.'
                  : 'Editing is paused: reload to continue from the latest version.'}
          </BlockedOverlay>
        )}
      </main>
      {s.conflicts && <ConflictDialog conflicts={s.conflicts} onResolve={s.resolve} />}
    </div>
  );
}
