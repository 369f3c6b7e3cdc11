'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { cx } from '@/components/ui/cx';
import { InputField } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { ErrorAlert } from './query-state';
import { useTRPC, type OrgSummary } from './trpc';
import { useSelectedOrg, withOrg } from './use-selected-org';

const credits = (n: number) => n.toLocaleString('en-US');

function OrgMissing() {
  return (
    <Alert tone="error" title="Organization not found">
      <p>
        It does not exist or you are not a member. <Link href="/dashboard">Go to your personal organization</Link>.
      </p>
    </Alert>
  );
}

function SelectedOrg({ org }: { org: OrgSummary }) {
  return (
    <Card aria-labelledby="selected-org-title">
      <CardHeader
        id="selected-org-title"
        title={
          <span className="row">
            {org.name}
            <Badge tone={org.kind === 'personal' ? 'neutral' : 'accent'}>{org.kind}</Badge>
          </span>
        }
        description="The selected organization. API keys, runs and credits belong to an organization."
        actions={
          <ButtonLink variant="primary" href={withOrg('/dashboard/keys', org.id)}>
            Manage API keys
          </ButtonLink>
        }
      />
      <CardBody>
        <div className="stats">
          <div>
            <div className="stat-label">Credit balance</div>
            <div className="stat-value" data-testid="credit-balance">
              {credits(org.credits.balance)}
            </div>
          </div>
          <div>
            <div className="stat-label">Your role</div>
            <div className="stat-value stat-text">{org.role}</div>
          </div>
          <div>
            <div className="stat-label">Created</div>
            <div className="stat-value stat-text">
              <LocalTime iso={org.created_at} />
            </div>
          </div>
        </div>
        <div className="org-id row">
          <span className="subtle">Organization id</span>
          <code className="mono">{org.id}</code>
          <CopyButton text={org.id} size="sm" variant="ghost" label="Copy id" />
        </div>
      </CardBody>
    </Card>
  );
}

function CreateWorkspace() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.orgs.createWorkspace.mutationOptions({
      onSuccess: async (org) => {
        setName('');
        await queryClient.invalidateQueries({ queryKey: trpc.orgs.list.queryKey() });
        router.push(withOrg('/dashboard', org.id));
      },
    }),
  );
  return (
    <Card aria-labelledby="create-ws-title">
      <CardHeader
        id="create-ws-title"
        as="h2"
        title="Create a workspace"
        description="A shared organization with its own keys and credits. You will be its owner."
      />
      <CardBody>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name });
          }}
        >
          <div className="inline-form">
            <InputField
              label="Workspace name"
              name="workspace-name"
              placeholder="Acme reporting"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
            />
            <Button type="submit" variant="primary" busy={create.isPending} busyLabel="Creating…">
              Create workspace
            </Button>
          </div>
          <ErrorAlert error={create.error} />
        </form>
      </CardBody>
    </Card>
  );
}

function OrgList({ orgs, selectedId }: { orgs: OrgSummary[]; selectedId: string | null }) {
  return (
    <section aria-labelledby="orgs-title" className="stack">
      <h2 id="orgs-title">Your organizations</h2>
      <ul className="grid-cards org-list" role="list">
        {orgs.map((o) => (
          <li key={o.id}>
            <Link
              href={withOrg('/dashboard', o.id)}
              className={cx('card org-card', o.id === selectedId && 'is-selected')}
              aria-current={o.id === selectedId ? 'true' : undefined}
            >
              <span className="row-between">
                <span className="org-card-name">{o.name}</span>
                <Badge tone={o.kind === 'personal' ? 'neutral' : 'accent'}>{o.kind}</Badge>
              </span>
              <span className="row-between subtle">
                <span>Role: {o.role}</span>
                <span>{credits(o.credits.balance)} credits</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function OrgOverview() {
  const { query, orgs, org, missing } = useSelectedOrg();
  if (query.isError) return <ErrorAlert error={query.error} title="Could not load your organizations" />;
  return (
    <div className="stack-lg">
      {missing ? <OrgMissing /> : org ? <SelectedOrg org={org} /> : null}
      {orgs.length ? (
        <OrgList orgs={orgs} selectedId={org?.id ?? null} />
      ) : (
        <Alert tone="info" title="No organizations yet">
          Create a workspace below to get started.
        </Alert>
      )}
      <CreateWorkspace />
    </div>
  );
}
