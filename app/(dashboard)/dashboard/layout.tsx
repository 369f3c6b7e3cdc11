import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { DashboardShell } from '@/components/dashboard/dashboard-shell';
import { DashboardProviders } from '@/components/dashboard/trpc';
import { listUserOrganizations } from '@/server/auth/list-user-organizations';
import { getDb } from '@/server/db/client';
import { currentUser } from '../../_lib/current-user';

export const dynamic = 'force-dynamic';

/** Every /dashboard page needs a signed-in user; signed-out visitors go to the sign-in page. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/login?callbackUrl=%2Fdashboard');
  const orgs = await listUserOrganizations(await getDb(), user.id);
  return (
    <DashboardProviders initialOrgs={orgs}>
      <DashboardShell user={{ email: user.email, name: user.name }}>{children}</DashboardShell>
    </DashboardProviders>
  );
}
