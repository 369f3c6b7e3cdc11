// The retention sweep: runs expire RUN_RETENTION_DAYS after their last task, and the stored bytes
// of an expired run (every version's file and model, exports, drafts) plus its document content are deleted
// RUN_PURGE_AFTER_DAYS after expiry. The run and task rows stay (history, credits), marked purged.
// Idempotent and safe to run on several instances at once: every step re-checks its condition.
import 'server-only';
import type { Db } from '../db/client';
import { DbNull } from '../db/generated/internal/prismaNamespace';
import { env } from '../env';
import { log } from '../log';
import { getBlobStore } from '../storage/get-blob-store';
import { deleteExpiredEditSessions } from '../edit-sessions/delete-expired-edit-sessions';
import { forgetAllPolls, forgetRunPolls } from '../runs/poll-cache';

const DAY_MS = 86_400_000;

export interface RetentionReport {
  expired: number;
  purged: number;
  blobsDeleted: number;
  editSessionsDeleted: number;
}

/** Runs past their window with no task queued or running become `expired`. */
async function expireRuns(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - env().RUN_RETENTION_DAYS * DAY_MS);
  const { count } = await db.run.updateMany({
    where: {
      lastTaskAt: { lt: cutoff },
      expiredAt: null,
      tasks: { none: { status: { in: ['queued', 'running'] } } },
    },
    data: { status: 'expired', expiredAt: now },
  });
  if (count) forgetAllPolls(); // their polls hand out read-only edit_urls from now on
  return count;
}

/** Deletes one expired run's bytes; returns the number of blobs removed. */
async function purgeRun(db: Db, runId: string, now: Date): Promise<number> {
  // Blobs first: if the process dies here the run is not yet marked and the next sweep retries.
  const blobsDeleted = await getBlobStore().deletePrefix(`runs/${runId}/`);
  await db.$transaction([
    db.exportArtifact.deleteMany({ where: { runId } }),
    db.artifactVersion.deleteMany({ where: { runId } }),
    db.editSession.deleteMany({ where: { runId } }),
    db.run.update({ where: { id: runId }, data: { purgedAt: now, memory: DbNull } }),
  ]);
  forgetRunPolls(runId);
  return blobsDeleted;
}

export async function enforceRetention(db: Db, now: Date = new Date(), opts: { batchSize?: number } = {}): Promise<RetentionReport> {
  const batchSize = opts.batchSize ?? 100;
  const expired = await expireRuns(db, now);
  const purgeBefore = new Date(now.getTime() - env().RUN_PURGE_AFTER_DAYS * DAY_MS);
  let purged = 0;
  let blobsDeleted = 0;
  for (;;) {
    const due = await db.run.findMany({
      where: { expiredAt: { lte: purgeBefore }, purgedAt: null },
      select: { id: true },
      orderBy: { expiredAt: 'asc' },
      take: batchSize,
    });
    for (const r of due) {
      blobsDeleted += await purgeRun(db, r.id, now);
      purged++;
    }
    if (due.length < batchSize) break;
  }
  const editSessionsDeleted = await deleteExpiredEditSessions(db, now);
  const report = { expired, purged, blobsDeleted, editSessionsDeleted };
  if (expired || purged || editSessionsDeleted) log().info(report, 'retention sweep');
  return report;
}
