// GET /tasks/{id}: the task of the caller's org in one indexed read — the task by primary key with
// its run, the file of the run's current version and the caller's reusable edit sessions of that run
// (server/edit-sessions/poll-edit-url.ts) — so that polling a completed task writes nothing: the download
// URL is signed in memory and the edit_url of an earlier poll is handed out again. Only an edited
// version without a file yet (rendered on first demand) or the first poll of a key (or one whose
// session has less than REUSE_MIN_LEFT_MS left) does more. Repeated polls of an ended task are
// answered from memory for POLL_CACHE_MS (poll-cache.ts): no statement at all.
import 'server-only';
import type { Db } from '../db/client';
import { pollEditUrl, REUSE_MIN_LEFT_MS, type EditSessionCandidate } from '../edit-sessions/poll-edit-url';
import { notFound } from '../http/api-error';
import { getBlobStore } from '../storage/get-blob-store';
import { ensureVersionFile } from './ensure-version-file';
import { cachedPoll, keepPoll, type CachedPoll } from './poll-cache';
import { serializeTask, type TaskUrls, type TaskView } from './serialize-task';

interface PollRow extends Omit<TaskView, 'createdAt' | 'updatedAt'> {
  createdAt: Date | string;
  updatedAt: Date | string;
  runFormat: string;
  runStatus: string;
  runOrgId: string;
  currentVersion: number;
  purgedAt: Date | string | null;
  fileName: string | null;
  title: string | null;
  versionExists: boolean | null;
  blobKey: string | null;
  sessionId: string | null;
  sessionHash: string | null;
}

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** The task object of GET /tasks/{task_id} for an API-key caller; another org's task is a 404. */
export async function pollTask(db: Db, caller: { orgId: string; keyId: string }, taskId: string, now = new Date()) {
  const kept = cachedPoll(taskId, caller.orgId, now.getTime());
  const keptEditUrl = kept?.editUrls.get(caller.keyId);
  if (kept && keptEditUrl !== undefined) return serializeTask(kept.task, await keptUrls(kept, keptEditUrl));
  const reuseFrom = new Date(now.getTime() + REUSE_MIN_LEFT_MS);
  const rows = await db.$queryRaw<PollRow[]>`
    SELECT t."id", t."runId", t."kind"::text AS "kind", t."status"::text AS "status", t."phase", t."turnIndex", t."progress",
      t."result", t."error", t."creditsUsed", t."durationMs", t."createdAt", t."updatedAt",
      r."format"::text AS "runFormat", r."status"::text AS "runStatus", r."orgId" AS "runOrgId", r."currentVersion",
      r."purgedAt", r."fileName", r."title",
      (v."id" IS NOT NULL) AS "versionExists", v."blobKey",
      s."id" AS "sessionId", s."tokenHash" AS "sessionHash"
    FROM "Task" t
    JOIN "Run" r ON r."id" = t."runId"
    LEFT JOIN "ArtifactVersion" v
      ON t."status" = 'completed' AND v."runId" = r."id" AND v."version" = r."currentVersion"
    LEFT JOIN LATERAL (
      SELECT e."id", e."tokenHash" FROM "EditSession" e
      WHERE t."status" = 'completed' AND e."runId" = r."id" AND e."apiKeyId" = ${caller.keyId}
        AND e."readOnly" = (r."status" = 'expired') AND e."expiresAt" > ${reuseFrom}
      ORDER BY e."expiresAt" DESC
      LIMIT 4
    ) s ON true
    WHERE t."id" = ${taskId} AND t."orgId" = ${caller.orgId}`;
  const row = rows[0];
  if (!row) throw notFound('task');
  const task: TaskView = {
    id: row.id,
    runId: row.runId,
    kind: row.kind,
    status: row.status,
    phase: row.phase,
    turnIndex: row.turnIndex,
    progress: row.progress,
    result: row.result,
    error: row.error,
    creditsUsed: row.creditsUsed,
    durationMs: row.durationMs,
    createdAt: asDate(row.createdAt),
    updatedAt: asDate(row.updatedAt),
  };
  if (!ENDED.has(task.status)) return serializeTask(task);
  // an ended task's answer changes only with its run: kept, with this key's edit_url next to the
  // other keys' still fresh ones
  const poll: CachedPoll = { task, blobKey: null, fileName: row.fileName, editUrls: new Map(kept?.editUrls) };
  if (task.status === 'completed') poll.blobKey = await currentFile(db, row);
  if (task.status === 'completed' && poll.blobKey && row.runFormat !== 'text') {
    const candidates: EditSessionCandidate[] = rows.flatMap((r) => (r.sessionId && r.sessionHash ? [{ id: r.sessionId, tokenHash: r.sessionHash }] : []));
    const readOnly = row.runStatus === 'expired';
    poll.editUrls.set(caller.keyId, await pollEditUrl(db, { orgId: row.runOrgId, runId: row.runId, readOnly, apiKeyId: caller.keyId, candidates }));
  } else poll.editUrls.set(caller.keyId, null);
  keepPoll(caller.orgId, row.runId, poll, now.getTime());
  return serializeTask(task, await keptUrls(poll, poll.editUrls.get(caller.keyId) ?? null));
}

const ENDED = new Set<string>(['completed', 'failed', 'cancelled', 'expired']);

/** The current version's file of a completed task's run; null when there is none to download (purged, no version). */
async function currentFile(db: Db, row: PollRow): Promise<string | null> {
  if (row.currentVersion === 0 || row.purgedAt || !row.versionExists) return null;
  const run = { id: row.runId, format: row.runFormat, title: row.title, fileName: row.fileName };
  // An edited version gets its file now if the settle step has not rendered it yet.
  return row.blobKey ?? (await ensureVersionFile(db, run, row.currentVersion))?.blobKey ?? null;
}

/** The same URLs as runUrls(run) for the poll: a download of the current version signed now, the caller's edit_url. */
async function keptUrls(poll: CachedPoll, editUrl: string | null): Promise<TaskUrls> {
  if (!poll.blobKey) return { downloadUrl: null, editUrl: null };
  const signed = await getBlobStore().signedUrl(poll.blobKey, { fileName: poll.fileName ?? undefined });
  return { downloadUrl: signed.url, editUrl };
}
