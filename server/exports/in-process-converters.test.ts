// The in-process exports (no LibreOffice): workbook → CSV / HTML with computed formula values, the
// number formats shown in HTML, and docx → HTML / text.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../documents/document/render-docx';
import { sampleDocument } from '../documents/fixtures/sample-document';
import { sampleWorkbook } from '../documents/fixtures/sample-workbook';
import { importCsv } from '../documents/workbook/import-csv';
import { importXlsx } from '../documents/workbook/import-xlsx';
import { renderWorkbookFile } from '../documents/workbook/render-workbook-file';
import { parseWorkbook } from '../documents/workbook/schema';
import { csvText, formatNumber } from '../../lib/workbook/cell-text';
import { docxToHtml, docxToText } from './docx-text';
import { workbookToCsv } from './workbook-csv';
import { workbookToHtml } from './workbook-html';

const wb = parseWorkbook(sampleWorkbook());
const literal = (sheet: string, addr: string) => Number(wb.sheets.find((s) => s.name === sheet)!.cells[addr]!.value);

describe('workbook → csv', () => {
  const rows = Papa.parse<string[]>(workbookToCsv(wb, 0).trim()).data;
  const cell = (addr: string) => {
    const m = /^([A-Z])(\d+)$/.exec(addr)!;
    return rows[Number(m[2]) - 1]![m[1]!.charCodeAt(0) - 65]!;
  };

  it('formula cells (stored without values in the model) carry computed values', () => {
    expect(wb.sheets[0]!.cells.D4).toEqual(expect.objectContaining({ formula: 'SUM(B4:C4)' }));
    expect(wb.sheets[0]!.cells.D4!.value).toBeUndefined();
    let north = 0;
    let total = 0;
    for (let r = 4; r <= 15; r++) {
      const d = literal('Sales', `B${r}`) + literal('Sales', `C${r}`);
      expect(Number(cell(`D${r}`))).toBe(d);
      expect(Number(cell(`E${r}`))).toBeCloseTo(literal('Sales', `B${r}`) / d, 12);
      north += literal('Sales', `B${r}`);
      total += d;
    }
    expect(Number(cell('B16'))).toBe(north);
    expect(Number(cell('D16'))).toBe(total);
    expect(cell('A1')).toBe('Monthly sales 2025');
  });

  it('keeps positions from A1, uses CRLF and quotes only when needed', () => {
    const text = workbookToCsv(wb, 0);
    expect(text.split('\r\n')[1]).toBe(',,,,'); // row 2 is empty, 5 columns wide
    expect(text.endsWith('\r\n')).toBe(true);
    const custom = parseWorkbook({
      sheets: [{ name: 'S', cells: { A1: { value: 'a, "b"' }, B1: { value: true }, C1: { formula: '1/0', allowError: true }, D1: { value: 45000, numFmt: 'yyyy-mm-dd' } } }],
    });
    expect(workbookToCsv(custom, 0)).toBe('"a, ""b""",TRUE,#DIV/0!,2023-03-15\r\n');
  });

  it('exports the other sheets by index, with values across sheets', () => {
    const products = Papa.parse<string[]>(workbookToCsv(wb, 1).trim()).data;
    expect(products[0]).toEqual(['Product', 'Category', 'Units', 'Price', 'Revenue']);
    expect(Number(products[1]![4])).toBeCloseTo(120 * 9.5, 9);
  });
});

describe('workbook → html', () => {
  const html = workbookToHtml(wb, 'Sales report');

  it('is a page with one table per sheet, computed values shown through their number formats', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<title>Sales report</title>');
    expect((html.match(/<table>/g) ?? []).length).toBe(wb.sheets.length);
    let total = 0;
    for (let r = 4; r <= 15; r++) total += literal('Sales', `B${r}`) + literal('Sales', `C${r}`);
    expect(html).toContain(`>${formatNumber(total, '#,##0')}<`);
    expect(formatNumber(total, '#,##0')).toMatch(/^\d{1,3},\d{3}$/);
    expect(html).toContain('colspan="5"'); // A1:E1 merge
    expect(html).toContain('>$1,140.00<'); // Products E2 = 120 × 9.50
  });

  it('shows what Excel shows: hidden rows, columns and sheets are left out; names compute; csv defaults to the first visible sheet', () => {
    const x = parseWorkbook({
      definedNames: [{ name: 'Rate', ref: 'Inputs!$A$1' }],
      sheets: [
        { name: 'Inputs', state: 'hidden', cells: { A1: { value: 0.5 } } },
        {
          name: 'Shown',
          rows: { '2': { hidden: true } },
          columns: { B: { hidden: true }, 'C:D': { width: 20 } },
          merges: ['A4:C4'],
          cells: { A1: { value: 'keep' }, B1: { value: 'secret column' }, A2: { value: 'secret row' }, A3: { formula: 'Rate*10' }, A4: { value: 'merged' }, C3: { value: 'c' } },
        },
      ],
    });
    const page = workbookToHtml(x, null);
    expect(page).toContain('>keep<');
    expect(page).not.toContain('secret');
    expect(page).not.toContain('<h2>Inputs</h2>');
    expect(page).toContain('>5<'); // Rate*10, with the name resolved
    expect(page).toContain('colspan="2"'); // A4:C4 over a hidden column
    expect(page).toContain('width:145px'); // C from the C:D span
    // csv keeps hidden rows (as Excel's Save As CSV does)
    expect(workbookToCsv(x, 1)).toContain('secret row');
  });

  it('escapes cell text', () => {
    const x = parseWorkbook({ sheets: [{ name: 'S', cells: { A1: { value: '<script>alert(1)</script>' } } }] });
    expect(workbookToHtml(x, null)).toContain('&lt;script&gt;');
  });
});

