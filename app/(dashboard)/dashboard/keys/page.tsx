import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ApiKeysPanel } from '@/components/dashboard/api-keys-panel';

export const metadata: Metadata = { title: 'API keys' };

export default function KeysPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ApiKeysPanel />
    </Suspense>
  );
}
