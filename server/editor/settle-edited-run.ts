// What an editor save leaves for later, done once the editing of a run goes quiet: render the
// current version's file (so the next download is instant), rebuild the run memory's structural
// index, and fold a long chain of cell patches into a whole model, stored as a blob (so loading the
// document does not replay hundreds of saves). Each part is idempotent and guarded by the version it was computed
// for: a save or agent task that lands meanwhile wins, and the next settle picks it up.
import 'server-only';
import { withFreshIndex } from '../agent/memory/build-memory';
import type { RunMemory } from '../agent/types';
import type { Db } from '../db/client';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace';
import { ensureVersionFile } from '../runs/ensure-version-file';
import { loadVersionModel } from '../runs/version-model';
import { getBlobStore } from '../storage/get-blob-store';

/** A patch chain at least this long is folded into a whole model by the settle step. */
export const COMPACT_AFTER_PATCHES = 20;

export interface SettleResult {
  rendered: boolean;
  reindexed: boolean;
  compacted: boolean;
}

export async function settleEditedRun(db: Db, runId: string): Promise<SettleResult> {
  const out: SettleResult = { rendered: false, reindexed: false, compacted: false };
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run || run.format === 'text' || run.currentVersion === 0 || run.purgedAt) return out;
  const version = run.currentVersion;
  const row = await db.artifactVersion.findUnique({
    where: { runId_version: { runId, version } },
    select: { id: true, blobKey: true, snapshotVersion: true },
  });
  if (!row) return out;
  if (!row.blobKey) out.rendered = Boolean(await ensureVersionFile(db, run, version));

  const memory = (run.memory ?? null) as RunMemory | null;
  const compact = row.snapshotVersion !== null && version - row.snapshotVersion >= COMPACT_AFTER_PATCHES;
  if (!memory?.staleIndex && !compact) return out;
  const v = await loadVersionModel(db, runId, version);
  if (!v) return out;
  if (memory?.staleIndex) {
    const fresh = withFreshIndex(run.format, memory, v.model);
    // Only if no save or task changed the run since it was read.
    const { count } = await db.run.updateMany({
      where: { id: runId, currentVersion: version, updatedAt: run.updatedAt },
      data: { memory: fresh as unknown as InputJsonValue },
    });
    out.reindexed = count > 0;
  }
  if (compact) {
    // one key per version: a concurrent settle writes the same model to it
    const modelKey = `runs/${runId}/models/${row.id}.json`;
    await getBlobStore().put(modelKey, JSON.stringify(v.model), { contentType: 'application/json' });
    const { count } = await db.artifactVersion.updateMany({
      where: { id: row.id, snapshotVersion: { not: null } },
      data: { modelKey, snapshotVersion: null },
    });
    out.compacted = count > 0;
  }
  return out;
}
