import type { Metadata } from 'next';
import { Suspense } from 'react';
import { OrgOverview } from '@/components/dashboard/org-overview';

export const metadata: Metadata = { title: 'Dashboard' };

export default function DashboardPage() {
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Dashboard</h1>
          <p>Your organizations, their credits, and your role in each.</p>
        </div>
      </div>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <OrgOverview />
      </Suspense>
    </>
  );
}
