import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { XMLValidator } from 'fast-xml-parser';
import { renderWorkbook, renderWorkbookDetailed } from './render-xlsx';
import { importXlsx } from './import-xlsx';
import { importCsv } from './import-csv';
import { verifyXlsx } from './verify-xlsx';
import { evaluateWorkbook, extractReferences } from './evaluate-formulas';
import { summarizeWorkbook } from './summarize-workbook';
import { parseWorkbook, workbookSchema, type Workbook } from './schema';
import { functionsWorkbook, sampleWorkbook } from '../fixtures/sample-workbook';

describe('workbook schema', () => {
  it('applies defaults and rejects bad input', () => {
    const wb = parseWorkbook({ sheets: [{ name: 'A', cells: { A1: { value: 1 } } }] });
    expect(wb.defaultFont).toEqual({ name: 'Calibri', size: 11 });
    expect(wb.sheets[0]!.merges).toEqual([]);
    expect(() => parseWorkbook({ sheets: [{ name: 'A', cells: { ZZZZ1: { value: 1 } } }] })).toThrow(/address/);
    expect(() => parseWorkbook({ sheets: [{ name: 'A', cells: { A1: { value: 1, colour: 'red' } } }] })).toThrow();
    expect(() => parseWorkbook({ sheets: [{ name: 'A' }, { name: 'a' }] })).toThrow(/duplicate sheet/);
    expect(() => parseWorkbook({ sheets: [{ name: 'A', cells: { A1: { style: { fill: 'blue' } } } }] })).toThrow(/hex/);
  });

  it('fast cell validation agrees with the zod schema', () => {
    const model = sampleWorkbook();
    expect(parseWorkbook(model)).toEqual(workbookSchema.parse(model));
  });
});

describe('formula evaluation', () => {
  it('orders dependencies across sheets and computes common functions', () => {
    const wb = parseWorkbook({
      sheets: [
        {
          name: 'Data',
          cells: {
            A1: { value: 'North' }, B1: { value: 10 },
            A2: { value: 'South' }, B2: { value: 20 },
            A3: { value: 'North' }, B3: { value: 30 },
            // evaluated before its inputs appear in the map order
            C1: { formula: 'C2*2' }, C2: { formula: 'C3+1' }, C3: { formula: "SUM('Other sheet'!A1:A2)" },
            D1: { formula: 'SUMIFS(B1:B3,A1:A3,"North")' },
            D2: { formula: 'XLOOKUP("South",A1:A3,B1:B3)' },
            D3: { formula: 'INDEX(A1:A3,MATCH(30,B1:B3,0))' },
            D4: { formula: 'IFERROR(1/0,"none")' },
            D5: { formula: 'TEXT(DATE(2025,3,9),"yyyy-mm-dd")' },
            D6: { formula: 'COUNTIFS(A1:A3,"N*",B1:B3,">15")' },
            D7: { formula: 'ROUND(AVERAGE(B1:B3)/7,3)' },
            D8: { formula: 'VLOOKUP("South",A1:B3,2,FALSE)' },
            D9: { formula: 'MAX(B1:B3)-MIN(B1:B3)' },
          },
        },
        { name: 'Other sheet', cells: { A1: { value: 1 }, A2: { formula: 'Data!B2/4' } } },
      ],
    });
    const ev = evaluateWorkbook(wb);
    expect(ev.diagnostics).toEqual([]);
    const v = (a: string) => ev.get('Data', a);
    expect(v('C3')).toBe(6);
    expect(v('C2')).toBe(7);
    expect(v('C1')).toBe(14);
    expect(v('D1')).toBe(40);
    expect(v('D2')).toBe(20);
    expect(v('D3')).toBe('North');
    expect(v('D4')).toBe('none');
    expect(v('D5')).toBe('2025-03-09');
    expect(v('D6')).toBe(1);
    expect(v('D7')).toBe(2.857);
    expect(v('D8')).toBe(20);
    expect(v('D9')).toBe(20);
    expect(ev.fastPathCount).toBeGreaterThan(0);
  });

  it('reports errors, unknown functions, dependents and cycles instead of leaving blanks', () => {
    const wb = parseWorkbook({
      sheets: [
        {
          name: 'S',
          cells: {
            A1: { formula: '1/0' },
            A2: { formula: 'NA()', allowError: true },
            A3: { formula: 'NOSUCHFUNCTION(1)' },
            A4: { formula: 'A3+1' },
            A5: { formula: 'A6' },
            A6: { formula: 'A5+1' },
            A7: { formula: 'Missing!A1' },
            A8: { formula: 'SUM(' },
          },
        },
      ],
    });
    const ev = evaluateWorkbook(wb);
    const byCell = new Map(ev.diagnostics.map((d) => [d.cell, d]));
    expect(byCell.get('A1')).toMatchObject({ kind: 'error', error: '#DIV/0!' });
    expect(byCell.get('A2')).toMatchObject({ kind: 'error', error: '#N/A', allowed: true });
    expect(byCell.get('A3')).toMatchObject({ kind: 'unsupported' });
    expect(byCell.get('A4')).toMatchObject({ kind: 'unsupported', message: expect.stringContaining('S!A3') });
    expect(byCell.get('A5')).toMatchObject({ kind: 'cycle' });
    expect(byCell.get('A6')).toMatchObject({ kind: 'cycle' });
    expect(byCell.get('A7')).toMatchObject({ kind: 'error', error: '#REF!' });
    expect(byCell.get('A8')).toMatchObject({ kind: 'unsupported' });
    expect(ev.diagnostics).toHaveLength(8);
  });

  it('extracts references but not function names or strings', () => {
    const refs = extractReferences(`LOG10(A1)+SUM('My sheet'!B2:C3)+COUNTIF(D:D,"E5")+Data!$F$6`, 'S');
    expect(refs).toEqual([
      { sheet: 'S', row: 1, col: 1 },
      { sheet: 'My sheet', from: { row: 2, col: 2 }, to: { row: 3, col: 3 } },
      { sheet: 'S', from: { row: 1, col: 4 }, to: { row: 1_048_576, col: 4 } },
      { sheet: 'Data', row: 6, col: 6 },
    ]);
  });

  it('evaluates a 20,000-long dependency chain without recursion', () => {
    const cells: Record<string, { value?: number; formula?: string }> = {};
    for (let i = 1; i <= 20_000; i++) {
      cells[`A${i}`] = { value: 1 };
      cells[`B${i}`] = { formula: i === 1 ? 'A1' : `B${i - 1}+A${i}` };
    }
    const ev = evaluateWorkbook(parseWorkbook({ sheets: [{ name: 'S', cells }] }));
    expect(ev.get('S', 'B20000')).toBe(20_000);
    expect(ev.diagnostics).toEqual([]);
  });
});

