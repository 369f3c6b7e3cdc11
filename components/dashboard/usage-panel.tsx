'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { OrgGate } from './org-gate';
import { ErrorAlert, LoadingStatus, LoadMore } from './query-state';
import { credits } from './run-format';
import { useTRPC, type OrgSummary, type RouterOutputs } from './trpc';

type Summary = RouterOutputs['usage']['summary'];

const REASON: Record<string, { label: string; tone: 'success' | 'neutral' | 'warning' | 'accent' }> = {
  grant: { label: 'Grant', tone: 'success' },
  task_debit: { label: 'Task', tone: 'neutral' },
  refund: { label: 'Refund', tone: 'accent' },
  adjustment: { label: 'Adjustment', tone: 'warning' },
};

/** Credits spent per day as an SVG bar chart, with a table of the same numbers for screen readers. */
function DailyChart({ days }: { days: Summary['days'] }) {
  const W = 720;
  const H = 200;
  const pad = { l: 44, r: 8, t: 12, b: 28 };
  const max = Math.max(1, ...days.map((d) => d.credits));
  const step = (W - pad.l - pad.r) / days.length;
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const ticks = [0, Math.round(max / 2), max];
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="chart-title"
        className="chart-svg"
        data-testid="usage-chart"
      >
        <title id="chart-title">Credits spent per day, last {days.length} days</title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={W - pad.r} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={pad.l - 6} y={y(t) + 4} textAnchor="end" className="chart-label">
              {t}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const h = H - pad.b - y(d.credits);
          return (
            <rect
              key={d.day}
              x={pad.l + i * step + step * 0.15}
              y={y(d.credits)}
              width={step * 0.7}
              height={Math.max(0, h)}
              rx={2}
              className="chart-bar"
            >
              <title>
                {d.day}: {d.credits} credits
              </title>
            </rect>
          );
        })}
        {days.map((d, i) =>
          (i % 7 === 0 && days.length - 1 - i >= 4) || i === days.length - 1 ? (
            <text key={d.day} x={pad.l + i * step + step / 2} y={H - 8} textAnchor="middle" className="chart-label">
              {d.day.slice(5)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="subtle">
        UTC days. Each bar is the credits debited for tasks that day (refunds subtracted).
      </figcaption>
      <table className="sr-only">
        <caption>Credits spent per day</caption>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.credits}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function Ledger({ org }: { org: OrgSummary }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.usage.ledger.infiniteQueryOptions(
      { orgId: org.id, limit: 25 },
      { getNextPageParam: (p) => p.next_cursor ?? undefined, staleTime: 0 },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card aria-labelledby="ledger-title">
      <CardHeader
        id="ledger-title"
        title="Ledger"
        description="Every movement of credits, newest first, with the balance after it."
      />
      {list.isPending ? (
        <LoadingStatus inCard />
      ) : list.isError ? (
        <ErrorAlert inCard error={list.error} />
      ) : !rows.length ? (
        <EmptyState title="No credit movements yet" />
      ) : (
        <DataTable
          className="ledger-table"
          caption={`Credit ledger of ${org.name}`}
          columns={[
            'Date',
            'Reason',
            'Detail',
            { label: 'Change', className: 'num' },
            { label: 'Balance', className: 'num' },
          ]}
          footer={<LoadMore inCard query={list} />}
        >
          {rows.map((e) => (
            <tr key={e.id}>
              <td className="nowrap date">
                <LocalTime iso={e.created_at} />
              </td>
              <td>
                <Badge tone={REASON[e.reason]?.tone ?? 'neutral'}>{REASON[e.reason]?.label ?? e.reason}</Badge>
              </td>
              <td className="ledger-detail">
                {e.task_id ? <code className="mono">{e.task_id}</code> : (e.note ?? '—')}
              </td>
              <td className={`num ${e.delta < 0 ? 'neg' : 'pos'}`}>
                {e.delta > 0 ? '+' : '−'}
                {credits(Math.abs(e.delta))}
              </td>
              <td className="num">{credits(e.balance_after)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}

function Usage({ org }: { org: OrgSummary }) {
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.usage.summary.queryOptions({ orgId: org.id, days: 30 }), staleTime: 0 });
  return (
    <div className="stack-lg">
      <PageHeader
        title="Usage"
        description={
          <>
            Credits of <strong>{org.name}</strong>. A task is charged once, when it completes; failed and cancelled
            tasks are free.
          </>
        }
      />
      <Card aria-labelledby="usage-title">
        <CardHeader id="usage-title" title="Last 30 days" />
        <CardBody className="stack">
          {summary.isError ? (
            <ErrorAlert error={summary.error} />
          ) : summary.data ? (
            <>
              <div className="stats">
                <div>
                  <div className="stat-label">Balance</div>
                  <div className="stat-value" data-testid="usage-balance">
                    {credits(summary.data.balance)}
                  </div>
                </div>
                <div>
                  <div className="stat-label">Spent in 30 days</div>
                  <div className="stat-value">{credits(summary.data.total)}</div>
                </div>
              </div>
              <DailyChart days={summary.data.days} />
            </>
          ) : (
            <LoadingStatus />
          )}
        </CardBody>
      </Card>
      <Ledger org={org} />
    </div>
  );
}

export function UsagePanel() {
  return <OrgGate path="/dashboard/usage">{(org) => <Usage org={org} />}</OrgGate>;
}
