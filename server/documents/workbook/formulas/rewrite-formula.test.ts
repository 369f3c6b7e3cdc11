import { describe, expect, it } from 'vitest';
import { FormulaRewriter, isCellRef } from './rewrite-formula';
import { NameTable } from './defined-names';
import { buildTableIndex } from './structured-refs';
import { parseWorkbook, type WorkbookInput } from '../schema';

function rewriterFor(input: WorkbookInput) {
  const wb = parseWorkbook(input);
  return new FormulaRewriter(new NameTable(wb.definedNames), buildTableIndex(wb), wb.sheets.map((s) => s.name));
}

const book: WorkbookInput = {
  sheets: [
    { name: 'Jan', cells: {} },
    { name: 'Feb', cells: {} },
    { name: 'Mar', cells: {} },
    { name: 'Q1 data', cells: {} },
    { name: 'Q4 data', cells: {} },
    {
      name: 'Data',
      cells: { A1: { value: 'Region' }, B1: { value: 'Unit Price' }, C1: { value: 'Price [USD]' }, D1: { value: "Rep's" } },
      tables: [{ name: 'Sales', range: 'A1:D5', totalsRow: [{ column: 'Region', label: 'Total' }] }],
    },
  ],
  definedNames: [
    { name: 'TaxRate', ref: 'Data!$F$1' },
    { name: 'Rate', ref: '0.07' },
    { name: 'Doubled', ref: 'Data!$B$2:$B$5*2' },
    { name: 'Nested', ref: 'TaxRate*Rate' },
    { name: 'Loop', ref: 'Loop+1' },
    { name: 'Local', ref: '1' },
    { name: 'Local', ref: 'Jan!$A$1', sheet: 'Jan' },
    { name: 'Broken', ref: '#REF!' },
    { name: 'Spaced', ref: "'Q1 data'!$A$1:$A$3" },
  ],
};

describe('formula rewriting', () => {
  const rw = rewriterFor(book);
  const at = (f: string, sheet = 'Data', row = 9, col = 9) => rw.rewrite(f, { sheet, row, col });

  it('leaves formulas without names, 3-D or table references as the same string', () => {
    for (const f of ['SUM(A1:B2)*2', "'Q1 data'!A1+Jan!$B$2", 'IF(A1>0,"TaxRate",FALSE)', 'SUM(A:A)+COUNT($1:$3)', '{1,2;3,4}', 'ROUND(1.5E+3,0)']) {
      expect(at(f)).toBe(f);
    }
  });

  it('replaces defined names: references as they are, constants and formulas in parentheses', () => {
    expect(at('B2*TaxRate')).toBe('B2*Data!$F$1');
    expect(at('taxrate+RATE')).toBe('Data!$F$1+(0.07)');
    expect(at('SUMPRODUCT(Doubled)')).toBe('SUMPRODUCT((Data!$B$2:$B$5*2))');
    expect(at('Nested')).toBe('(Data!$F$1*(0.07))');
    expect(at('SUM(Spaced)')).toBe("SUM('Q1 data'!$A$1:$A$3)");
    expect(at('Broken*2')).toBe('#REF!*2');
  });

  it('scopes names: a sheet name shadows the workbook one there; Sheet!Name picks the sheet', () => {
    expect(at('Local', 'Feb')).toBe('(1)');
    expect(at('Local', 'Jan')).toBe('Jan!$A$1');
    expect(at('Jan!Local', 'Feb')).toBe('Jan!$A$1');
  });

  it('turns unknown names and self-referring names into #NAME?', () => {
    expect(at('NoSuchName*2')).toBe('#NAME?*2');
    expect(at('IFERROR(Foo,1)')).toBe('IFERROR(#NAME?,1)');
    expect(at('Loop')).toMatch(/#NAME\?/);
  });

  it('expands 3-D references into one argument per sheet, in workbook order', () => {
    expect(at('SUM(Jan:Mar!B2)')).toBe('SUM(Jan!B2,Feb!B2,Mar!B2)');
    expect(at('SUM(Mar:Jan!B2:B5,1)')).toBe('SUM(Jan!B2:B5,Feb!B2:B5,Mar!B2:B5,1)');
    expect(at("AVERAGE('Q1 data:Q4 data'!$B$2)")).toBe("AVERAGE('Q1 data'!$B$2,'Q4 data'!$B$2)");
    expect(at('SUM(Jan:Nope!B2)')).toBe('SUM(#REF!)');
    expect(at('Jan:Mar!B2+1')).toBe('#VALUE!+1');
  });

  it('resolves structured references, escaped column names and this-row forms', () => {
    expect(at('SUM(Sales[Unit Price])')).toBe('SUM(Data!B2:B5)');
    expect(at("SUM(Sales[Price '[USD']])")).toBe('SUM(Data!C2:C5)');
    expect(at("Sales[[#Headers],[Rep''s]]")).toBe('Data!D1');
    expect(at('ROWS(Sales[#All])')).toBe('ROWS(Data!A1:D6)');
    expect(at('Sales[[#Totals],[Region]]')).toBe('Data!A6');
    expect(at('Sales[@[Unit Price]]*2', 'Data', 3)).toBe('Data!B3*2');
    expect(at('[@Region]', 'Data', 4, 4)).toBe('Data!A4');
    expect(at('SUBTOTAL(103,[Region])', 'Data', 6, 1)).toBe('SUBTOTAL(103,Data!A2:A5)');
    expect(at('SUM(Sales)')).toBe('SUM(Data!A2:D5)');
    expect(at('Sales[Nope]')).toBe('#REF!');
    expect(at('Sales[@Region]', 'Data', 20)).toBe('#VALUE!');
  });

  it('recognises cell references (with $, within bounds)', () => {
    expect(isCellRef('A1')).toBe(true);
    expect(isCellRef('$XFD$1048576')).toBe(true);
    expect(isCellRef('XFE1')).toBe(false);
    expect(isCellRef('A0')).toBe(false);
    expect(isCellRef('TaxRate')).toBe(false);
  });
});
