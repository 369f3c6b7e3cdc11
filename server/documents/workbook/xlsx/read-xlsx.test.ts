import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { evaluateWorkbook } from '../evaluate-formulas';
import { readXlsx } from './read-xlsx';

const OWN = path.resolve(__dirname, '../../fixtures/xlsx-corpus');
const SHARED = path.resolve(__dirname, '../../../../../shared/corpus');

describe('readXlsx', () => {
  it('imports an openpyxl workbook with one comment and one chart (exceljs rejected it)', async () => {
    const { workbook } = await readXlsx(readFileSync(path.join(OWN, 'openpyxl-comment-chart.xlsx')));
    const s = workbook.sheets[0]!;
    expect(s.comments).toEqual([{ cell: 'A1', author: 'Ada', text: 'Regions as of Q3' }]);
    expect(s.charts).toHaveLength(1);
    expect(s.charts[0]).toMatchObject({ type: 'column', title: 'Sales by region', series: [{ values: 'Data!B2:B5', name: 'Data!B1' }], categories: 'Data!A2:A5' });
  });

  it('keeps names, whole-column validations, hidden rows and columns; formulas using names compute', async () => {
    const { workbook } = await readXlsx(readFileSync(path.join(OWN, 'openpyxl-names-validation-wholesheet.xlsx')));
    const s = workbook.sheets[0]!;
    expect(workbook.definedNames).toEqual(expect.arrayContaining([{ name: 'Rate', ref: 'Model!$B$1' }, { name: 'Local_factor', ref: '2', sheet: 'Model' }]));
    expect(s.dataValidations).toEqual([expect.objectContaining({ range: 'B4:B1048576', type: 'whole', formula1: '0', formula2: '1000' })]);
    expect(s.rows['6']).toEqual({ hidden: true });
    expect(s.columns.D).toMatchObject({ hidden: true });
    expect(s.cells.B9!.formula).toBe('B8*(1+Rate)');
  });

  it('reads a validation over the whole sheet as one range, at once (Excel Online)', async () => {
    const t = performance.now();
    const { workbook } = await readXlsx(readFileSync(path.join(SHARED, 'xlsx-realworld/excel-online.xlsx')));
    expect(performance.now() - t).toBeLessThan(2000);
    expect(workbook.sheets[0]!.dataValidations?.[0]?.range).toMatch(/^A1:XFD1048576$/);
  });

  it('keeps hidden and very hidden sheets, chartsheets and the 1904 date system', async () => {
    const hidden = (await readXlsx(readFileSync(path.join(SHARED, 'xlsx/sheets-hidden-veryhidden-protected.xlsx')))).workbook;
    expect(hidden.sheets.map((s) => s.state ?? 'visible')).toEqual(['visible', 'hidden', 'veryHidden', 'visible']);
    expect(hidden.sheets[0]!.protection?.sheet).toBe(true);
    const cs = (await readXlsx(readFileSync(path.join(SHARED, 'xlsx-realworld/excel-chartsheet.xlsx')))).workbook;
    expect(cs.sheets[0]).toMatchObject({ kind: 'chartsheet' });
    expect(cs.sheets[0]!.charts).toHaveLength(1);
    const d1904 = (await readXlsx(readFileSync(path.join(SHARED, 'xlsx-realworld/excel-1904-date-system.xlsx')))).workbook;
    expect(d1904.date1904).toBe(true);
  });

  it('expands shared formulas per cell and keeps the cached results of the file', async () => {
    const { workbook } = await readXlsx(readFileSync(path.join(SHARED, 'xlsx/finance-names-crosssheet-formats-lo.xlsx')));
    const ev = evaluateWorkbook(workbook);
    const rev = workbook.sheets.find((s) => s.name === 'Revenue')!;
    const formulas = Object.entries(rev.cells).filter(([, c]) => c.formula);
    expect(formulas.length).toBeGreaterThan(10);
    expect(ev.diagnostics.filter((d) => d.kind !== 'error')).toEqual([]);
  });

  it('fails clearly on a file that is not a package, and on a sheet past the cell limit', async () => {
    await expect(readXlsx(Buffer.from('not a zip'))).rejects.toThrow(/not a valid zip package/);
    await expect(readXlsx(readFileSync(path.join(SHARED, 'xlsx/tracker-1500rows-outline-filter-validation-cf.xlsx')), { maxCells: 1000 })).rejects.toThrow(/more than 1,000 cells and formatted rows \(limit 1,000, MAX_WORKBOOK_CELLS\)/);
  });
});

describe('readXlsx on damaged and other-dialect packages', () => {
  const rezip = async (file: string, change: (zip: JSZip) => Promise<void> | void) => {
    const zip = await JSZip.loadAsync(readFileSync(file));
    await change(zip);
    return zip.generateAsync({ type: 'nodebuffer' });
  };

  it('reports a corrupt comments part and reads the rest', async () => {
    const bytes = await rezip(path.join(SHARED, 'xlsx-realworld/excel-comments-two-sheets.xlsx'), (zip) => {
      const name = Object.keys(zip.files).find((n) => /comments\d*\.xml$/.test(n))!;
      zip.file(name, '<comments><commentList><comment ref="A1"><text>');
    });
    const r = await readXlsx(bytes);
    expect(r.warnings.map((w) => w.code)).toContain('part_unreadable');
    expect(r.workbook.sheets.length).toBe(2);
  });

  it('names the sheet and part of a corrupt worksheet', async () => {
    const bytes = await rezip(path.join(SHARED, 'xlsx/finance-names-crosssheet-formats.xlsx'), (zip) => {
      zip.file('xl/worksheets/sheet2.xml', '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v>');
    });
    await expect(readXlsx(bytes)).rejects.toThrow(/sheet "Revenue" \(xl\/worksheets\/sheet2\.xml\) could not be read/);
  });

  it('reads Strict OOXML (other namespaces, same structure)', async () => {
    const bytes = await rezip(path.join(SHARED, 'xlsx/finance-names-crosssheet-formats.xlsx'), async (zip) => {
      for (const name of Object.keys(zip.files)) {
        if (zip.files[name]!.dir || !/\.(xml|rels)$/.test(name)) continue;
        const x = await zip.file(name)!.async('string');
        zip.file(
          name,
          x
            .split('http://schemas.openxmlformats.org/spreadsheetml/2006/main').join('http://purl.oclc.org/ooxml/spreadsheetml/main')
            .split('http://schemas.openxmlformats.org/officeDocument/2006/relationships').join('http://purl.oclc.org/ooxml/officeDocument/relationships'),
        );
      }
    });
    const strict = await readXlsx(bytes);
    const plain = await readXlsx(readFileSync(path.join(SHARED, 'xlsx/finance-names-crosssheet-formats.xlsx')));
    expect(strict.workbook).toEqual(plain.workbook);
  });
});
