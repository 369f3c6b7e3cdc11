import type { Metadata } from 'next';
import { OrgSettings } from '@/components/dashboard/org-settings';
import { PageSuspense } from '@/components/dashboard/page-suspense';
import { currentUser } from '../../../_lib/current-user';

export const metadata: Metadata = { title: 'Settings' };

export default async function Page() {
  const user = await currentUser();
  return (
    <PageSuspense>
      <OrgSettings userEmail={user?.email ?? null} />
    </PageSuspense>
  );
}
