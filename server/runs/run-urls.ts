import type { Db } from '../db/client';
import type { Run } from '../db/generated/client';
import { mintEditUrl } from '../edit-sessions/mint-edit-url';
import type { EditGrant } from '../edit-sessions/mint-edit-session';
import { getBlobStore } from '../storage/get-blob-store';
import { ensureVersionFile } from './ensure-version-file';

export interface RunUrls {
  downloadUrl: string | null;
  editUrl: string | null;
  downloadExpiresAt: Date | null;
}

export interface RunUrlOptions {
  /**
   * Mint an edit_url for one viewer (default: an editing one). `view` mints a read-only token;
   * `false` mints none (e.g. the download redirect). Expired runs only ever get read-only tokens.
   */
  edit?: 'edit' | 'view' | false;
  /** The API key or dashboard user the edit session is minted for: it stops working when they lose access. */
  grant?: EditGrant;
  /** The current version's stored file when the caller read it with the run (saves reading it again). */
  currentFile?: { blobKey: string } | null;
}

/** What runUrls needs of a run. */
export type RunForUrls = Pick<Run, 'id' | 'orgId' | 'format' | 'status' | 'currentVersion' | 'purgedAt' | 'fileName' | 'title'>;

/** Fresh signed URLs for a run's current file (none before its first version or after purge). */
export async function runUrls(db: Db, run: RunForUrls, opts: RunUrlOptions = {}): Promise<RunUrls> {
  if (run.currentVersion === 0 || run.purgedAt) return { downloadUrl: null, editUrl: null, downloadExpiresAt: null };
  // An edited version gets its file here if the settle step has not rendered it yet.
  const v = opts.currentFile ?? (await ensureVersionFile(db, run, run.currentVersion));
  if (!v) return { downloadUrl: null, editUrl: null, downloadExpiresAt: null };
  const signed = await getBlobStore().signedUrl(v.blobKey, { fileName: run.fileName ?? undefined });
  const mode = opts.edit ?? 'edit';
  const editUrl =
    mode && run.format !== 'text'
      ? await mintEditUrl(db, { orgId: run.orgId, runId: run.id, readOnly: mode === 'view' || run.status === 'expired', grant: opts.grant })
      : null;
  return { downloadUrl: signed.url, editUrl, downloadExpiresAt: signed.expiresAt };
}
