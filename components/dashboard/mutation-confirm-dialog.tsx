'use client';

import type { ReactNode } from 'react';
import { ConfirmDialog, type ConfirmDialogProps } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from './query-state';

/**
 * Confirms a mutation on `target` (revoke, delete, remove, restore): open while `target` is set;
 * Cancel resets the mutation and closes; the mutation's error shows under `children`.
 */
export function MutationConfirmDialog<T>({
  target,
  mutation,
  onClose,
  onConfirm,
  children,
  ...rest
}: {
  target: T | null;
  mutation: { isPending: boolean; error: unknown; reset: () => void };
  onClose: () => void;
  onConfirm: (target: T) => void;
  children: ReactNode;
} & Pick<ConfirmDialogProps, 'title' | 'confirmLabel' | 'tone'>) {
  return (
    <ConfirmDialog
      {...rest}
      open={target !== null}
      busy={mutation.isPending}
      onCancel={() => {
        mutation.reset();
        onClose();
      }}
      onConfirm={() => {
        if (target !== null) onConfirm(target);
      }}
    >
      {children}
      <ErrorAlert error={mutation.error} />
    </ConfirmDialog>
  );
}
