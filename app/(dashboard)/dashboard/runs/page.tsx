import type { Metadata } from 'next';
import { RunsHistory } from '@/components/dashboard/runs-history';
import { PageSuspense } from '@/components/dashboard/page-suspense';

export const metadata: Metadata = { title: 'Runs' };

export default function Page() {
  return (
    <PageSuspense>
      <RunsHistory />
    </PageSuspense>
  );
}
