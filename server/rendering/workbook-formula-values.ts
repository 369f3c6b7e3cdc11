// The computed value of every formula cell of a stored workbook version, for the editor. Evaluating
// a 100k-cell workbook takes a quarter of a second, so it is done once per version: renders store
// the values next to the file (`<blobKey>.formula-values.json`, see put-rendered-file.ts), and a
// few recent versions stay in memory. A version without a stored file yet (an editor patch not
// rendered) is evaluated here; its render stores the values later.
import { parseWorkbook } from '../documents/workbook/schema';
import { computeFormulaValues, type FormulaValues } from '../documents/workbook/formula-values';
import { log } from '../log';
import { getBlobStore } from '../storage/get-blob-store';

export type { FormulaValues };

const MAX_ENTRIES = 8;
const cache = new Map<string, FormulaValues>();

export const formulaValuesKey = (fileBlobKey: string) => `${fileBlobKey}.formula-values.json`;

function remember(versionId: string, values: FormulaValues): FormulaValues {
  cache.delete(versionId);
  cache.set(versionId, values);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return values;
}

export async function workbookFormulaValues(v: { id: string; blobKey: string | null; model: unknown }): Promise<FormulaValues> {
  const hit = cache.get(v.id);
  if (hit) return remember(v.id, hit);
  if (v.blobKey) {
    const stored = await getBlobStore().getBytes(formulaValuesKey(v.blobKey));
    if (stored) return remember(v.id, JSON.parse(stored.toString('utf8')) as FormulaValues);
  }
  const values = computeFormulaValues(parseWorkbook(v.model));
  // A file rendered before values were stored alongside: store them now for the next viewer.
  if (v.blobKey) {
    await getBlobStore()
      .put(formulaValuesKey(v.blobKey), JSON.stringify(values), { contentType: 'application/json' })
      .catch((err: unknown) => log().warn({ err, versionId: v.id }, 'could not store formula values'));
  }
  return remember(v.id, values);
}
