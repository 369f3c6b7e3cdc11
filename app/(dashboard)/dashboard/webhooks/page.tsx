import type { Metadata } from 'next';
import { WebhooksPanel } from '@/components/dashboard/webhooks-panel';
import { PageSuspense } from '@/components/dashboard/page-suspense';

export const metadata: Metadata = { title: 'Webhooks' };

export default function Page() {
  return (
    <PageSuspense>
      <WebhooksPanel />
    </PageSuspense>
  );
}
