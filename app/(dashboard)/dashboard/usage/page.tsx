import type { Metadata } from 'next';
import { UsagePanel } from '@/components/dashboard/usage-panel';
import { PageSuspense } from '@/components/dashboard/page-suspense';

export const metadata: Metadata = { title: 'Usage' };

export default function Page() {
  return (
    <PageSuspense>
      <UsagePanel />
    </PageSuspense>
  );
}
