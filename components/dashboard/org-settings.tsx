'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
import { ErrorAlert, LoadingStatus } from './query-state';
import { errorMessage, useTRPC, type OrgSummary, type RouterOutputs } from './trpc';
import { canManage } from './use-selected-org';

type Role = 'owner' | 'admin' | 'member';
type Member = RouterOutputs['members']['list'][number];
type CreatedInvite = RouterOutputs['members']['invite'];

const ROLE_HELP =
  'Owners manage everything, including other owners. Admins manage keys, webhooks and members. Members use the workspace.';

function RenameOrg({ org }: { org: OrgSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(org.name);
  const rename = useMutation(
    trpc.members.rename.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.orgs.list.queryKey() }),
    }),
  );
  return (
    <Card aria-labelledby="rename-title">
      <CardHeader id="rename-title" title="Organization" description={`Id ${org.id} · ${org.kind}`} />
      <CardBody>
        {canManage(org.role) ? (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              rename.mutate({ orgId: org.id, name });
            }}
          >
            <div className="inline-form">
              <InputField
                label="Organization name"
                name="org-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                maxLength={100}
              />
              <Button type="submit" busy={rename.isPending} busyLabel="Saving…" disabled={name.trim() === org.name}>
                Rename
              </Button>
            </div>
            {rename.isSuccess ? <Alert tone="success">Renamed to {rename.data.name}.</Alert> : null}
            <ErrorAlert error={rename.error} />
          </form>
        ) : (
          <p className="muted">
            <strong>{org.name}</strong>. Only owners and admins can rename it; your role is {org.role}.
          </p>
        )}
      </CardBody>
    </Card>
  );
}

function RoleSelect({ org, member }: { org: OrgSummary; member: Member }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const change = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey({ orgId: org.id }) });
        await queryClient.invalidateQueries({ queryKey: trpc.orgs.list.queryKey() });
      },
    }),
  );
  const editable = canManage(org.role) && (org.role === 'owner' || member.role !== 'owner');
  if (!editable) return <span className="cap">{member.role}</span>;
  const id = `role-${member.id}`;
  return (
    <div className="stack-sm">
      <label htmlFor={id} className="sr-only">
        Role of {member.name ?? member.email}
      </label>
      <select
        id={id}
        className="select select-sm"
        value={member.role}
        disabled={change.isPending}
        onChange={(e) => change.mutate({ orgId: org.id, memberId: member.id, role: e.target.value as Role })}
      >
        {org.role === 'owner' ? <option value="owner">Owner</option> : null}
        <option value="admin">Admin</option>
        <option value="member">Member</option>
      </select>
      {change.isError ? (
        <span className="field-error" role="alert">
          {errorMessage(change.error)}
        </span>
      ) : null}
    </div>
  );
}

