import type { Metadata } from 'next';
import { Suspense } from 'react';
import { WebhooksPanel } from '@/components/dashboard/webhooks-panel';

export const metadata: Metadata = { title: 'Webhooks' };

export default function Page() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <WebhooksPanel />
    </Suspense>
  );
}
