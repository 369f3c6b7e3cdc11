'use client';
// A contentEditable that React never re-renders while the user types: its text is set from props
// only when `resetKey` changes, and every input is reported with onText. Plain text by default; with
// `runs` it shows the paragraph's runs as formatted spans (rich-text.ts) and reports the runs back
// (onRuns): the typed text is spliced into the runs, so untouched runs keep their formatting.
import { useLayoutEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import type { Run } from '@/server/documents/deck/schema';
import { cleanRunText, editRuns } from '@/lib/deck/edit-runs';
import { caretOffset } from './caret';
import { runStyle, shownRuns, showRuns } from './rich-text';

export interface EditableTextProps {
  text: string;
  resetKey?: string | number;
  onText: (text: string) => void;
  readOnly: boolean;
  label: string;
  className?: string;
  style?: CSSProperties;
  multiline?: boolean;
  onKeyDown?: (e: KeyboardEvent<HTMLDivElement>) => void;
  autoFocus?: boolean;
  testId?: string;
  /** the element, for callers that move the caret (splitting and joining lines) */
  elRef?: (el: HTMLDivElement | null) => void;
  onFocus?: () => void;
  /** extra data-* attributes (e.g. a list number) */
  data?: Record<string, string>;
  /** rich text: the runs shown (with their formatting) instead of `text` */
  runs?: Run[];
  /** rich text: the runs after each input (typed text takes the formatting of the run it is typed into) */
  onRuns?: (runs: Run[]) => void;
}

export function EditableText({
  text,
  resetKey,
  onText,
  readOnly,
  label,
  className,
  style,
  multiline,
  onKeyDown,
  autoFocus,
  testId,
  elRef,
  onFocus,
  data,
  runs,
  onRuns,
}: EditableTextProps) {
  const ref = useRef<HTMLDivElement>(null);
  const rich = !!runs;
  useLayoutEffect(() => {
    if (readOnly) return;
    if (ref.current) {
      if (runs) showRuns(ref.current, runs, true);
      else ref.current.innerText = text;
    }
    if (autoFocus && ref.current) {
      ref.current.focus();
      const sel = window.getSelection();
      sel?.selectAllChildren(ref.current);
      sel?.collapseToEnd();
    }
    // text is only applied when the key changes: typing must not be overwritten
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetKey]);
  // rich text: runs changed from outside (formatting from the toolbar, undo within the burst…) are
  // drawn again, the selection kept; the runs that typing produced come back unchanged and are not
  useLayoutEffect(() => {
    if (readOnly || !runs || !ref.current) return;
    const shown = shownRuns.get(ref.current);
    if (shown !== runs && JSON.stringify(shown) !== JSON.stringify(runs)) showRuns(ref.current, runs);
  });
  // rich text: no formatting by the browser itself (its Ctrl+B, drag and drop of HTML)
  useLayoutEffect(() => {
    const el = ref.current;
    if (readOnly || !rich || !el) return;
    const block = (e: InputEvent) => {
      if (e.inputType.startsWith('format') || e.inputType === 'insertFromDrop' || e.inputType === 'insertFromPasteAsQuotation') e.preventDefault();
    };
    el.addEventListener('beforeinput', block);
    return () => el.removeEventListener('beforeinput', block);
  }, [readOnly, rich]);
  if (readOnly) {
    // Nothing is typed here: React renders the text (thumbnails follow the edits).
    return (
      <div
        role="textbox"
        aria-label={label}
        aria-readonly
        className={className}
        style={style}
        data-testid={testId}
        {...data}
      >
        {runs
          ? runs.map((r, i) =>
              r.text ? (
                <span key={i} style={runStyle(r)}>
                  {r.text}
                </span>
              ) : null,
            )
          : text}
      </div>
    );
  }
  return (
    <div
      ref={(el) => {
        ref.current = el;
        elRef?.(el);
      }}
      role="textbox"
      aria-label={label}
      aria-multiline={multiline ? 'true' : 'false'}
      contentEditable={rich ? 'true' : 'plaintext-only'}
      suppressContentEditableWarning
      spellCheck
      tabIndex={0}
      className={className}
      style={style}
      data-testid={testId}
      {...data}
      onFocus={onFocus}
      onInput={(e) => {
        const el = e.currentTarget;
        if (!runs) return onText(el.innerText.replace(/\n$/, ''));
        // the text now shown, spliced into the runs shown before; the DOM is drawn again from the runs
        // when the browser put the text elsewhere (or added markup), except while an IME composes
        const before = shownRuns.get(el) ?? runs;
        const next = editRuns(before, el.textContent ?? '', caretOffset(el) ?? undefined);
        if (e.nativeEvent.isComposing) shownRuns.set(el, next);
        else showRuns(el, next);
        onRuns?.(next);
      }}
      onCompositionEnd={(e) => {
        const el = e.currentTarget;
        if (runs) showRuns(el, shownRuns.get(el) ?? runs);
      }}
      onPaste={(e) => {
        if (!runs) return;
        // pasted as plain text (no HTML, no scripts, no styles); a line break becomes a space
        e.preventDefault();
        const t = cleanRunText(e.clipboardData.getData('text/plain').replace(/\r\n?|\n/g, ' '));
        if (t) document.execCommand('insertText', false, t);
      }}
      onDrop={(e) => {
        if (runs) e.preventDefault();
      }}
      onKeyDown={(e) => {
        // the caller first (a list splits the line at the caret); a one-line text never takes a line break
        onKeyDown?.(e);
        if (!multiline && e.key === 'Enter') e.preventDefault();
      }}
    />
  );
}
