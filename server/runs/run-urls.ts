import type { Db } from '../db/client';
import type { Run } from '../db/generated/client';
import { getBlobStore } from '../storage/get-blob-store';

export interface RunUrls {
  downloadUrl: string | null;
  editUrl: string | null;
  downloadExpiresAt: Date | null;
}

/** Fresh signed URLs for a run's current file (none before its first version or after purge). */
export async function runUrls(db: Db, run: Run): Promise<RunUrls> {
  if (run.currentVersion === 0 || run.purgedAt) return { downloadUrl: null, editUrl: null, downloadExpiresAt: null };
  const v = await db.artifactVersion.findUnique({
    where: { runId_version: { runId: run.id, version: run.currentVersion } },
    select: { blobKey: true },
  });
  if (!v?.blobKey) return { downloadUrl: null, editUrl: null, downloadExpiresAt: null };
  const signed = await getBlobStore().signedUrl(v.blobKey, { fileName: run.fileName ?? undefined });
  return { downloadUrl: signed.url, editUrl: null, downloadExpiresAt: signed.expiresAt };
}
