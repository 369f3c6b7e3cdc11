import 'server-only';
import type { Db } from '../db/client';
import type { RunFormat, RunStatus } from '../db/generated/enums';
import { decodeCursor, page } from '../http/pagination';
import { serializeRunSummary } from './serialize-run';

export interface ListRunsInput {
  limit: number;
  cursor?: string;
  format?: RunFormat;
  status?: RunStatus;
  /** Free-text search in the first prompt and title (dashboard). */
  search?: string;
}

/** GET /runs: the org's runs, newest first (ids are time-ordered), keyset-paginated. */
export async function listRuns(db: Db, orgId: string, input: ListRunsInput) {
  const before = decodeCursor(input.cursor);
  const rows = await db.run.findMany({
    where: {
      orgId,
      ...(input.format ? { format: input.format } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(before ? { id: { lt: before } } : {}),
      ...(input.search
        ? { OR: [{ prompt: { contains: input.search, mode: 'insensitive' } }, { title: { contains: input.search, mode: 'insensitive' } }] }
        : {}),
    },
    orderBy: { id: 'desc' },
    take: input.limit + 1,
  });
  const p = page(rows, input.limit);
  return { items: p.items.map(serializeRunSummary), next_cursor: p.next_cursor };
}
