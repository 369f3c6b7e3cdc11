// The dashboard's run history: a page of runs (GET /runs' filters plus a prompt/title search) with
// each run's recent tasks and a fresh download_url, so running tasks can show their progress in the list.
import 'server-only';
import type { Db } from '../db/client';
import { listRuns, type ListRunsInput } from './list-runs';
import { runUrls } from './run-urls';
import { serializeTask } from './serialize-task';

const TASKS_PER_RUN = 5;

export async function listRunHistory(db: Db, orgId: string, input: ListRunsInput) {
  const page = await listRuns(db, orgId, input);
  const ids = page.items.map((r) => r.run_id);
  const tasks = ids.length
    ? await db.task.findMany({ where: { orgId, runId: { in: ids } }, orderBy: { id: 'desc' } })
    : [];
  const runs = ids.length ? await db.run.findMany({ where: { orgId, id: { in: ids } } }) : [];
  const downloads = new Map(await Promise.all(runs.map(async (r) => [r.id, (await runUrls(db, r, { edit: false })).downloadUrl] as const)));
  const byRun = new Map<string, ReturnType<typeof serializeTask>[]>();
  for (const t of tasks) {
    const list = byRun.get(t.runId) ?? [];
    if (list.length < TASKS_PER_RUN) list.push(serializeTask(t));
    byRun.set(t.runId, list);
  }
  return {
    items: page.items.map((r) => ({ ...r, download_url: downloads.get(r.run_id) ?? null, tasks: byRun.get(r.run_id) ?? [] })),
    next_cursor: page.next_cursor,
  };
}
