// The file of a stored version, rendering it first when it has none yet. Agent tasks render when they
// finish; editor saves do not (an autosave stores only the edit), so the first download, export or
// the settle step after the editing goes quiet renders the file of an edited version — once: calls in
// this process share one render, and across processes the first stored file wins.
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { renderForFormatIsolated, type RenderableFormat } from '../rendering/render-for-format';
import { log } from '../log';
import { deleteRenderedFile, putRenderedFile } from './put-rendered-file';
import { loadVersionModel } from './version-model';

export interface VersionFile {
  blobKey: string;
  sha256: string | null;
  size: number | null;
}

interface RunRef {
  id: string;
  format: string;
  title: string | null;
  fileName: string | null;
}

const inflight = new Map<string, Promise<VersionFile | null>>();

/** The version's file; null when the version does not exist (or is a text run's). */
export async function ensureVersionFile(db: Db, run: RunRef, version: number): Promise<VersionFile | null> {
  const row = await db.artifactVersion.findUnique({
    where: { runId_version: { runId: run.id, version } },
    select: { blobKey: true, sha256: true, size: true },
  });
  if (!row) return null;
  if (row.blobKey) return { blobKey: row.blobKey, sha256: row.sha256, size: row.size };
  if (run.format === 'text') return null;
  const key = `${run.id}:${version}`;
  let p = inflight.get(key);
  if (!p) {
    p = renderVersionFile(db, run, version).finally(() => inflight.delete(key));
    inflight.set(key, p);
  }
  return p;
}

async function renderVersionFile(db: Db, run: RunRef, version: number): Promise<VersionFile | null> {
  const v = await loadVersionModel(db, run.id, version);
  if (!v) return null;
  const file = await renderForFormatIsolated(run.format as RenderableFormat, v.model, run.title);
  const ext = (run.fileName ?? file.fileName).split('.').pop();
  // A unique key per render: a concurrent render in another process never overwrites these bytes.
  const blobKey = `runs/${run.id}/v${version}/editor-${newId('ver').slice(4).toLowerCase()}.${ext}`;
  const put = await putRenderedFile(blobKey, file);
  const { count } = await db.artifactVersion.updateMany({
    where: { id: v.id, blobKey: null },
    data: { blobKey, sha256: put.sha256, size: put.size },
  });
  if (count) return { blobKey, sha256: put.sha256, size: put.size };
  // Someone else stored a file first (or the version was purged meanwhile): keep theirs.
  await deleteRenderedFile(blobKey).catch((err: unknown) => log().warn({ err, runId: run.id }, 'could not delete the blob of a duplicate render'));
  const winner = await db.artifactVersion.findUnique({ where: { id: v.id }, select: { blobKey: true, sha256: true, size: true } });
  return winner?.blobKey ? { blobKey: winner.blobKey, sha256: winner.sha256, size: winner.size } : null;
}
