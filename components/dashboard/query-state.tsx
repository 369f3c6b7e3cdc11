'use client';

import type { ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { errorMessage } from './trpc';

/** "Loading…" announced politely; `inCard` pads it like a card body. */
export function LoadingStatus({ children = 'Loading…', inCard = false }: { children?: ReactNode; inCard?: boolean }) {
  return (
    <p className={inCard ? 'card-body muted' : 'muted'} role="status">
      {children}
    </p>
  );
}

/**
 * The error of a query or mutation (nothing while `error` is null), with an optional title and a
 * "Try again" button; `inCard` puts it in a card body.
 */
export function ErrorAlert({
  error,
  title,
  onRetry,
  inCard = false,
}: {
  error: unknown;
  title?: ReactNode;
  onRetry?: () => void;
  inCard?: boolean;
}) {
  if (error === null || error === undefined) return null;
  const alert = (
    <Alert tone="error" title={title}>
      {onRetry ? (
        <>
          <p>{errorMessage(error)}</p>
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        </>
      ) : (
        errorMessage(error)
      )}
    </Alert>
  );
  return inCard ? <div className="card-body">{alert}</div> : alert;
}

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "Load more" for an infinite query (nothing on the last page); `inCard` puts it in a card body. */
export function LoadMore({ query, inCard = false }: { query: PagedQuery; inCard?: boolean }) {
  if (!query.hasNextPage) return null;
  const button = (
    <Button onClick={() => void query.fetchNextPage()} busy={query.isFetchingNextPage} busyLabel="Loading…">
      Load more
    </Button>
  );
  return inCard ? <div className="card-body">{button}</div> : button;
}
