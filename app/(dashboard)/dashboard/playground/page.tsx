import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Playground } from '@/components/dashboard/playground';

export const metadata: Metadata = { title: 'Playground' };

export default function Page() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Playground />
    </Suspense>
  );
}
