'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { ErrorAlert, LoadingStatus } from './query-state';
import type { OrgSummary } from './trpc';
import { useSelectedOrg } from './use-selected-org';

/**
 * Renders `children(org)` for the selected organization, or the right message when there is none
 * (`missingLink` is the text of the link to `path` without `?org=`).
 */
export function OrgGate({
  path,
  missingLink = 'Go to your personal organization',
  children,
}: {
  path: string;
  missingLink?: string;
  children: (org: OrgSummary) => ReactNode;
}) {
  const { org, missing, query } = useSelectedOrg();
  if (query.isError) return <ErrorAlert error={query.error} title="Could not load your organizations" />;
  if (missing)
    return (
      <Alert tone="error" title="Organization not found">
        <p>
          It does not exist or you are not a member. <Link href={path}>{missingLink}</Link>.
        </p>
      </Alert>
    );
  if (query.isPending) return <LoadingStatus />;
  if (!org) return <Alert tone="info">You are not a member of any organization yet.</Alert>;
  return <div key={org.id}>{children(org)}</div>;
}
