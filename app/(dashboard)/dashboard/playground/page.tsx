import type { Metadata } from 'next';
import { Playground } from '@/components/dashboard/playground';
import { PageSuspense } from '@/components/dashboard/page-suspense';

export const metadata: Metadata = { title: 'Playground' };

export default function Page() {
  return (
    <PageSuspense>
      <Playground />
    </PageSuspense>
  );
}
