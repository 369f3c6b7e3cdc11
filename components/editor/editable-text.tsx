'use client';
// A plain-text contentEditable that React never re-renders while the user types: its text is set
// from props only when `resetKey` changes, and every input is reported with onText.
import { useLayoutEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';

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
}: EditableTextProps) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (readOnly) return;
    if (ref.current) ref.current.innerText = text;
    if (autoFocus && ref.current) {
      ref.current.focus();
      const sel = window.getSelection();
      sel?.selectAllChildren(ref.current);
      sel?.collapseToEnd();
    }
    // text is only applied when the key changes: typing must not be overwritten
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetKey]);
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
        {text}
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
      contentEditable="plaintext-only"
      suppressContentEditableWarning
      spellCheck
      tabIndex={0}
      className={className}
      style={style}
      data-testid={testId}
      {...data}
      onFocus={onFocus}
      onInput={(e) => onText(e.currentTarget.innerText.replace(/\n$/, ''))}
      onKeyDown={(e) => {
        // the caller first (a list splits the line at the caret); a one-line text never takes a line break
        onKeyDown?.(e);
        if (!multiline && e.key === 'Enter') e.preventDefault();
      }}
    />
  );
}
