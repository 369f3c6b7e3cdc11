'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CopyButton } from '@/components/ui/copy-button';
import { EmptyState } from '@/components/ui/empty-state';
import { InputField, SelectField } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { OrgGate } from './org-gate';
import { errorMessage, useTRPC, type OrgSummary, type RouterOutputs } from './trpc';

type Role = 'owner' | 'admin' | 'member';
type Member = RouterOutputs['members']['list'][number];
type CreatedInvite = RouterOutputs['members']['invite'];

const canManage = (role: string) => role === 'owner' || role === 'admin';
const ROLE_HELP = 'Owners manage everything, including other owners. Admins manage keys, webhooks and members. Members use the workspace.';

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
              <InputField label="Organization name" name="org-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
              <Button type="submit" busy={rename.isPending} busyLabel="Saving…" disabled={name.trim() === org.name}>
                Rename
              </Button>
            </div>
            {rename.isSuccess ? <Alert tone="success">Renamed to {rename.data.name}.</Alert> : null}
            {rename.isError ? <Alert tone="error">{errorMessage(rename.error)}</Alert> : null}
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
        <p className="card-body muted" role="status">
          Loading members…
        </p>
      ) : members.isError ? (
        <div className="card-body">
          <Alert tone="error">{errorMessage(members.error)}</Alert>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table members-table">
            <caption className="sr-only">Members of {org.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
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
                      <Button size="sm" variant="danger-outline" onClick={() => setToRemove(m)} aria-label={`Remove ${m.email}`}>
                        Remove
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={toRemove !== null}
        title="Remove this member?"
        confirmLabel="Remove member"
        busy={remove.isPending}
        onCancel={() => {
          remove.reset();
          setToRemove(null);
        }}
        onConfirm={() => toRemove && remove.mutate({ orgId: org.id, memberId: toRemove.id })}
      >
        <p>
          <strong>{toRemove?.email}</strong> loses access to {org.name} at once, and the API keys they created in it are revoked.
        </p>
        {remove.isError ? <Alert tone="error">{errorMessage(remove.error)}</Alert> : null}
      </ConfirmDialog>
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
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey({ orgId: org.id }) });
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
          <Alert tone="info">A personal organization has only you. Create a workspace on the overview page to invite people.</Alert>
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
            <InputField label="Email" name="invite-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={320} />
            <SelectField label="Role" name="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="member">Member</option>
              <option value="admin">Admin</option>
              {org.role === 'owner' ? <option value="owner">Owner</option> : null}
            </SelectField>
            <Button type="submit" variant="primary" busy={invite.isPending} busyLabel="Creating…">
              Create invitation
            </Button>
          </div>
          {invite.isError ? <Alert tone="error">{errorMessage(invite.error)}</Alert> : null}
        </form>
        {created ? (
          <section className="secret-panel" aria-labelledby="invite-link-title" data-testid="invite-link-panel">
            <h3 id="invite-link-title">Invitation link for {created.email}</h3>
            <p>Shown once. Whoever opens it while signed in joins {org.name} as {created.role}.</p>
            <div className="secret-value">
              <code data-testid="invite-link">{created.url}</code>
              <CopyButton text={created.url} variant="primary" label="Copy link" />
            </div>
          </section>
        ) : null}
        {pending.data?.length ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Pending invitations</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
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
          <div className="page-header">
            <div>
              <h1>Settings</h1>
              <p>
                <strong>{org.name}</strong>: name, members and invitations. Your role: {org.role}.
              </p>
            </div>
          </div>
          <RenameOrg org={org} />
          <Members org={org} userEmail={userEmail} />
          {canManage(org.role) ? <Invitations org={org} /> : null}
        </div>
      )}
    </OrgGate>
  );
}
