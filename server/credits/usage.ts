// Credit usage for the dashboard: the ledger (newest first, keyset-paginated) and credits spent
// per UTC day over a window, with days without spending filled in as zero.
import 'server-only';
import type { Db } from '../db/client';
import { decodeCursor, page } from '../http/pagination';
import { balanceOf } from './ledger';

export async function listLedger(db: Db, orgId: string, input: { limit: number; cursor?: string }) {
  const before = decodeCursor(input.cursor);
  const rows = await db.creditLedgerEntry.findMany({
    where: { orgId, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: 'desc' },
    take: input.limit + 1,
  });
  const p = page(rows, input.limit);
  return {
    items: p.items.map((e) => ({
      id: e.id,
      delta: e.delta,
      reason: e.reason,
      task_id: e.taskId,
      note: e.note,
      balance_after: e.balanceAfter,
      created_at: e.createdAt.toISOString(),
    })),
    next_cursor: p.next_cursor,
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function creditUsage(db: Db, orgId: string, days: number, now = new Date()) {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const rows = await db.creditLedgerEntry.findMany({
    where: { orgId, createdAt: { gte: start }, reason: { in: ['task_debit', 'refund'] } },
    select: { delta: true, createdAt: true },
  });
  const spent = new Map<string, number>();
  for (const r of rows) spent.set(day(r.createdAt), (spent.get(day(r.createdAt)) ?? 0) - r.delta);
  const series = Array.from({ length: days }, (_, i) => {
    const d = day(new Date(start.getTime() + i * 86_400_000));
    return { day: d, credits: Math.max(0, spent.get(d) ?? 0) };
  });
  return { balance: await balanceOf(db, orgId), days: series, total: series.reduce((s, d) => s + d.credits, 0) };
}
