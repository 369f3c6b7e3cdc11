'use client';
// What the editor shows of other people editing the same run: who else is here (presence), a chip
// when a newer version is ready but not shown yet (the person is typing), an overlay while the
// editor cannot save (input blocked: no typing into the void), and the conflict dialog — both
// values of every part both changed, the person chooses (in the page: the embed's sandbox blocks
// prompt/confirm).
import { useEffect, useId, useRef, useState } from 'react';
import type { EditConflict, OtherEditor } from './editor-types';
import styles from './collab.module.css';

export function Presence({ others }: { others: OtherEditor[] }) {
  if (!others.length) return null;
  const shown = others.slice(0, 4);
  const text = `${others.length} other${others.length === 1 ? '' : 's'} editing`;
  return (
    <span className={styles.presence} data-testid="presence" data-count={others.length} title={`${text}: ${others.map((o) => o.label).join(', ')}`}>
      <span className="sr-only">{text}</span>
      {shown.map((o) => (
        <span key={o.id} className={styles.avatar} aria-hidden>
          {o.label === 'Viewer' ? 'V' : o.label.slice(0, 2)}
        </span>
      ))}
      {others.length > shown.length && <span aria-hidden>+{others.length - shown.length}</span>}
      <span aria-hidden>editing</span>
    </span>
  );
}

export function NewerVersionChip({ onShow }: { onShow: () => void }) {
  return (
    <button type="button" className={styles.chip} onClick={onShow} data-testid="show-latest" title="Someone else changed the document; your changes are kept">
      New changes — show
    </button>
  );
}

export function BlockedOverlay({ children }: { children: React.ReactNode }) {
  return (
    <div className={styles.overlay} data-testid="editor-blocked">
      <div className={styles.overlayCard} role="status" aria-live="polite">
        {children}
      </div>
    </div>
  );
}

export function ConflictDialog({ conflicts, onResolve }: { conflicts: EditConflict[]; onResolve: (choices: Record<string, 'yours' | 'theirs'>) => void }) {
  const [choices, setChoices] = useState<Record<string, 'yours' | 'theirs'>>({});
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input')?.focus();
  }, []);
  const all = (side: 'yours' | 'theirs') => onResolve(Object.fromEntries(conflicts.map((c) => [c.target, side])));
  const complete = conflicts.every((c) => choices[c.target]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>('input, button')].filter((el) => !(el as HTMLButtonElement).disabled);
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  };
  return (
    <div className={styles.backdrop}>
      <div ref={ref} className={styles.dialog} role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown} data-testid="conflict-dialog">
        <h2 id={titleId}>Someone else changed the same {conflicts.length === 1 ? 'part' : 'parts'}</h2>
        <p>You and someone else changed the same {conflicts.length === 1 ? 'part' : 'parts'} at the same time. Choose which version to keep; the rest of your changes are saved with your choice.</p>
        {conflicts.map((c) => (
          <fieldset key={c.target} className={styles.conflict} data-testid="conflict">
            <legend>{c.label}</legend>
            <div className={styles.choices}>
              {(['yours', 'theirs'] as const).map((side) => (
                <label key={side} className={styles.choice}>
                  <input type="radio" name={c.target} value={side} checked={choices[c.target] === side} onChange={() => setChoices((x) => ({ ...x, [c.target]: side }))} />
                  <span>
                    <strong>{side === 'yours' ? 'Yours' : 'Theirs (saved)'}</strong>
                    <div className={styles.value} data-testid={`conflict-${side}`}>
                      {c[side]}
                    </div>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <div className={styles.actions}>
          <button type="button" className={styles.secondary} onClick={() => all('theirs')}>
            Keep all theirs
          </button>
          <button type="button" className={styles.secondary} onClick={() => all('yours')}>
            Keep all mine
          </button>
          <button type="button" className={styles.primary} disabled={!complete} onClick={() => onResolve(choices)}>
            Save my choices
          </button>
        </div>
      </div>
    </div>
  );
}
