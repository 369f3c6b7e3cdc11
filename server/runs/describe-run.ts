import 'server-only';
import type { Db } from '../db/client';
import type { Run } from '../db/generated/client';
import { env } from '../env';
import { serializeRunSummary } from './serialize-run';
import { serializeTask } from './serialize-task';

/** GET /runs/{id}: the run, its latest task and its expiry. */
export async function describeRun(db: Db, run: Run, urls: { downloadUrl: string | null; editUrl: string | null }) {
  const latest = await db.task.findFirst({ where: { runId: run.id }, orderBy: { id: 'desc' } });
  const expiresAt = run.expiredAt ?? new Date(run.lastTaskAt.getTime() + env().RUN_RETENTION_DAYS * 86_400_000);
  return {
    ...serializeRunSummary(run),
    download_url: urls.downloadUrl,
    edit_url: urls.editUrl,
    last_task_at: run.lastTaskAt.toISOString(),
    expires_at: expiresAt.toISOString(),
    latest_task: latest ? serializeTask(latest, urls) : null,
  };
}
