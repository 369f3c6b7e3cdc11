import type { Metadata } from 'next';
import { Suspense } from 'react';
import { UsagePanel } from '@/components/dashboard/usage-panel';

export const metadata: Metadata = { title: 'Usage' };

export default function Page() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <UsagePanel />
    </Suspense>
  );
}
