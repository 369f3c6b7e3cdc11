import type { Metadata } from 'next';
import { ApiKeysPanel } from '@/components/dashboard/api-keys-panel';
import { PageSuspense } from '@/components/dashboard/page-suspense';

export const metadata: Metadata = { title: 'API keys' };

export default function KeysPage() {
  return (
    <PageSuspense>
      <ApiKeysPanel />
    </PageSuspense>
  );
}
