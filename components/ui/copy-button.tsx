'use client';

import { useEffect, useState } from 'react';
import { Button, type ButtonProps } from './button';

/** Copies `text` to the clipboard and says so (visually and to screen readers). */
export function CopyButton({
  text,
  label = 'Copy',
  ...rest
}: { text: string; label?: string } & Omit<ButtonProps, 'onClick'>) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <Button
      {...rest}
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy' : label}
      </span>
    </Button>
  );
}
