// Restores an earlier version of a run's document: a NEW version (source "restore") with the old one's
// model and file, so history is never rewritten. A model stored as a blob is pointed at, not copied;
// any other (a patch chain, or a model in the row) is stored once as a blob for the new version. The
// run memory's structural index is rebuilt from the restored model so the agent's next follow-up sees
// the document as it now is.
import 'server-only';
import { buildMemory } from '../agent/memory/build-memory';
import type { AgentFormat, RunMemory } from '../agent/types';
import type { Db } from '../db/client';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace';
import { newId } from '../db/ids';
import { ApiError, notFound } from '../http/api-error';
import { getBlobStore } from '../storage/get-blob-store';
import { getRun } from './get-run';
import { isRunExpired } from './preflight';
import { loadVersionModel } from './version-model';
import { announceRunVersion } from '../signals/edit-signals';

export async function restoreRunVersion(db: Db, orgId: string, runId: string, version: number) {
  const run = await getRun(db, orgId, runId);
  if (run.purgedAt || isRunExpired(run)) throw new ApiError('gone', 'this run expired; its versions can no longer be restored');
  if (run.format === 'text') throw new ApiError('invalid_request', 'text runs have no document versions');
  const old = await db.artifactVersion.findUnique({
    where: { runId_version: { runId: run.id, version } },
    select: { version: true, blobKey: true, sha256: true, size: true, modelKey: true, snapshotVersion: true },
  });
  if (!old) throw notFound('version');
  if (version === run.currentVersion) throw new ApiError('conflict', `version ${version} is already the current version`);
  const busy = await db.task.count({ where: { runId: run.id, status: { in: ['queued', 'running'] } } });
  if (busy) throw new ApiError('conflict', 'a task is working on this run; restore when it has finished');

  // A restored version holds the whole model (even when the old one was an editor patch).
  const model = (await loadVersionModel(db, run.id, version))!.model;
  const id = newId('ver');
  let modelKey = old.snapshotVersion === null ? old.modelKey : null;
  if (!modelKey) {
    modelKey = `runs/${run.id}/models/${id}.json`;
    await getBlobStore().put(modelKey, JSON.stringify(model), { contentType: 'application/json' });
  }
  const restored = await db.$transaction(async (tx) => {
    // Re-read under the transaction so two restores (or a restore and an editor save) cannot both
    // take the same next version number: the unique (runId, version) rejects the loser.
    const fresh = await tx.run.findUniqueOrThrow({ where: { id: run.id } });
    const next = fresh.currentVersion + 1;
    await tx.artifactVersion.create({
      data: {
        id,
        runId: run.id,
        version: next,
        source: 'restore',
        restoredFrom: old.version,
        modelKey,
        blobKey: old.blobKey,
        sha256: old.sha256,
        size: old.size,
      },
    });
    const memory = buildMemory({
      format: run.format as AgentFormat,
      document: model,
      previous: (fresh.memory ?? null) as RunMemory | null,
      prompt: `restore version ${old.version}`,
      summary: `A person restored version ${old.version} of the document (now version ${next}).`,
      sampleData: false,
    });
    await tx.run.update({
      where: { id: run.id },
      data: { currentVersion: next, memory: memory as unknown as InputJsonValue },
    });
    return { version: next, restored_from: old.version };
  });
  announceRunVersion(run.id, restored.version, 'restore');
  return restored;
}
