'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { InputField, SelectField } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { ExportMenu } from './export-menu';
import { OrgGate } from './org-gate';
import { ErrorAlert, LoadingStatus, LoadMore } from './query-state';
import { credits, FORMAT_LABEL, isActive, STATUS_TONE } from './run-format';
import { TaskProgress } from './task-progress';
import { useTRPC, type OrgSummary, type RouterOutputs } from './trpc';
import { withOrg } from './use-selected-org';

type RunRow = RouterOutputs['runs']['list']['items'][number];
type Format = 'excel' | 'word' | 'slides' | 'text';
type Status = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';

const POLL_MS = 1500;

function RunCard({ run, orgId }: { run: RunRow; orgId: string }) {
  const title = run.title ?? run.prompt;
  return (
    <li className="card run-card" data-run-id={run.run_id} data-testid="run-card">
      <div className="run-card-main">
        <div className="run-card-head">
          <Badge tone="accent">{FORMAT_LABEL[run.format]}</Badge>
          <Badge tone={STATUS_TONE[run.status]}>{run.status}</Badge>
          <Link className="run-title" href={withOrg(`/dashboard/runs/${run.run_id}`, orgId)}>
            {title}
          </Link>
        </div>
        {run.title ? <p className="run-prompt">{run.prompt}</p> : null}
        <dl className="run-meta">
          <div>
            <dt>Created</dt>
            <dd>
              <LocalTime iso={run.created_at} />
            </dd>
          </div>
          <div>
            <dt>Credits</dt>
            <dd>{credits(run.credits_used)}</dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>{run.current_version || '—'}</dd>
          </div>
          <div>
            <dt>Run id</dt>
            <dd>
              <code className="mono">{run.run_id}</code>
            </dd>
          </div>
        </dl>
        {run.tasks.length ? (
          <ol className="task-list" aria-label={`Tasks of ${title}`}>
            {run.tasks.map((t) => (
              <li key={t.task_id} className="task-row">
                <span className="task-kind">{t.kind}</span>
                <span className="task-cell">
                  <TaskProgress task={t} />
                  {t.result?.summary ? <span className="task-line-summary">{t.result.summary}</span> : null}
                </span>
                <span className="subtle nowrap">{t.credits_used ? `${credits(t.credits_used)} credits` : ''}</span>
              </li>
            ))}
          </ol>
        ) : null}
      </div>
      <div className="run-card-actions">
        <ButtonLink size="sm" variant="primary" href={withOrg(`/dashboard/runs/${run.run_id}`, orgId)}>
          Open
        </ButtonLink>
        {run.download_url ? (
          <a className="btn btn-sm" href={run.download_url} download aria-label={`Download ${title}`}>
            Download
          </a>
        ) : null}
        {run.download_url ? <ExportMenu orgId={orgId} runId={run.run_id} format={run.format} /> : null}
      </div>
    </li>
  );
}

function History({ org }: { org: OrgSummary }) {
  const trpc = useTRPC();
  const [format, setFormat] = useState<Format | ''>('');
  const [status, setStatus] = useState<Status | ''>('');
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const list = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { orgId: org.id, limit: 20, format: format || undefined, status: status || undefined, q: q || undefined },
      {
        getNextPageParam: (p) => p.next_cursor ?? undefined,
        staleTime: 0,
        refetchInterval: (query) =>
          query.state.data?.pages.some((p) =>
            p.items.some((r) => isActive(r.status) || r.tasks.some((t) => isActive(t.status))),
          )
            ? POLL_MS
            : false,
      },
    ),
  );
  const runs = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(format || status || q);

  let body;
  if (list.isPending) body = <LoadingStatus>Loading runs…</LoadingStatus>;
  else if (list.isError)
    body = <ErrorAlert error={list.error} title="Could not load the runs" onRetry={() => void list.refetch()} />;
  else if (!runs.length)
    body = (
      <Card>
        {filtered ? (
          <EmptyState title="No runs match these filters">
            Clear the search or pick another format or status.
          </EmptyState>
        ) : (
          <EmptyState
            title="No runs yet"
            action={
              <ButtonLink variant="primary" href={withOrg('/dashboard/playground', org.id)}>
                Open the playground
              </ButtonLink>
            }
          >
            Start a document from a prompt in the playground, or call the API with a key.
          </EmptyState>
        )}
      </Card>
    );
  else
    body = (
      <>
        <ul className="run-list" role="list">
          {runs.map((r) => (
            <RunCard key={r.run_id} run={r} orgId={org.id} />
          ))}
        </ul>
        <LoadMore query={list} />
      </>
    );

  return (
    <div className="stack-lg">
      <PageHeader
        title="Runs"
        description={
          <>
            Every document of <strong>{org.name}</strong>, newest first. Running tasks update live.
          </>
        }
        actions={
          <ButtonLink variant="primary" href={withOrg('/dashboard/playground', org.id)}>
            New run
          </ButtonLink>
        }
      />
      <form
        className="filters card"
        role="search"
        aria-label="Filter runs"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(draft.trim());
        }}
      >
        <InputField
          label="Search prompts"
          name="q"
          type="search"
          placeholder="e.g. revenue"
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            if (!e.target.value) setQ('');
          }}
          maxLength={200}
        />
        <SelectField
          label="Format"
          name="format"
          value={format}
          onChange={(e) => setFormat(e.target.value as Format | '')}
        >
          <option value="">All formats</option>
          <option value="excel">Excel</option>
          <option value="word">Word</option>
          <option value="slides">Slides</option>
          <option value="text">Text</option>
        </SelectField>
        <SelectField
          label="Status"
          name="status"
          value={status}
          onChange={(e) => setStatus(e.target.value as Status | '')}
        >
          <option value="">All statuses</option>
          <option value="queued">Queued</option>
          <option value="running">Running</option>
          <option value="completed">Completed</option>
          <option value="failed">Failed</option>
          <option value="cancelled">Cancelled</option>
          <option value="expired">Expired</option>
        </SelectField>
        <Button type="submit">Search</Button>
      </form>
      {body}
    </div>
  );
}

export function RunsHistory() {
  return <OrgGate path="/dashboard/runs">{(org) => <History org={org} />}</OrgGate>;
}
