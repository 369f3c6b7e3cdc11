// The document model of one stored version of a run. Most versions hold their whole model: as JSON
// in the blob store (`modelKey`: agent versions, restores, compacted patch chains) or, for editor
// saves of documents and decks and versions stored by earlier builds, in the row (`model`). An editor
// save of cells holds only its changes (`patch`) and points at the nearest earlier whole model
// (`snapshotVersion`): its model is that snapshot with every later patch up to it applied in order.
// Versions never change once stored, so materialized models are cached per version id (a few, per
// process): an autosave neither reads nor writes a whole workbook.
import type { Db } from '../db/client';
import { getBlobStore } from '../storage/get-blob-store';
import { applyWorkbookCellEdits } from '../documents/workbook/apply-workbook-cell-edits';
import type { CellChange } from '../documents/workbook/edit-ops';
import type { Workbook } from '../documents/workbook/schema';

export interface VersionModel {
  /** the ArtifactVersion id (stable cache key for what is derived from the model) */
  id: string;
  version: number;
  /** null when the version holds a whole model; else the version its patch chain starts from */
  snapshotVersion: number | null;
  /** the version's stored file, null until it is rendered */
  blobKey: string | null;
  /** Shared with the cache and other callers: never mutate it (structuredClone first). */
  model: unknown;
}

const MAX_ENTRIES = 6;
const cache = new Map<string, unknown>();

function remember(id: string, model: unknown): void {
  cache.delete(id);
  cache.set(id, model);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
}

/** Puts a model the caller has just built for a stored version (an editor save) into the cache. */
export function cacheVersionModel(id: string, model: unknown): void {
  remember(id, model);
}

/** Drops every cached model (tests; a process that must not keep documents in memory). */
export function clearVersionModelCache(): void {
  cache.clear();
}

/** A whole model stored as JSON in the blob store (a new object: the caller's own). */
async function readModelBlob(key: string): Promise<unknown> {
  const bytes = await getBlobStore().getBytes(key);
  if (!bytes) throw new Error(`the stored model ${key} is missing`);
  return JSON.parse(bytes.toString('utf8')) as unknown;
}

/** The model of `version` of the run, or null when there is no such version. Do not mutate the result. */
export async function loadVersionModel(db: Db, runId: string, version: number): Promise<VersionModel | null> {
  const row = await db.artifactVersion.findUnique({
    where: { runId_version: { runId, version } },
    select: { id: true, version: true, snapshotVersion: true, blobKey: true, modelKey: true },
  });
  if (!row) return null;
  const hit = cache.get(row.id);
  if (hit !== undefined) {
    remember(row.id, hit);
    return { id: row.id, version, snapshotVersion: row.snapshotVersion, blobKey: row.blobKey, model: hit };
  }
  if (row.snapshotVersion === null) {
    const model = row.modelKey
      ? await readModelBlob(row.modelKey)
      : (await db.artifactVersion.findUniqueOrThrow({ where: { id: row.id }, select: { model: true } })).model;
    remember(row.id, model);
    return { id: row.id, version, snapshotVersion: null, blobKey: row.blobKey, model };
  }
  const snapshot = await loadVersionModel(db, runId, row.snapshotVersion);
  if (!snapshot) throw new Error(`version ${version} of run ${runId} points at a missing snapshot (version ${row.snapshotVersion})`);
  const patches = await db.artifactVersion.findMany({
    where: { runId, version: { gt: row.snapshotVersion, lte: version } },
    orderBy: { version: 'asc' },
    select: { version: true, patch: true },
  });
  if (patches.length !== version - row.snapshotVersion || patches.some((p) => !Array.isArray(p.patch))) {
    throw new Error(`version ${version} of run ${runId}: the patches after version ${row.snapshotVersion} are incomplete`);
  }
  const model = applyWorkbookCellEdits(snapshot.model as Workbook, patches.map((p) => p.patch as unknown as CellChange[]));
  remember(row.id, model);
  return { id: row.id, version, snapshotVersion: row.snapshotVersion, blobKey: row.blobKey, model };
}

/**
 * A private copy of the model of `version` (the caller may change it), or null when there is no such
 * version. A model stored as a blob is parsed from its JSON anew — cheaper than deep-copying a
 * parsed one — and does not enter the cache.
 */
export async function loadVersionModelCopy(db: Db, runId: string, version: number): Promise<unknown> {
  const row = await db.artifactVersion.findUnique({ where: { runId_version: { runId, version } }, select: { snapshotVersion: true, modelKey: true } });
  if (!row) return null;
  if (row.snapshotVersion === null && row.modelKey) return readModelBlob(row.modelKey);
  const v = await loadVersionModel(db, runId, version);
  return v ? structuredClone(v.model) : null;
}

/** The model of the run's current version (null before its first version). Do not mutate the result. */
export async function loadCurrentModel(db: Db, run: { id: string; currentVersion: number }): Promise<VersionModel | null> {
  if (run.currentVersion === 0) return null;
  return loadVersionModel(db, run.id, run.currentVersion);
}
