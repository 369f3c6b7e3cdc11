// The versions of a run's document, newest first, with where each came from (agent task, editor
// save, upload or restore of an earlier version).
import 'server-only';
import type { Db } from '../db/client';
import { getRun } from './get-run';

export async function listRunVersions(db: Db, orgId: string, runId: string) {
  const run = await getRun(db, orgId, runId);
  const rows = await db.artifactVersion.findMany({
    where: { runId: run.id },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, source: true, taskId: true, restoredFrom: true, size: true, createdAt: true },
  });
  const taskIds = rows.map((r) => r.taskId).filter((id): id is string => Boolean(id));
  const prompts = new Map(
    (taskIds.length ? await db.task.findMany({ where: { id: { in: taskIds }, orgId }, select: { id: true, prompt: true } }) : []).map(
      (t) => [t.id, t.prompt],
    ),
  );
  return rows.map((r) => ({
    version: r.version,
    source: r.source,
    task_id: r.taskId,
    prompt: r.taskId ? (prompts.get(r.taskId) ?? null) : null,
    restored_from: r.restoredFrom,
    size: r.size,
    current: r.version === run.currentVersion,
    created_at: r.createdAt.toISOString(),
  }));
}
