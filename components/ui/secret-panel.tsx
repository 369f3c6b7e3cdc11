import type { ReactNode } from 'react';
import { Button } from './button';
import { CopyButton } from './copy-button';

/**
 * A value shown only once (an API key, a signing secret, an invitation link) with a copy button;
 * with `onDone`, a footer row with `hint` and an "I have saved it" button.
 */
export function SecretPanel({
  id,
  testId,
  title,
  as: Heading = 'h2',
  children,
  value,
  valueTestId,
  valueLabel,
  copyLabel,
  hint,
  onDone,
}: {
  id: string;
  testId: string;
  title: ReactNode;
  as?: 'h2' | 'h3';
  /** The explanation under the title. */
  children: ReactNode;
  value: string;
  valueTestId: string;
  valueLabel?: string;
  copyLabel: string;
  hint?: ReactNode;
  onDone?: () => void;
}) {
  return (
    <section className="secret-panel" aria-labelledby={id} data-testid={testId}>
      <Heading id={id}>{title}</Heading>
      <p>{children}</p>
      <div className="secret-value">
        <code data-testid={valueTestId} aria-label={valueLabel}>
          {value}
        </code>
        <CopyButton text={value} variant="primary" label={copyLabel} />
      </div>
      {onDone ? (
        <div className="row-between">
          {hint ? <span className="subtle">{hint}</span> : <span />}
          <Button onClick={onDone}>I have saved it</Button>
        </div>
      ) : null}
    </section>
  );
}
