'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext, createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState, type ReactNode } from 'react';
import type { AppRouter } from '@/server/trpc/root';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type OrgSummary = RouterOutputs['orgs']['list'][number];
export type ApiKeyRow = RouterOutputs['apiKeys']['list']['items'][number];

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: (n, err) => n < 2 && !isClientError(err) },
    },
  });
}

function isClientError(err: unknown): boolean {
  const code = (err as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return typeof code === 'number' && code >= 400 && code < 500;
}

/** The tRPC error message (the service's message for ApiErrors) or a generic one. */
export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string' && err.message)
    return err.message;
  return 'Something went wrong. Please try again.';
}

/** tRPC + TanStack Query for the dashboard; `initialOrgs` (loaded by the server layout) seeds the cache. */
export function DashboardProviders({ initialOrgs, children }: { initialOrgs: OrgSummary[]; children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/api/trpc' })] }));
  useState(() => {
    const proxy = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
    queryClient.setQueryData(proxy.orgs.list.queryKey(), initialOrgs);
  });
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
