import { Suspense, type ReactNode } from 'react';

/** The Suspense boundary of a dashboard page (its client panel reads the search params). */
export function PageSuspense({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="muted">Loading…</p>}>{children}</Suspense>;
}
