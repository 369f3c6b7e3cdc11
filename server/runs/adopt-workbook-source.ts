// A workbook imported from an upload renders over the uploaded package. The run keeps its own
// copy of that package (runs/{id}/source/…), so deleting the upload never degrades the run and
// the retention purge removes the copy with the run's other files.
import { getBlobStore } from '../storage/get-blob-store';

interface WithSource {
  source?: { blobKey: string; sha256: string };
}

/** The model with its source package stored under the run (copied once); other models as they are. */
export async function adoptWorkbookSource<T>(runId: string, model: T): Promise<{ model: T; changed: boolean }> {
  const src = (model as WithSource | null)?.source;
  if (!src || src.blobKey.startsWith(`runs/${runId}/`)) return { model, changed: false };
  const store = getBlobStore();
  const key = `runs/${runId}/source/${src.sha256}.xlsx`;
  if (!(await store.getBytes(key))) {
    const bytes = await store.getBytes(src.blobKey);
    if (!bytes) return { model, changed: false };
    await store.put(key, bytes, { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  }
  return { model: { ...model, source: { ...src, blobKey: key } }, changed: true };
}
