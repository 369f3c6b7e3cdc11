/**
 * Text that holds "$" patterns ("$&", "$1", "$'") goes into the package as written: a number format
 * like "$"#,##0.00, a formula with $A$1 written over a customer's file, a title with "$&". A string
 * given to String.replace as the replacement would have been expanded (the match, group 1…) and
 * broken styles.xml or the formula.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { evaluateWorkbook } from '../evaluate-formulas';
import { renderWorkbook } from '../render-xlsx';
import type { Workbook } from '../schema';
import { readXlsx } from './read-xlsx';
import { renderOverSource } from './write-over-source';

const SHARED = path.resolve(__dirname, '../../../../../shared/corpus');

async function wellFormed(buffer: Buffer): Promise<void> {
  const zip = await JSZip.loadAsync(buffer);
  for (const name of Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n))) {
    expect(XMLValidator.validate(await zip.file(name)!.async('string')), name).toBe(true);
  }
}

describe('"$" patterns in what we write', () => {
  it('a number format "$"#,##0.00 and a title with "$&" and "$1": styles.xml well formed, both read back as given', async () => {
    const wb = {
      title: 'Prices $& costs $1',
      sheets: [{ name: 'Invoice', cells: { A1: { value: 'Total' }, B1: { value: 1200, numFmt: '"$"#,##0.00' }, B2: { value: 3, numFmt: "#,##0 \"days\" $'" } } }],
    };
    const buffer = await renderWorkbook(wb);
    await wellFormed(buffer);
    const back = (await readXlsx(buffer)).workbook;
    expect(back.sheets[0]!.cells.B1?.numFmt).toBe('"$"#,##0.00');
    expect(back.sheets[0]!.cells.B2?.numFmt).toBe("#,##0 \"days\" $'");
    const core = await (await JSZip.loadAsync(buffer)).file('docProps/core.xml')?.async('string');
    if (core?.includes('<dc:title>')) expect(core).toContain('<dc:title>Prices $&amp; costs $1</dc:title>');
  });

  it('a formula with $A$1 and $B$10 written over a customer file keeps its dollars', async () => {
    const bytes = readFileSync(path.join(SHARED, 'xlsx/finance-names-crosssheet-formats.xlsx'));
    const baseline = (await readXlsx(bytes)).workbook;
    const wb: Workbook = (await readXlsx(bytes)).workbook;
    const s = wb.sheets.find((x) => x.name === 'Revenue')!;
    s.cells.A3 = { ...s.cells.A3!, formula: 'EDATE($A$1,1)+$B$10-$B$10' };
    const r = await renderOverSource(wb, evaluateWorkbook(wb), { bytes, baseline, baselineEvaluation: evaluateWorkbook(baseline) });
    await wellFormed(r.buffer);
    const back = (await readXlsx(r.buffer)).workbook;
    expect(back.sheets.find((x) => x.name === 'Revenue')!.cells.A3?.formula).toBe('EDATE($A$1,1)+$B$10-$B$10');
  });
});