describe('number formats and plain values', () => {
  it.each([
    ['#,##0', 1234.5, '1,235'],
    ['#,##0.00', -1234.5, '-1,234.50'],
    ['0.0%', 0.1234, '12.3%'],
    ['$#,##0.00', 1234.5, '$1,234.50'],
    ['"€"#,##0', 5, '€5'],
    ['yyyy-mm-dd', 45000, '2023-03-15'],
    ['General', 0.1 + 0.2, '0.3'],
    [undefined, 1 / 3, '0.333333333333333'],
  ])('%s of %s → %s', (fmt, n, out) => {
    expect(formatNumber(n, fmt)).toBe(out);
  });

  it('csv keeps numbers plain and dates ISO', () => {
    expect(csvText(1234.5, '#,##0')).toBe('1234.5');
    expect(csvText(45000.5, 'yyyy-mm-dd hh:mm')).toBe('2023-03-15T12:00:00');
    expect(csvText({ error: '#N/A' })).toBe('#N/A');
    expect(csvText(null)).toBe('');
  });
});

describe('docx → html / txt', () => {
  it('keeps headings, lists and tables (html) and the text (txt)', async () => {
    const docx = await renderDocument(sampleDocument());
    const html = await docxToHtml(docx, 'Quarterly report');
    expect(html).toContain('<title>Quarterly report</title>');
    expect(html).toMatch(/<h1[^>]*>/);
    expect(html).toContain('<table>');
    expect(html).toContain('Results by region');
    const text = await docxToText(docx);
    expect(text).toContain('Results by region');
    expect(text).not.toMatch(/<[a-z]+>/);
  });
});

describe('csv formula injection', () => {
  const hostile = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", '@SUM(1+1)*cmd|\' /C calc\'!A0', '+1+1', '-2+3', '\t=1+1', '\r=1+1'];
  const source = importCsv(Papa.unparse([['label', 'amount'], ...hostile.map((h, i) => [h, String(i - 3)])], { newline: '\r\n' }));

  it('a CSV upload keeps those cells as text in the model, and the xlsx holds them as strings (no formula)', async () => {
    const cells = source.sheets[0]!.cells;
    hostile.forEach((h, i) => {
      expect(cells[`A${i + 2}`]).toEqual(expect.objectContaining({ value: h }));
      expect(cells[`A${i + 2}`]!.formula).toBeUndefined();
    });
    const file = await renderWorkbookFile(source);
    const x = new ExcelJS.Workbook();
    await x.xlsx.load(file.buffer as unknown as ArrayBuffer);
    hostile.forEach((h, i) => {
      const c = x.worksheets[0]!.getCell(`A${i + 2}`);
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.value).toBe(h);
    });
  });

  it('the CSV export starts each such text cell with an apostrophe; numbers (negative too) stay numbers', () => {
    const rows = Papa.parse<string[]>(workbookToCsv(source, 0), { newline: '\r\n' }).data;
    hostile.forEach((h, i) => expect(rows[i + 1]![0]).toBe(`'${h}`));
    hostile.forEach((_, i) => expect(rows[i + 1]![1]).toBe(String(i - 3)));
    expect(rows[0]).toEqual(['label', 'amount']);
  });

  it('formula results that are text are neutralised too; CSV_NEUTRALIZE_FORMULAS=false writes them verbatim', () => {
    const f = parseWorkbook({ sheets: [{ name: 'S', cells: { A1: { formula: '"=1+"&"1"' }, B1: { value: -5 } } }] });
    expect(workbookToCsv(f, 0)).toBe("'=1+1,-5\r\n");
    expect(workbookToCsv(f, 0, { neutralizeFormulas: false })).toBe('=1+1,-5\r\n');
  });
});

describe('cell text that XML would change', () => {
  it('CR, control characters and a literal "_x0041_" read back exactly as written', async () => {
    const texts = ['a\rb', 'line\r\nnext', 'bell\u0007', 'lit _x0041_ text', '_x005F_'];
    const wb = parseWorkbook({ sheets: [{ name: 'S', cells: Object.fromEntries(texts.map((v, i) => [`A${i + 1}`, { value: v }])) }] });
    const back = await importXlsx((await renderWorkbookFile(wb)).buffer);
    texts.forEach((v, i) => expect(back.sheets[0]!.cells[`A${i + 1}`]!.value).toBe(v));
  });
});
