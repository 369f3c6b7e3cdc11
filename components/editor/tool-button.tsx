'use client';
// A toolbar button of the document editor (the body's toolbar and the header/footer toolbars).
import styles from './editor.module.css';

/**
 * The accessible name starts with the button's visible text when that is a word ("H1, Heading 1"),
 * so speech-input users can say what they see (WCAG 2.5.3, axe label-content-name-mismatch).
 */
export function accessibleName(label: string, children: React.ReactNode): string {
  const text = typeof children === 'string' ? children.trim() : '';
  if (text.length < 2 || label.toLowerCase().includes(text.toLowerCase())) return label;
  return `${text}, ${label}`;
}

export function ToolButton({ label, onClick, active, disabled, children, className }: { label: string; onClick: () => void; active?: boolean; disabled?: boolean; children: React.ReactNode; className?: string }) {
  return (
    <button
      type="button"
      className={className ? `${styles.toolButton} ${className}` : styles.toolButton}
      aria-label={accessibleName(label, children)}
      title={label}
      aria-pressed={active ?? undefined}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
