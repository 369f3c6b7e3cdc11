'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { InputField } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { SecretPanel } from '@/components/ui/secret-panel';
import { MutationConfirmDialog } from './mutation-confirm-dialog';
import { OrgGate } from './org-gate';
import { ErrorAlert, LoadingStatus, LoadMore } from './query-state';
import { useTRPC, type OrgSummary, type RouterOutputs } from './trpc';
import { canManage } from './use-selected-org';

type Endpoint = RouterOutputs['webhooks']['list']['items'][number];
type Delivery = RouterOutputs['webhooks']['deliveries']['items'][number];
type Created = RouterOutputs['webhooks']['create'];
type EventType = 'run.completed' | 'run.failed';

const EVENTS: EventType[] = ['run.completed', 'run.failed'];
const DELIVERY_TONE = { pending: 'warning', delivered: 'success', failed: 'danger' } as const;

function CreateWebhook({ org, onCreated }: { org: OrgSummary; onCreated: (c: Created) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<EventType[]>([...EVENTS]);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: async (c) => {
        setUrl('');
        setDescription('');
        onCreated(c);
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.pathKey() });
      },
    }),
  );
  return (
    <Card aria-labelledby="create-webhook-title">
      <CardHeader
        id="create-webhook-title"
        title="Add an endpoint"
        description="Docsmith POSTs signed Standard Webhooks events to it when a run's task completes or fails, with retries."
      />
      <CardBody>
        {canManage(org.role) ? (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ orgId: org.id, url, events, ...(description.trim() ? { description } : {}) });
            }}
          >
            <div className="form-row webhook-form-row">
              <InputField
                label="Endpoint URL"
                name="webhook-url"
                type="url"
                placeholder="https://example.com/hooks/docsmith"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                required
                maxLength={2000}
              />
              <InputField
                label="Description"
                name="webhook-description"
                value={description}
                onChange={(e) => setDescription(e.target.value)}
                maxLength={200}
              />
            </div>
            <fieldset className="event-picker">
              <legend className="field-label">Events</legend>
              {EVENTS.map((ev) => (
                <label key={ev} className="checkbox">
                  <input
                    type="checkbox"
                    checked={events.includes(ev)}
                    onChange={(e) =>
                      setEvents((cur) => (e.target.checked ? [...cur, ev] : cur.filter((x) => x !== ev)))
                    }
                  />
                  <code>{ev}</code>
                </label>
              ))}
            </fieldset>
            <div>
              <Button
                type="submit"
                variant="primary"
                busy={create.isPending}
                busyLabel="Adding…"
                disabled={!events.length}
              >
                Add endpoint
              </Button>
            </div>
            <ErrorAlert error={create.error} />
          </form>
        ) : (
          <Alert tone="info">Only owners and admins can add webhook endpoints. Your role is {org.role}.</Alert>
        )}
      </CardBody>
    </Card>
  );
}

function SigningSecret({ created, onDone }: { created: Created; onDone: () => void }) {
  return (
    <SecretPanel
      id="wh-secret-title"
      testId="webhook-secret-panel"
      title="Copy the signing secret now"
      value={created.secret}
      valueTestId="webhook-secret"
      copyLabel="Copy secret"
      onDone={onDone}
    >
      Verify each delivery to <code>{created.url}</code> with this secret (headers <code>webhook-id</code>,{' '}
      <code>webhook-timestamp</code>, <code>webhook-signature</code>). It is shown only this once.
    </SecretPanel>
  );
}

