'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useTRPC } from './trpc';

/** The user's orgs and the one selected by `?org=` (default: the first, the personal org). */
export function useSelectedOrg() {
  const trpc = useTRPC();
  const query = useQuery(trpc.orgs.list.queryOptions());
  const orgs = query.data ?? [];
  const param = useSearchParams().get('org');
  const org = param ? orgs.find((o) => o.id === param) : orgs[0];
  return { query, orgs, org: org ?? null, missing: Boolean(param) && !org && query.isSuccess };
}

export const withOrg = (path: string, orgId: string | null | undefined) =>
  orgId ? `${path}?org=${encodeURIComponent(orgId)}` : path;

/** Owners and admins manage an organization's keys, webhooks and members (the services check it too). */
export const canManage = (role: string) => role === 'owner' || role === 'admin';
