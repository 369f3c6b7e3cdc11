// Formula values for the editor: stored beside each rendered workbook, read back instead of
// re-evaluating, computed (and stored) for a file rendered without them.
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleWorkbook } from '../documents/fixtures/sample-workbook';
import { computeFormulaValues } from '../documents/workbook/formula-values';
import { parseWorkbook } from '../documents/workbook/schema';
import { seedRun } from '../exports/testing/seed-run';
import { getBlobStore } from '../storage/get-blob-store';
import { orgWithKey } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { formulaValuesKey, workbookFormulaValues } from './workbook-formula-values';

const t = setupTestDb();
let orgId = '';
beforeAll(async () => {
  orgId = (await orgWithKey(t.db, { name: 'Formula values' })).orgId;
});

describe('workbookFormulaValues', () => {
  it('a rendered workbook has its formula values stored beside the file, and the editor reads them from there', async () => {
    const runId = await seedRun(t.db, orgId, 'excel', sampleWorkbook());
    const v = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 1 } } });
    const stored = await getBlobStore().getBytes(formulaValuesKey(v.blobKey!));
    const expected = computeFormulaValues(parseWorkbook(sampleWorkbook()));
    expect(JSON.parse(stored!.toString('utf8'))).toEqual(expected);
    expect(expected.Sales!.D4).toBeTypeOf('number');
    // Read back, not re-evaluated: a marker written into the stored values comes back.
    await getBlobStore().put(formulaValuesKey(v.blobKey!), JSON.stringify({ ...expected, Sales: { ...expected.Sales, D4: 'from the store' } }), { contentType: 'application/json' });
    const got = await workbookFormulaValues({ id: `${v.id}-a`, blobKey: v.blobKey, model: v.model });
    expect(got.Sales!.D4).toBe('from the store');
  });

  it('a file without stored values is evaluated once and its values stored; no file means evaluated, nothing stored', async () => {
    const runId = await seedRun(t.db, orgId, 'excel', sampleWorkbook());
    const v = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 1 } } });
    await getBlobStore().delete(formulaValuesKey(v.blobKey!));
    const expected = computeFormulaValues(parseWorkbook(sampleWorkbook()));
    expect(await workbookFormulaValues({ id: `${v.id}-b`, blobKey: v.blobKey, model: v.model })).toEqual(expected);
    expect(JSON.parse((await getBlobStore().getBytes(formulaValuesKey(v.blobKey!)))!.toString('utf8'))).toEqual(expected);
    expect(await workbookFormulaValues({ id: `${v.id}-c`, blobKey: null, model: v.model })).toEqual(expected);
  });
});