function Endpoints({
  org,
  selected,
  onSelect,
}: {
  org: OrgSummary;
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [toDelete, setToDelete] = useState<Endpoint | null>(null);
  const list = useInfiniteQuery(
    trpc.webhooks.list.infiniteQueryOptions(
      { orgId: org.id, limit: 50 },
      { getNextPageParam: (p) => p.next_cursor ?? undefined },
    ),
  );
  const del = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: async () => {
        if (toDelete?.id === selected) onSelect(null);
        setToDelete(null);
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.pathKey() });
      },
    }),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card aria-labelledby="endpoints-title">
      <CardHeader id="endpoints-title" title="Endpoints" />
      {list.isPending ? (
        <LoadingStatus inCard />
      ) : list.isError ? (
        <ErrorAlert inCard error={list.error} />
      ) : !items.length ? (
        <EmptyState title="No endpoints yet">
          Add one above, or pass webhook_url with a single generation request.
        </EmptyState>
      ) : (
        <DataTable
          className="webhooks-table"
          caption={`Webhook endpoints of ${org.name}`}
          columns={['URL', 'Events', 'Status', 'Created']}
          actions
        >
          {items.map((e) => (
            <tr key={e.id} data-webhook-id={e.id} className={e.id === selected ? 'is-selected' : undefined}>
              <td className="webhook-url">
                <code>{e.url}</code>
                {e.description ? <div className="subtle">{e.description}</div> : null}
              </td>
              <td>
                <div className="tag-list">
                  {e.events.map((ev) => (
                    <Badge key={ev}>{ev}</Badge>
                  ))}
                </div>
              </td>
              <td>
                <Badge tone={e.status === 'active' ? 'success' : 'danger'}>{e.status}</Badge>
                {e.disabled_reason ? <div className="subtle">{e.disabled_reason}</div> : null}
              </td>
              <td className="date">
                <LocalTime iso={e.created_at} />
              </td>
              <td className="actions">
                <div className="row row-actions">
                  <Button
                    size="sm"
                    onClick={() => onSelect(e.id === selected ? null : e.id)}
                    aria-pressed={e.id === selected}
                    aria-label={`Deliveries of ${e.url}`}
                  >
                    Deliveries
                  </Button>
                  {canManage(org.role) ? (
                    <Button
                      size="sm"
                      variant="danger-outline"
                      onClick={() => setToDelete(e)}
                      aria-label={`Delete ${e.url}`}
                    >
                      Delete
                    </Button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <MutationConfirmDialog
        target={toDelete}
        mutation={del}
        onClose={() => setToDelete(null)}
        onConfirm={(t) => del.mutate({ orgId: org.id, id: t.id })}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
      >
        <p>
          <code>{toDelete?.url}</code> receives no more events. Deliveries already made stay in the log.
        </p>
      </MutationConfirmDialog>
    </Card>
  );
}

function DeliveryRow({ org, d }: { org: OrgSummary; d: Delivery }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() }),
    }),
  );
  return (
    <li className="delivery" data-delivery-id={d.id} data-status={d.status}>
      <details>
        <summary>
          <span className="delivery-summary">
            <Badge tone={DELIVERY_TONE[d.status]}>{d.status}</Badge>
            <code className="delivery-event">{d.event}</code>
            <span className="delivery-url subtle">{d.url}</span>
            <span className="subtle nowrap">
              {d.attempts} attempt{d.attempts === 1 ? '' : 's'} · <LocalTime iso={d.created_at} />
            </span>
          </span>
        </summary>
        <div className="delivery-body stack-sm">
          <p className="subtle">
            Delivery <code>{d.id}</code>
            {d.task_id ? (
              <>
                {' '}
                for task <code>{d.task_id}</code>
              </>
            ) : null}
            {d.redelivery_of ? (
              <>
                {' '}
                · redelivery of <code>{d.redelivery_of}</code>
              </>
            ) : null}
            {d.next_attempt_at ? (
              <>
                {' '}
                · next attempt <LocalTime iso={d.next_attempt_at} />
              </>
            ) : null}
          </p>
          {d.attempt_log.length ? (
            <DataTable
              className="attempts-table"
              caption="Attempts"
              columns={['#', 'Result', 'Time', 'Response']}
              wrap={false}
            >
              {d.attempt_log.map((a) => (
                <tr key={a.number}>
                  <td>{a.number}</td>
                  <td>
                    {a.status_code ? (
                      <Badge tone={a.status_code < 300 ? 'success' : 'danger'}>HTTP {a.status_code}</Badge>
                    ) : (
                      <Badge tone="danger">{a.error ?? 'no response'}</Badge>
                    )}
                  </td>
                  <td className="nowrap">{a.duration_ms} ms</td>
                  <td className="attempt-response">
                    <code>{a.response_body ?? a.error ?? ''}</code>
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p className="muted">No attempt yet.</p>
          )}
          <details>
            <summary>Payload</summary>
            <pre className="payload">{JSON.stringify(d.payload, null, 2)}</pre>
          </details>
          {canManage(org.role) ? (
            <div className="row">
              <Button
                size="sm"
                busy={redeliver.isPending}
                busyLabel="Sending…"
                onClick={() => redeliver.mutate({ orgId: org.id, id: d.id })}
              >
                Redeliver
              </Button>
              {redeliver.isSuccess ? <span className="subtle">Queued as a new delivery.</span> : null}
            </div>
          ) : null}
          <ErrorAlert error={redeliver.error} />
        </div>
      </details>
    </li>
  );
}

function Deliveries({ org, endpointId }: { org: OrgSummary; endpointId: string | null }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.webhooks.deliveries.infiniteQueryOptions(
      { orgId: org.id, limit: 25, ...(endpointId ? { endpointId } : {}) },
      {
        getNextPageParam: (p) => p.next_cursor ?? undefined,
        staleTime: 0,
        refetchInterval: (q) =>
          q.state.data?.pages.some((p) => p.items.some((d) => d.status === 'pending')) ? 2000 : 10_000,
      },
    ),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card aria-labelledby="deliveries-title">
      <CardHeader
        id="deliveries-title"
        title={endpointId ? 'Deliveries of the selected endpoint' : 'Recent deliveries'}
        description="Each event is one delivery (its webhook-id is stable across retries); open one to see its attempts."
      />
      {list.isPending ? (
        <LoadingStatus inCard />
      ) : list.isError ? (
        <ErrorAlert inCard error={list.error} />
      ) : !items.length ? (
        <EmptyState title="No deliveries yet">Deliveries appear here when a task completes or fails.</EmptyState>
      ) : (
        <div className="card-body stack">
          <ul className="delivery-list" role="list">
            {items.map((d) => (
              <DeliveryRow key={d.id} org={org} d={d} />
            ))}
          </ul>
          <LoadMore query={list} />
        </div>
      )}
    </Card>
  );
}

function Webhooks({ org }: { org: OrgSummary }) {
  const [created, setCreated] = useState<Created | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <div className="stack-lg">
      <PageHeader
        title="Webhooks"
        description={
          <>
            Endpoints of <strong>{org.name}</strong> that receive <code>run.completed</code> and <code>run.failed</code>{' '}
            events.
          </>
        }
      />
      {created ? <SigningSecret created={created} onDone={() => setCreated(null)} /> : null}
      <CreateWebhook org={org} onCreated={setCreated} />
      <Endpoints org={org} selected={selected} onSelect={setSelected} />
      <Deliveries org={org} endpointId={selected} />
    </div>
  );
}

export function WebhooksPanel() {
  return <OrgGate path="/dashboard/webhooks">{(org) => <Webhooks org={org} />}</OrgGate>;
}
