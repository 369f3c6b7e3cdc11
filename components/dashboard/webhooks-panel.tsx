'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CopyButton } from '@/components/ui/copy-button';
import { EmptyState } from '@/components/ui/empty-state';
import { InputField } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { OrgGate } from './org-gate';
import { errorMessage, useTRPC, type OrgSummary, type RouterOutputs } from './trpc';

type Endpoint = RouterOutputs['webhooks']['list']['items'][number];
type Delivery = RouterOutputs['webhooks']['deliveries']['items'][number];
type Created = RouterOutputs['webhooks']['create'];
type EventType = 'run.completed' | 'run.failed';

const EVENTS: EventType[] = ['run.completed', 'run.failed'];
const canManage = (role: string) => role === 'owner' || role === 'admin';
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
              <InputField label="Description" name="webhook-description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
            </div>
            <fieldset className="event-picker">
              <legend className="field-label">Events</legend>
              {EVENTS.map((ev) => (
                <label key={ev} className="checkbox">
                  <input
                    type="checkbox"
                    checked={events.includes(ev)}
                    onChange={(e) => setEvents((cur) => (e.target.checked ? [...cur, ev] : cur.filter((x) => x !== ev)))}
                  />
                  <code>{ev}</code>
                </label>
              ))}
            </fieldset>
            <div>
              <Button type="submit" variant="primary" busy={create.isPending} busyLabel="Adding…" disabled={!events.length}>
                Add endpoint
              </Button>
            </div>
            {create.isError ? <Alert tone="error">{errorMessage(create.error)}</Alert> : null}
          </form>
        ) : (
          <Alert tone="info">Only owners and admins can add webhook endpoints. Your role is {org.role}.</Alert>
        )}
      </CardBody>
    </Card>
  );
}

function SecretPanel({ created, onDone }: { created: Created; onDone: () => void }) {
  return (
    <section className="secret-panel" aria-labelledby="wh-secret-title" data-testid="webhook-secret-panel">
      <h2 id="wh-secret-title">Copy the signing secret now</h2>
      <p>
        Verify each delivery to <code>{created.url}</code> with this secret (headers <code>webhook-id</code>,{' '}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>). It is shown only this once.
      </p>
      <div className="secret-value">
        <code data-testid="webhook-secret">{created.secret}</code>
        <CopyButton text={created.secret} variant="primary" label="Copy secret" />
      </div>
      <div className="row-between">
        <span />
        <Button onClick={onDone}>I have saved it</Button>
      </div>
    </section>
  );
}

function Endpoints({ org, selected, onSelect }: { org: OrgSummary; selected: string | null; onSelect: (id: string | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [toDelete, setToDelete] = useState<Endpoint | null>(null);
  const list = useInfiniteQuery(trpc.webhooks.list.infiniteQueryOptions({ orgId: org.id, limit: 50 }, { getNextPageParam: (p) => p.next_cursor ?? undefined }));
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
        <p className="card-body muted" role="status">
          Loading…
        </p>
      ) : list.isError ? (
        <div className="card-body">
          <Alert tone="error">{errorMessage(list.error)}</Alert>
        </div>
      ) : !items.length ? (
        <EmptyState title="No endpoints yet">Add one above, or pass webhook_url with a single generation request.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table webhooks-table">
            <caption className="sr-only">Webhook endpoints of {org.name}</caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
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
                    <Button size="sm" onClick={() => onSelect(e.id === selected ? null : e.id)} aria-pressed={e.id === selected} aria-label={`Deliveries of ${e.url}`}>
                      Deliveries
                    </Button>
                    {canManage(org.role) ? (
                      <Button size="sm" variant="danger-outline" onClick={() => setToDelete(e)} aria-label={`Delete ${e.url}`}>
                        Delete
                      </Button>
                    ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        busy={del.isPending}
        onCancel={() => {
          del.reset();
          setToDelete(null);
        }}
        onConfirm={() => toDelete && del.mutate({ orgId: org.id, id: toDelete.id })}
      >
        <p>
          <code>{toDelete?.url}</code> receives no more events. Deliveries already made stay in the log.
        </p>
        {del.isError ? <Alert tone="error">{errorMessage(del.error)}</Alert> : null}
      </ConfirmDialog>
    </Card>
  );
}

function DeliveryRow({ org, d }: { org: OrgSummary; d: Delivery }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() }) }),
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
            <table className="table attempts-table">
              <caption className="sr-only">Attempts</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Result</th>
                  <th scope="col">Time</th>
                  <th scope="col">Response</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          ) : (
            <p className="muted">No attempt yet.</p>
          )}
          <details>
            <summary>Payload</summary>
            <pre className="payload">{JSON.stringify(d.payload, null, 2)}</pre>
          </details>
          {canManage(org.role) ? (
            <div className="row">
              <Button size="sm" busy={redeliver.isPending} busyLabel="Sending…" onClick={() => redeliver.mutate({ orgId: org.id, id: d.id })}>
                Redeliver
              </Button>
              {redeliver.isSuccess ? <span className="subtle">Queued as a new delivery.</span> : null}
            </div>
          ) : null}
          {redeliver.isError ? <Alert tone="error">{errorMessage(redeliver.error)}</Alert> : null}
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
        refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((d) => d.status === 'pending')) ? 2000 : 10_000),
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
        <p className="card-body muted" role="status">
          Loading…
        </p>
      ) : list.isError ? (
        <div className="card-body">
          <Alert tone="error">{errorMessage(list.error)}</Alert>
        </div>
      ) : !items.length ? (
        <EmptyState title="No deliveries yet">Deliveries appear here when a task completes or fails.</EmptyState>
      ) : (
        <div className="card-body stack">
          <ul className="delivery-list" role="list">
            {items.map((d) => (
              <DeliveryRow key={d.id} org={org} d={d} />
            ))}
          </ul>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage} busyLabel="Loading…">
              Load more
            </Button>
          ) : null}
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
      <div className="page-header">
        <div>
          <h1>Webhooks</h1>
          <p>
            Endpoints of <strong>{org.name}</strong> that receive <code>run.completed</code> and <code>run.failed</code> events.
          </p>
        </div>
      </div>
      {created ? <SecretPanel created={created} onDone={() => setCreated(null)} /> : null}
      <CreateWebhook org={org} onCreated={setCreated} />
      <Endpoints org={org} selected={selected} onSelect={setSelected} />
      <Deliveries org={org} endpointId={selected} />
    </div>
  );
}

export function WebhooksPanel() {
  return <OrgGate path="/dashboard/webhooks">{(org) => <Webhooks org={org} />}</OrgGate>;
}
