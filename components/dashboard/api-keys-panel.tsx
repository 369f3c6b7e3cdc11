'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { InputField, SelectField } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { SecretPanel } from '@/components/ui/secret-panel';
import { MutationConfirmDialog } from './mutation-confirm-dialog';
import { OrgGate } from './org-gate';
import { ErrorAlert, LoadingStatus, LoadMore } from './query-state';
import { useTRPC, type ApiKeyRow, type OrgSummary, type RouterOutputs } from './trpc';
import { canManage } from './use-selected-org';

type CreatedKey = RouterOutputs['apiKeys']['create'];

function keyStatus(k: ApiKeyRow): { label: string; tone: 'success' | 'danger' | 'warning' } {
  if (k.revoked_at) return { label: 'Revoked', tone: 'danger' };
  if (k.expires_at && new Date(k.expires_at) <= new Date()) return { label: 'Expired', tone: 'warning' };
  return { label: 'Active', tone: 'success' };
}

function KeySecret({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  return (
    <SecretPanel
      id="secret-title"
      testId="secret-panel"
      title="Copy your new API key now"
      value={created.key}
      valueTestId="secret-value"
      valueLabel="API key secret"
      copyLabel="Copy key"
      hint={
        <>
          Send it as <code>X-API-Key: {created.prefix}…</code> or <code>Authorization: Bearer …</code>
        </>
      }
      onDone={onDone}
    >
      This is the only time the secret of <strong>{created.name}</strong> is shown. Docsmith stores only a hash of it:
      if you lose it, revoke the key and create a new one.
    </SecretPanel>
  );
}

function CreateKeyForm({ org, onCreated }: { org: OrgSummary; onCreated: (k: CreatedKey) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'workspace' | 'personal'>('workspace');
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (k) => {
        setName('');
        onCreated(k);
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.pathKey() });
      },
    }),
  );
  const allowed = canManage(org.role);
  return (
    <Card aria-labelledby="create-key-title">
      <CardHeader
        id="create-key-title"
        title="Create an API key"
        description={`The key acts in ${org.name} with your role (${org.role}), fixed when it is created.`}
      />
      <CardBody>
        {allowed ? (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ orgId: org.id, name, scope });
            }}
          >
            <div className="form-row">
              <InputField
                label="Key name"
                name="key-name"
                placeholder="Production server"
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                maxLength={100}
              />
              <SelectField
                label="Scope"
                name="key-scope"
                value={scope}
                onChange={(e) => setScope(e.target.value as 'workspace' | 'personal')}
              >
                <option value="workspace">Workspace</option>
                <option value="personal">Personal</option>
              </SelectField>
              <Button type="submit" variant="primary" busy={create.isPending} busyLabel="Creating…">
                Create key
              </Button>
            </div>
            <p className="field-hint">
              Workspace keys see all of the organization&apos;s keys; personal keys see only the keys you created and
              can mint only personal keys.
            </p>
            <ErrorAlert error={create.error} />
          </form>
        ) : (
          <Alert tone="info">
            Only owners and admins can create API keys in {org.name}. Your role is {org.role}.
          </Alert>
        )}
      </CardBody>
    </Card>
  );
}

function KeysTable({ org }: { org: OrgSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [toRevoke, setToRevoke] = useState<ApiKeyRow | null>(null);
  const list = useInfiniteQuery(
    trpc.apiKeys.list.infiniteQueryOptions(
      { orgId: org.id, limit: 50 },
      { getNextPageParam: (p) => p.next_cursor ?? undefined },
    ),
  );
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        setToRevoke(null);
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.pathKey() });
      },
    }),
  );
  const keys = list.data?.pages.flatMap((p) => p.items) ?? [];
  const allowed = canManage(org.role);

  let body;
  if (list.isPending) body = <LoadingStatus inCard>Loading keys…</LoadingStatus>;
  else if (list.isError)
    body = <ErrorAlert inCard error={list.error} title="Could not load the keys" onRetry={() => void list.refetch()} />;
  else if (!keys.length)
    body = (
      <EmptyState title="No API keys yet">
        Create a key above to call the Docsmith API from your code. <Link href="/docs">Read the API reference</Link>.
      </EmptyState>
    );
  else
    body = (
      <DataTable
        className="keys-table"
        caption={`API keys of ${org.name}`}
        columns={['Name', 'Key', 'Scope', 'Role', 'Created', 'Last used', 'Status']}
        actions
        footer={<LoadMore inCard query={list} />}
      >
        {keys.map((k) => {
          const status = keyStatus(k);
          return (
            <tr key={k.id} className={k.revoked_at ? 'is-revoked' : undefined} data-key-id={k.id}>
              <td className="key-name">{k.name}</td>
              <td>
                <code className="mono nowrap" data-testid="key-prefix">
                  {k.prefix}…
                </code>
              </td>
              <td className="cap">{k.scope}</td>
              <td className="cap">{k.role}</td>
              <td className="nowrap date">
                <LocalTime iso={k.created_at} />
              </td>
              <td className="nowrap date">
                <LocalTime iso={k.last_used_at} fallback="Never" />
              </td>
              <td>
                <Badge tone={status.tone}>{status.label}</Badge>
              </td>
              <td className="actions">
                {allowed && !k.revoked_at ? (
                  <Button
                    size="sm"
                    variant="danger-outline"
                    onClick={() => setToRevoke(k)}
                    aria-label={`Revoke ${k.name}`}
                  >
                    Revoke
                  </Button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </DataTable>
    );

  return (
    <Card aria-labelledby="keys-title">
      <CardHeader
        id="keys-title"
        title="Keys"
        description="Newest first. Only the prefix of each key is stored in readable form."
      />
      {body}
      <MutationConfirmDialog
        target={toRevoke}
        mutation={revoke}
        onClose={() => setToRevoke(null)}
        onConfirm={(t) => revoke.mutate({ orgId: org.id, keyId: t.id })}
        title="Revoke this API key?"
        confirmLabel="Revoke key"
      >
        <p>
          <strong>{toRevoke?.name}</strong> (<code>{toRevoke?.prefix}…</code>) stops working immediately: requests using
          it get 401. This cannot be undone.
        </p>
      </MutationConfirmDialog>
    </Card>
  );
}

export function ApiKeysPanel() {
  // Outside the gate: the new key's secret belongs to its org and is shown only there.
  const [created, setCreated] = useState<CreatedKey | null>(null);
  return (
    <OrgGate path="/dashboard/keys" missingLink="Show your personal organization's keys">
      {(org) => (
        <div className="stack-lg">
          <PageHeader
            title="API keys"
            description={
              <>
                Keys for <strong>{org.name}</strong> ({org.kind}). Use them with the <Link href="/docs">REST API</Link>.
              </>
            }
          />
          {created && created.org_id === org.id ? (
            <KeySecret created={created} onDone={() => setCreated(null)} />
          ) : null}
          <CreateKeyForm org={org} onCreated={setCreated} />
          <KeysTable org={org} />
        </div>
      )}
    </OrgGate>
  );
}
