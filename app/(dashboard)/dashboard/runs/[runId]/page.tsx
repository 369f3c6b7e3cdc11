import type { Metadata } from 'next';
import { RunPage } from '@/components/dashboard/run-page';
import { PageSuspense } from '@/components/dashboard/page-suspense';

export const metadata: Metadata = { title: 'Run' };

export default async function Page({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  return (
    <PageSuspense>
      <RunPage runId={runId} />
    </PageSuspense>
  );
}
