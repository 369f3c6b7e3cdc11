// A task's workbook is rendered from its JSON; when that JSON is the model kept beside the source
// package with only the source added (an upload turned into a run unchanged), its file is the
// package itself. Anything else in the JSON is rendered (over the package, against the kept model).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderWorkbook } from '../documents/workbook/render-xlsx';
import { readXlsx } from '../documents/workbook/xlsx/read-xlsx';
import { getBlobStore } from '../storage/get-blob-store';
import { isKeptPlusSource as isKept, renderJsonForFormatIsolated, sourceModelKey } from './render-for-format';

const kept = { defaultFont: { name: 'Calibri', size: 11 }, sheets: [{ name: 'S', cells: { A1: { value: 1 } } }] };
const source = { blobKey: 'runs/r/source/x.xlsx', sha256: 'a'.repeat(64) };

describe('isKeptPlusSource', () => {
  it('is true only for the kept JSON with the source appended', () => {
    const isKeptPlusSource = (model: string, keptJson: string) => isKept(Buffer.from(model), Buffer.from(keptJson));
    const text = JSON.stringify(kept);
    expect(isKeptPlusSource(JSON.stringify({ ...kept, source }), text)).toBe(true);
    expect(isKeptPlusSource(text, text)).toBe(false);
    expect(isKeptPlusSource(JSON.stringify({ ...kept, sheets: [{ name: 'S', cells: { A1: { value: 2 } } }], source }), text)).toBe(false);
    expect(isKeptPlusSource(JSON.stringify({ ...kept, activeSheet: 0, source }), text)).toBe(false);
    expect(isKeptPlusSource(JSON.stringify({ ...kept, source: { ...source, edits: [{ part: 'p', axis: 'row', op: 'insert', at: 1, count: 1 }] } }), text)).toBe(false);
    expect(isKeptPlusSource(`${JSON.stringify({ ...kept, source }).slice(0, -1)},"x":1}`, text)).toBe(false);
  });
});

describe('rendering a task model from its JSON', () => {
  it('an uploaded workbook unchanged is its package; a changed one is rendered over it', async () => {
    const bytes = await renderWorkbook({ sheets: [{ name: 'S', cells: { A1: { value: 'Units' }, A2: { value: 3 }, A3: { formula: 'A2*2' } } }] });
    const imported = await readXlsx(bytes);
    const packageKey = `runs/run_${randomUUID().replace(/-/g, '')}/source/${imported.sha256}.xlsx`;
    const keptJson = JSON.stringify(imported.workbook);
    await getBlobStore().put(packageKey, bytes, { contentType: 'application/octet-stream' });
    await getBlobStore().put(sourceModelKey(packageKey), keptJson, { contentType: 'application/json' });
    const src = { blobKey: packageKey, sha256: imported.sha256 };

    const same = await renderJsonForFormatIsolated('excel', Buffer.from(JSON.stringify({ ...imported.workbook, source: src })), 'Units');
    expect(same.bytes.equals(bytes)).toBe(true);
    expect(same).toMatchObject({ fileName: 'Units.xlsx', title: 'Units' });
    expect(same.formulaValues).toBeUndefined(); // computed when first asked for

    const sheet = imported.workbook.sheets[0]!;
    const changed = { ...imported.workbook, sheets: [{ ...sheet, cells: { ...sheet.cells, A2: { value: 5 } } }], source: src };
    const file = await renderJsonForFormatIsolated('excel', Buffer.from(JSON.stringify(changed)), 'Units');
    expect(file.bytes.equals(bytes)).toBe(false);
    const back = (await readXlsx(file.bytes)).workbook.sheets[0]!.cells;
    expect(back.A2).toEqual({ value: 5 });
    expect(back.A1).toEqual({ value: 'Units' });
    expect(file.formulaValues).toBeTruthy();
  }, 60_000);
});
