// A workbook imported from an upload renders over the uploaded package. The run keeps its own
// copy of that package (runs/{id}/source/…), so deleting the upload never degrades the run and
// the retention purge removes the copy with the run's other files. Beside the copy goes the model
// the package imports to (when the task has it, as the reader's JSON text): the render diffs the
// workbook against it, and reading it back costs a JSON parse instead of a second read of the
// package.
import { sourceModelKey } from '../rendering/render-for-format';
import { getBlobStore } from '../storage/get-blob-store';

interface WithSource {
  source?: { blobKey: string; sha256: string };
}

/**
 * The model with its source package stored under the run (copied once); other models as they are.
 * `importedJson(sha256)`: the JSON text of the model that package imports to, if at hand.
 */
export async function adoptWorkbookSource<T>(runId: string, model: T, importedJson?: (sha256: string) => string | undefined): Promise<{ model: T; changed: boolean }> {
  const src = (model as WithSource | null)?.source;
  if (!src || src.blobKey.startsWith(`runs/${runId}/`)) return { model, changed: false };
  const store = getBlobStore();
  const key = `runs/${runId}/source/${src.sha256}.xlsx`;
  if (!(await store.head(key))) {
    const bytes = await store.getBytes(src.blobKey);
    if (!bytes) return { model, changed: false };
    await store.put(key, bytes, { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  }
  const json = importedJson?.(src.sha256);
  if (json && !(await store.head(sourceModelKey(key)))) await store.put(sourceModelKey(key), json, { contentType: 'application/json' });
  return { model: { ...model, source: { ...src, blobKey: key } }, changed: true };
}

/**
 * The JSON of a workbook given as its text and its source (an uploaded file taken as it is): the
 * source adopted as above and added as the last member, as JSON.stringify of the model would.
 */
export async function adoptWorkbookSourceJson(
  runId: string,
  doc: { json: string; source?: { blobKey: string; sha256: string } },
  importedJson?: (sha256: string) => string | undefined,
): Promise<string> {
  if (!doc.source) return doc.json;
  const { model } = await adoptWorkbookSource(runId, { source: doc.source }, importedJson);
  return `${doc.json.slice(0, doc.json.lastIndexOf('}'))},"source":${JSON.stringify(model.source)}}`;
}
