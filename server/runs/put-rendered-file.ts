// Stores a rendered file under its blob key; a workbook's formula values go first, beside it
// (`<blobKey>.formula-values.json`), so any stored file has the values of its own render.
import type { RenderedFile } from '../rendering/render-for-format';
import { formulaValuesKey } from '../rendering/workbook-formula-values';
import { getBlobStore } from '../storage/get-blob-store';

export async function putRenderedFile(blobKey: string, file: RenderedFile) {
  const store = getBlobStore();
  if (file.formulaValues) await store.put(formulaValuesKey(blobKey), JSON.stringify(file.formulaValues), { contentType: 'application/json' });
  return store.put(blobKey, file.bytes, { contentType: file.contentType });
}

/** Deletes a stored file and the formula values beside it (if any). */
export async function deleteRenderedFile(blobKey: string): Promise<void> {
  const store = getBlobStore();
  await Promise.all([store.delete(blobKey), store.delete(formulaValuesKey(blobKey))]);
}
