'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { ExportMenu } from './export-menu';
import { MutationConfirmDialog } from './mutation-confirm-dialog';
import { OrgGate } from './org-gate';
import { ErrorAlert, LoadingStatus } from './query-state';
import { credits, FORMAT_LABEL, isActive, STATUS_TONE, VERSION_SOURCE_LABEL } from './run-format';
import { TaskProgress } from './task-progress';
import { errorMessage, useTRPC, type OrgSummary, type RouterOutputs } from './trpc';
import { withOrg } from './use-selected-org';

type RunDetail = RouterOutputs['runs']['get'];
type Version = RunDetail['versions'][number];

const ACTIVE_POLL_MS = 1500;
const IDLE_POLL_MS = 10_000;

function EditorFrame({ org, run, reloadKey }: { org: OrgSummary; run: RunDetail; reloadKey: number }) {
  const trpc = useTRPC();
  const hasDocument = run.current_version > 0 && run.format !== 'text';
  const edit = useQuery({
    ...trpc.runs.editUrl.queryOptions({ orgId: org.id, runId: run.run_id }),
    enabled: hasDocument && run.status !== 'expired',
    staleTime: 10 * 60_000,
  });
  if (!hasDocument)
    return (
      <div className="editor-placeholder">
        <EmptyState title={run.format === 'text' ? 'Text runs have no document' : 'No document yet'}>
          {run.format === 'text'
            ? 'The answer is shown with each task.'
            : 'The editor opens here when the first task has finished.'}
        </EmptyState>
      </div>
    );
  if (edit.isError)
    return (
      <div className="editor-placeholder">
        <ErrorAlert error={edit.error} title="The editor could not be opened" />
      </div>
    );
  if (!edit.data)
    return (
      <div className="editor-placeholder" role="status">
        Opening the editor…
      </div>
    );
  return (
    <iframe
      key={`${reloadKey}`}
      className="editor-frame"
      src={edit.data.edit_url}
      title={`Editor: ${run.title ?? run.prompt}`}
      data-testid="editor-frame"
    />
  );
}

function FollowUp({ org, run }: { org: OrgSummary; run: RunDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [prompt, setPrompt] = useState('');
  const start = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: async () => {
        setPrompt('');
        await queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ orgId: org.id, runId: run.run_id }) });
      },
    }),
  );
  const busy = run.tasks.some((t) => isActive(t.status));
  if (run.format === 'text' || run.status === 'expired') return null;
  return (
    <form
      className="stack followup"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate({ orgId: org.id, format: run.format as 'excel' | 'word' | 'slides', prompt, run_id: run.run_id });
      }}
    >
      <div className="field">
        <label className="field-label" htmlFor="followup-prompt">
          Ask the agent for a change
        </label>
        <textarea
          id="followup-prompt"
          className="input textarea"
          rows={4}
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          placeholder={
            run.format === 'excel'
              ? 'Add a sheet named "Forecast" with columns Month, Amount'
              : run.format === 'slides'
                ? 'Add a slide about next steps'
                : 'Add a section titled "Risks"'
          }
          required
          maxLength={20000}
          aria-describedby="followup-hint"
        />
        <span className="field-hint" id="followup-hint">
          The agent continues from the current document, including edits made in the editor.
        </span>
      </div>
      <Button type="submit" variant="primary" busy={start.isPending} busyLabel="Sending…" disabled={busy}>
        {busy ? 'A task is running…' : 'Send to the agent'}
      </Button>
      <ErrorAlert error={start.error} />
    </form>
  );
}