describe('xlsx renderer', () => {
  it('writes values, cached formula results, styles and native charts that an independent reader sees', async () => {
    const model = parseWorkbook(sampleWorkbook());
    const { buffer, chartCount, evaluation } = await renderWorkbookDetailed(model);
    expect(chartCount).toBe(5);
    expect(evaluation.diagnostics).toEqual([]);

    // independent reader 1: exceljs
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Sales', 'Products', 'Summary']);
    const sales = book.getWorksheet('Sales')!;
    expect(sales.getCell('A1').value).toBe('Monthly sales 2025');
    expect(sales.getCell('A1').font.name).toBe('Calibri');
    expect(sales.getCell('A1').font.size).toBe(16);
    expect(sales.getCell('B3').fill).toMatchObject({ fgColor: { argb: 'FF1F4E79' } });
    const d4 = sales.getCell('D4').value as ExcelJS.CellFormulaValue;
    expect(d4.formula).toBe('SUM(B4:C4)');
    expect(d4.result).toBe(2100);
    expect((sales.getCell('D16').value as ExcelJS.CellFormulaValue).result).toBe(34708);
    expect(sales.getCell('D4').numFmt).toBe('#,##0');
    expect(sales.views[0]).toMatchObject({ state: 'frozen', ySplit: 3, xSplit: 1 });
    expect(sales.getColumn('E').width).toBe(13);
    expect(sales.getRow(1).height).toBeGreaterThan(20);
    const summary = book.getWorksheet('Summary')!;
    expect((summary.getCell('B8').value as ExcelJS.CellFormulaValue).result).toBe('Nov');
    expect((summary.getCell('B5').value as ExcelJS.CellFormulaValue).result).toBe(8955);

    // independent reader 2: the package XML
    const zip = await JSZip.loadAsync(buffer);
    const ct = await zip.file('[Content_Types].xml')!.async('string');
    expect(ct.match(/drawingml\.chart\+xml/g)).toHaveLength(5);
    const chart1 = await zip.file('xl/charts/chart1.xml')!.async('string');
    expect(chart1).toContain('<c:barDir val="col"/>');
    expect(chart1).toContain('<c:f>Sales!$B$4:$B$15</c:f>');
    expect(chart1).toContain('<c:f>Sales!$C$4:$C$15</c:f>');
    expect(chart1).toContain('<c:f>Sales!$A$4:$A$15</c:f>');
    expect(chart1).toMatch(/<c:v>Sales by month<\/c:v>|<a:t>Sales by month<\/a:t>/);
    const sheet1 = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet1).toMatch(/<drawing r:id="[^"]+"\/>/);
    // schema order: after pageSetup, never inside a conditional-format rule's own extLst
    expect(sheet1.indexOf('<drawing')).toBeGreaterThan(sheet1.indexOf('<pageSetup'));
    expect(sheet1.indexOf('<drawing')).toBeGreaterThan(sheet1.lastIndexOf('</conditionalFormatting>'));
  });

  it('verifies clean output and reports formula errors the model did not ask for', async () => {
    const model = parseWorkbook(sampleWorkbook());
    const report = await verifyXlsx(await renderWorkbook(model), { model });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary.sheets.map((s) => s.name)).toEqual(['Sales', 'Products', 'Summary']);
    expect(report.summary.sheets[0]).toMatchObject({ usedRange: 'A1:E16', formulaCount: 28 });
    expect(report.summary.text).toContain('sales-by-month (column "Sales by month") at G3:N18');

    const bad = parseWorkbook({ sheets: [{ name: 'S', cells: { A1: { value: 0 }, A2: { formula: '1/A1' }, A3: { formula: 'NA()', allowError: true } } }] });
    const r2 = await verifyXlsx(await renderWorkbook(bad), { model: bad });
    expect(r2.ok).toBe(false);
    expect(r2.problems).toEqual(['S!A2 evaluates to #DIV/0!']);
  });

  it('round-trips the model through the file', async () => {
    const model = parseWorkbook(sampleWorkbook());
    const back = await importXlsx(await renderWorkbook(model));
    expect(back.defaultFont).toEqual(model.defaultFont);
    for (const sheet of model.sheets) {
      const b = back.sheets.find((s) => s.name === sheet.name)!;
      expect(b.tabColor).toBe(sheet.tabColor);
      expect(b.frozen).toEqual(sheet.frozen);
      expect(b.merges).toEqual(sheet.merges);
      for (const [col, w] of Object.entries(sheet.columns)) expect(b.columns[col]).toEqual(w);
      for (const [addr, cell] of Object.entries(sheet.cells)) {
        const got = b.cells[addr];
        expect(got, `${sheet.name}!${addr}`).toBeDefined();
        if (cell.formula) {
          expect(got!.formula).toBe(cell.formula);
          expect(got!.value).toEqual(evaluateWorkbook(model).get(sheet.name, addr));
        } else expect(got!.value).toEqual(cell.value);
        expect(got!.numFmt).toBe(cell.numFmt);
        expect(got!.style ?? {}).toEqual(normaliseStyle(cell.style));
      }
      // sourcePart links a read-back object to its part in the file (internal); tables also read their column list
      expect(b.tables.map(({ sourcePart: _p, columns: _c, ...t }) => t)).toEqual(sheet.tables);
      expect(b.conditionalFormats).toEqual(sheet.conditionalFormats);
      expect(b.charts.map(({ sourcePart: _p, ...c }) => c)).toEqual(sheet.charts);
    }
  });

  it('imports CSV into a typed workbook that renders', async () => {
    const wb = importCsv('Name,Amount,Share,When,Ok\n"Smith, J",1234.5,12%,2025-01-31,true\nLee,"1,200",3%,2025-02-01,false\n');
    const s = wb.sheets[0]!;
    expect(s.cells.A1).toMatchObject({ value: 'Name', style: { bold: true } });
    expect(s.cells.A2!.value).toBe('Smith, J');
    expect(s.cells.B2!.value).toBe(1234.5);
    expect(s.cells.B3!.value).toBe(1200);
    expect(s.cells.C2).toEqual({ value: 0.12, numFmt: '0%' });
    expect(s.cells.D2).toEqual({ value: 45688, numFmt: 'yyyy-mm-dd' });
    expect(s.cells.E3!.value).toBe(false);
    expect(s.frozen).toEqual({ rows: 1, cols: 0 });
    const report = await verifyXlsx(await renderWorkbook(wb), { model: wb });
    expect(report.problems).toEqual([]);
    expect(summarizeWorkbook(wb).sheets[0]!.headers).toEqual(['Name', 'Amount', 'Share', 'When', 'Ok']);
  });

  it('the package writer writes well-formed parts that another reader (exceljs) opens with the same values', async () => {
    const tricky = parseWorkbook({
      sheets: [
        {
          name: 'Odd <&> "names"',
          frozen: { rows: 1, cols: 0 },
          rows: { '7': { height: 30 } },
          cells: {
            A1: { value: ' lead & <tags> "q" \'a\'', style: { bold: true, fill: '#FFEEDD', border: 'thin' } },
            B1: { value: 'line\nbreak', style: { wrap: true } },
            C1: { value: 'bell\u0007gone' },
            D1: { value: true },
            E1: { value: false, numFmt: '0' },
            A2: { value: '' },
            B2: { value: null, style: { fill: '#00FF00' } },
            C2: { formula: 'A1&"!"' },
            D2: { formula: 'D1' },
            E2: { formula: '1/0', allowError: true },
            F2: { formula: 'NOSUCHFUNCTION(1)' },
            A3: { value: 1e21 },
            B3: { value: -0.000123, numFmt: '0.00E+00' },
            C3: { formula: 'IF(A3>0,"big","")' },
            A5: { value: 'Big title', style: { fontSize: 20 } },
            B5: { value: 'merged' },
            A9: { value: 'Name' },
            B9: { value: 'Qty' },
            A10: { value: 'x' },
            B10: { value: 2 },
            A11: { value: 'y' },
            B11: { value: 3 },
          },
          merges: ['B5:D6'],
          tables: [{ name: 'T1', range: 'A9:B11', totalsRow: [{ column: 'Qty', function: 'sum' }] }],
        },
      ],
    });
    for (const model of [parseWorkbook(sampleWorkbook()), parseWorkbook(functionsWorkbook()), tricky]) {
      const buffer = await renderWorkbook(model);
      // every part is well-formed XML
      const zb = await JSZip.loadAsync(buffer);
      for (const n of Object.keys(zb.files).filter((x) => x.endsWith('.xml') || x.endsWith('.rels'))) {
        expect(XMLValidator.validate(await zb.file(n)!.async('string')), n).toBe(true);
      }
      // an independent reader (exceljs) opens it and sees the model's sheets and literal values
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(buffer as unknown as ArrayBuffer);
      expect(book.worksheets.map((w) => w.name)).toEqual(model.sheets.map((s) => s.name));
      for (const s of model.sheets) {
        const ws = book.getWorksheet(s.name)!;
        for (const [addr, c] of Object.entries(s.cells)) {
          if (c.formula || c.richText || c.value === undefined || c.value === null || c.value === '') continue;
          const got = ws.getCell(addr).value;
          if (got instanceof Date) continue; // (exceljs turns date-formatted numbers into dates)
          expect(typeof got === 'string' ? got.replace(/_x0007_|\u0007/g, '') : got, `${s.name}!${addr}`).toEqual(typeof c.value === 'string' ? c.value.replace(/\u0007/g, '') : c.value);
        }
      }
      // and our own reader gives every formula back
      const back = await importXlsx(buffer);
      for (const s of model.sheets) {
        const b = back.sheets.find((x) => x.name === s.name)!;
        for (const [addr, c] of Object.entries(s.cells)) if (c.formula) expect(b.cells[addr]?.formula, `${s.name}!${addr}`).toBeTruthy();
      }
    }
  });

  it('renders every common function without diagnostics', async () => {
    const { evaluation } = await renderWorkbookDetailed(functionsWorkbook());
    expect(evaluation.diagnostics).toEqual([]);
    expect(evaluation.formulaCount).toBeGreaterThanOrEqual(70);
  });
});

function normaliseStyle(style: Workbook['sheets'][number]['cells'][string]['style']) {
  if (!style) return {};
  const s = { ...style };
  if (s.color === '#000000') delete s.color;
  return s;
}
