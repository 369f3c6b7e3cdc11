import type { Metadata } from 'next';
import { Suspense } from 'react';
import { OrgSettings } from '@/components/dashboard/org-settings';
import { currentUser } from '../../../_lib/current-user';

export const metadata: Metadata = { title: 'Settings' };

export default async function Page() {
  const user = await currentUser();
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <OrgSettings userEmail={user?.email ?? null} />
    </Suspense>
  );
}
