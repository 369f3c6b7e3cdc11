'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { errorMessage, type OrgSummary } from './trpc';
import { useSelectedOrg } from './use-selected-org';

/** Renders `children(org)` for the selected organization, or the right message when there is none. */
export function OrgGate({ path, children }: { path: string; children: (org: OrgSummary) => ReactNode }) {
  const { org, missing, query } = useSelectedOrg();
  if (query.isError)
    return (
      <Alert tone="error" title="Could not load your organizations">
        {errorMessage(query.error)}
      </Alert>
    );
  if (missing)
    return (
      <Alert tone="error" title="Organization not found">
        <p>
          It does not exist or you are not a member. <Link href={path}>Go to your personal organization</Link>.
        </p>
      </Alert>
    );
  if (query.isPending)
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  if (!org) return <Alert tone="info">You are not a member of any organization yet.</Alert>;
  return <div key={org.id}>{children(org)}</div>;
}
