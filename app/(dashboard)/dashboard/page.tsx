import type { Metadata } from 'next';
import { OrgOverview } from '@/components/dashboard/org-overview';
import { PageSuspense } from '@/components/dashboard/page-suspense';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Dashboard' };

export default function DashboardPage() {
  return (
    <>
      <PageHeader title="Dashboard" description="Your organizations, their credits, and your role in each." />
      <PageSuspense>
        <OrgOverview />
      </PageSuspense>
    </>
  );
}
