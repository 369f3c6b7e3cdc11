// Rendering over a source package diffs the model against a baseline: the model the package
// imports to. A baseline loader (the model kept beside the package when it was imported) is used
// instead of reading the package again; without one, or when it has none, the package is read.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderWorkbook } from './render-xlsx';
import { renderWorkbookFile } from './render-workbook-file';
import type { Workbook } from './schema';
import { readXlsx } from './xlsx/read-xlsx';

const valueAt = async (bytes: Buffer, address: string) => (await readXlsx(bytes)).workbook.sheets[0]!.cells[address]?.value;

describe('renderWorkbookFile over a source', () => {
  it('diffs against the baseline the loader gives, else against the package read again', async () => {
    const bytes = await renderWorkbook({ sheets: [{ name: 'S', cells: { A1: { value: 1 }, A2: { value: 2 } } }] });
    const imported = (await readXlsx(bytes)).workbook;
    // a baseline that says A1 held 5: a model with A1 = 5 is then unchanged there, and the
    // package's own A1 (1) is kept — which only happens if that baseline was used
    const told: Workbook = { ...imported, sheets: [{ ...imported.sheets[0]!, cells: { ...imported.sheets[0]!.cells, A1: { value: 5 } } }] };
    const model = (sha: string): Workbook => ({ ...told, source: { blobKey: 'pkg', sha256: sha } });
    const sha = (n: number) => createHash('sha256').update(`baseline ${n}`).digest('hex'); // a new baseline cache entry per case
    const loadSource = async () => bytes;
    const seen: string[] = [];

    const withBaseline = await renderWorkbookFile(model(sha(1)), loadSource, async (key) => (seen.push(key), told));
    expect(seen).toEqual(['pkg']);
    expect(await valueAt(withBaseline.buffer, 'A1')).toBe(1);

    const noneKept = await renderWorkbookFile(model(sha(2)), loadSource, async () => undefined);
    expect(await valueAt(noneKept.buffer, 'A1')).toBe(5);
    const noLoader = await renderWorkbookFile(model(sha(3)), loadSource);
    expect(await valueAt(noLoader.buffer, 'A1')).toBe(5);
    expect(await valueAt(noLoader.buffer, 'A2')).toBe(2);
  });
});