function Tasks({ run }: { run: RunDetail }) {
  return (
    <ol className="task-timeline" aria-label="Tasks, newest first">
      {run.tasks.map((t) => (
        <li key={t.task_id} className="task-item" data-task-id={t.task_id}>
          <div className="row-between">
            <span className="task-kind">{t.kind}</span>
            <span className="subtle nowrap">
              <LocalTime iso={t.created_at} />
            </span>
          </div>
          <TaskProgress task={t} />
          {t.result?.summary ? <p className="task-summary">{t.result.summary}</p> : null}
          {t.result?.warnings?.length ? <TaskWarnings warnings={t.result.warnings} /> : null}
          {t.credits_used ? <span className="subtle">{credits(t.credits_used)} credits</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** What the task could not keep or fix, as the API returns it in result.warnings. */
function TaskWarnings({ warnings }: { warnings: Array<{ code: string; message: string; location?: string }> }) {
  return (
    <details className="task-warnings" open={warnings.length <= 3}>
      <summary>
        {warnings.length} warning{warnings.length === 1 ? '' : 's'}
      </summary>
      <ul>
        {warnings.map((w, i) => (
          <li key={i} data-code={w.code}>
            {w.location ? <span className="mono">{w.location}</span> : null} {w.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Versions({ org, run, onRestored }: { org: OrgSummary; run: RunDetail; onRestored: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [toRestore, setToRestore] = useState<Version | null>(null);
  const restore = useMutation(
    trpc.runs.restoreVersion.mutationOptions({
      onSuccess: async () => {
        setToRestore(null);
        onRestored();
        await queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ orgId: org.id, runId: run.run_id }) });
      },
    }),
  );
  const busy = run.tasks.some((t) => isActive(t.status));
  return (
    <Card aria-labelledby="versions-title">
      <CardHeader
        id="versions-title"
        title="Version history"
        description="Every change makes a new version: agent tasks, editor saves and restores. Restoring copies an old version into a new one."
      />
      {run.versions.length ? (
        <DataTable
          className="versions-table"
          caption="Versions of this run, newest first"
          columns={['Version', 'Source', 'Change', 'Created']}
          actions
        >
          {run.versions.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <td className="nowrap">
                v{v.version} {v.current ? <Badge tone="success">current</Badge> : null}
              </td>
              <td>
                <Badge tone={v.source === 'agent' ? 'accent' : 'neutral'}>
                  {VERSION_SOURCE_LABEL[v.source] ?? v.source}
                </Badge>
              </td>
              <td className="version-change">
                {v.source === 'restore' && v.restored_from
                  ? `Restored from v${v.restored_from}`
                  : (v.prompt ?? (v.source === 'editor' ? 'Edited in the editor' : '—'))}
              </td>
              <td className="nowrap date">
                <LocalTime iso={v.created_at} />
              </td>
              <td className="actions">
                {!v.current ? (
                  <Button
                    size="sm"
                    onClick={() => setToRestore(v)}
                    disabled={busy}
                    aria-label={`Restore version ${v.version}`}
                  >
                    Restore
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <EmptyState title="No versions yet">The first version appears when the first task completes.</EmptyState>
      )}
      <MutationConfirmDialog
        target={toRestore}
        mutation={restore}
        onClose={() => setToRestore(null)}
        onConfirm={(t) => restore.mutate({ orgId: org.id, runId: run.run_id, version: t.version })}
        title={`Restore version ${toRestore?.version ?? ''}?`}
        confirmLabel="Restore"
        tone="primary"
      >
        <p>
          A new version v{run.current_version + 1} is created with the content of v{toRestore?.version}. Nothing is
          deleted: you can restore the current version again later.
        </p>
      </MutationConfirmDialog>
    </Card>
  );
}

function RunView({ org, runId }: { org: OrgSummary; runId: string }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.runs.get.queryOptions({ orgId: org.id, runId }),
    refetchInterval: (q) => (q.state.data?.tasks.some((t) => isActive(t.status)) ? ACTIVE_POLL_MS : IDLE_POLL_MS),
  });
  // Reload the editor when an agent task finishes (not on the editor's own saves).
  const [reloadKey, setReloadKey] = useState(0);
  const lastCompleted = useRef<string | null | undefined>(undefined);
  const latestAgentDone =
    run.data?.tasks.find((t) => t.kind === 'generate' && t.status === 'completed')?.task_id ?? null;
  useEffect(() => {
    if (run.data === undefined) return;
    if (lastCompleted.current !== undefined && latestAgentDone !== lastCompleted.current) setReloadKey((k) => k + 1);
    lastCompleted.current = latestAgentDone;
  }, [latestAgentDone, run.data]);

  if (run.isPending) return <LoadingStatus>Loading the run…</LoadingStatus>;
  if (run.isError)
    return (
      <Alert tone="error" title={run.error.data?.code === 'NOT_FOUND' ? 'Run not found' : 'Could not load the run'}>
        <p>
          {errorMessage(run.error)}. <Link href={withOrg('/dashboard/runs', org.id)}>Back to the runs</Link>
        </p>
      </Alert>
    );
  const r = run.data;
  const active = r.tasks.find((t) => isActive(t.status));
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href={withOrg('/dashboard/runs', org.id)}>Runs</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">{r.run_id}</span>
      </nav>
      <PageHeader
        className="run-header-text"
        title={r.title ?? r.prompt}
        descriptionClassName="row"
        description={
          <>
            <Badge tone="accent">{FORMAT_LABEL[r.format]}</Badge>
            <Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge>
            <span className="subtle">
              v{r.current_version} · {credits(r.credits_used)} credits · created <LocalTime iso={r.created_at} />
            </span>
          </>
        }
        actions={
          <div className="row run-header-actions">
            {r.download_url ? (
              <a className="btn btn-primary" href={r.download_url} download data-testid="download-link">
                Download {r.file_name ?? ''}
              </a>
            ) : null}
            {r.download_url ? <ExportMenu orgId={org.id} runId={r.run_id} format={r.format} /> : null}
          </div>
        }
      />
      {r.status === 'expired' ? (
        <Alert tone="warning" title="This run has expired">
          It can no longer be resumed or edited.
        </Alert>
      ) : null}
      <div className="run-layout">
        <section className="card editor-card" aria-label="Document editor">
          <EditorFrame org={org} run={r} reloadKey={reloadKey} />
        </section>
        <aside className="stack run-side" aria-label="Agent">
          <Card aria-labelledby="agent-title">
            <CardHeader id="agent-title" title="Agent" as="h2" />
            <CardBody className="stack">
              {active ? <TaskProgress task={active} label="Progress of the running task" /> : null}
              <FollowUp org={org} run={r} />
            </CardBody>
          </Card>
          <Card aria-labelledby="tasks-title">
            <CardHeader id="tasks-title" title="Tasks" as="h2" />
            <CardBody>
              <Tasks run={r} />
            </CardBody>
          </Card>
        </aside>
      </div>
      <Versions org={org} run={r} onRestored={() => setReloadKey((k) => k + 1)} />
    </div>
  );
}

export function RunPage({ runId }: { runId: string }) {
  return <OrgGate path="/dashboard/runs">{(org) => <RunView org={org} runId={runId} />}</OrgGate>;
}