function Members({ org, userEmail }: { org: OrgSummary; userEmail: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions({ orgId: org.id }));
  const [toRemove, setToRemove] = useState<Member | null>(null);
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: async () => {
        setToRemove(null);
        await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey({ orgId: org.id }) });
      },
    }),
  );
  return (
    <Card aria-labelledby="members-title">
      <CardHeader id="members-title" title="Members" description={ROLE_HELP} />
      {members.isPending ? (
        <LoadingStatus inCard>Loading members…</LoadingStatus>
      ) : members.isError ? (
        <ErrorAlert inCard error={members.error} />
      ) : (
        <DataTable
          className="members-table"
          caption={`Members of ${org.name}`}
          columns={['Name', 'Email', 'Role', 'Joined']}
          actions
        >
          {members.data.map((m) => (
            <tr key={m.id} data-member-email={m.email}>
              <td className="key-name">
                {m.name ?? '—'} {m.email === userEmail ? <Badge>you</Badge> : null}
              </td>
              <td className="member-email">{m.email}</td>
              <td>
                <RoleSelect org={org} member={m} />
              </td>
              <td className="nowrap date">
                <LocalTime iso={m.created_at} />
              </td>
              <td className="actions">
                {canManage(org.role) && (org.role === 'owner' || m.role !== 'owner') && m.email !== userEmail ? (
                  <Button
                    size="sm"
                    variant="danger-outline"
                    onClick={() => setToRemove(m)}
                    aria-label={`Remove ${m.email}`}
                  >
                    Remove
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <MutationConfirmDialog
        target={toRemove}
        mutation={remove}
        onClose={() => setToRemove(null)}
        onConfirm={(t) => remove.mutate({ orgId: org.id, memberId: t.id })}
        title="Remove this member?"
        confirmLabel="Remove member"
      >
        <p>
          <strong>{toRemove?.email}</strong> loses access to {org.name} at once, and the API keys they created in it are
          revoked.
        </p>
      </MutationConfirmDialog>
    </Card>
  );
}

function Invitations({ org }: { org: OrgSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const pending = useQuery(trpc.members.invitations.queryOptions({ orgId: org.id }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey({ orgId: org.id }) });
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: async (inv) => {
        setCreated(inv);
        setEmail('');
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions({ onSuccess: refresh }));
  if (org.kind === 'personal')
    return (
      <Card aria-labelledby="invite-title">
        <CardHeader id="invite-title" title="Invite people" />
        <CardBody>
          <Alert tone="info">
            A personal organization has only you. Create a workspace on the overview page to invite people.
          </Alert>
        </CardBody>
      </Card>
    );
  return (
    <Card aria-labelledby="invite-title">
      <CardHeader
        id="invite-title"
        title="Invite people"
        description="Docsmith sends no email: copy the invitation link and pass it on. It works once and expires in 7 days."
      />
      <CardBody className="stack">
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            invite.mutate({ orgId: org.id, email, role });
          }}
        >
          <div className="form-row">
            <InputField
              label="Email"
              name="invite-email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              maxLength={320}
            />
            <SelectField label="Role" name="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="member">Member</option>
              <option value="admin">Admin</option>
              {org.role === 'owner' ? <option value="owner">Owner</option> : null}
            </SelectField>
            <Button type="submit" variant="primary" busy={invite.isPending} busyLabel="Creating…">
              Create invitation
            </Button>
          </div>
          <ErrorAlert error={invite.error} />
        </form>
        {created ? (
          <SecretPanel
            id="invite-link-title"
            testId="invite-link-panel"
            as="h3"
            title={`Invitation link for ${created.email}`}
            value={created.url}
            valueTestId="invite-link"
            copyLabel="Copy link"
          >
            Shown once. Whoever opens it while signed in joins {org.name} as {created.role}.
          </SecretPanel>
        ) : null}
        {pending.data?.length ? (
          <DataTable caption="Pending invitations" columns={['Email', 'Role', 'Expires']} actions>
            {pending.data.map((i) => (
              <tr key={i.id}>
                <td className="member-email">{i.email}</td>
                <td className="cap">{i.role}</td>
                <td className="nowrap date">
                  <LocalTime iso={i.expires_at} />
                </td>
                <td className="actions">
                  <Button
                    size="sm"
                    variant="danger-outline"
                    busy={revoke.isPending && revoke.variables?.invitationId === i.id}
                    onClick={() => revoke.mutate({ orgId: org.id, invitationId: i.id })}
                    aria-label={`Revoke the invitation of ${i.email}`}
                  >
                    Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : pending.isSuccess ? (
          <EmptyState title="No pending invitations" />
        ) : null}
      </CardBody>
    </Card>
  );
}

export function OrgSettings({ userEmail }: { userEmail: string | null }) {
  return (
    <OrgGate path="/dashboard/settings">
      {(org) => (
        <div className="stack-lg">
          <PageHeader
            title="Settings"
            description={
              <>
                <strong>{org.name}</strong>: name, members and invitations. Your role: {org.role}.
              </>
            }
          />
          <RenameOrg org={org} />
          <Members org={org} userEmail={userEmail} />
          {canManage(org.role) ? <Invitations org={org} /> : null}
        </div>
      )}
    </OrgGate>
  );
}
