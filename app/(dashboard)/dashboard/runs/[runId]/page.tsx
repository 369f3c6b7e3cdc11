import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RunPage } from '@/components/dashboard/run-page';

export const metadata: Metadata = { title: 'Run' };

export default async function Page({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <RunPage runId={runId} />
    </Suspense>
  );
}
