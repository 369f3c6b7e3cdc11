import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RunsHistory } from '@/components/dashboard/runs-history';

export const metadata: Metadata = { title: 'Runs' };

export default function Page() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <RunsHistory />
    </Suspense>
  );
}
