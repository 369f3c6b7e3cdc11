import { describe, expect, it } from 'vitest';
import { addressKey, numberToColumn } from '../../../../lib/workbook/cell-ref';
import { deleteColumns, deleteRows, insertColumns, insertRows } from './insert-delete';
import { expectSameValues, largeShiftWorkbook, snapshot, workbook } from './test-utils';

const rowMover = (sheet: string, at: number, count: number, op: 'insert' | 'delete') => (s: string, addr: string): [string, string] | undefined => {
  if (s !== sheet) return [s, addr];
  const k = addressKey(addr);
  const row = Math.floor(k / 16384);
  const col = numberToColumn(k % 16384);
  if (row < at) return [s, addr];
  if (op === 'insert') return [s, `${col}${row + count}`];
  if (row < at + count) return undefined;
  return [s, `${col}${row - count}`];
};

const colMover = (sheet: string, at: number, count: number, op: 'insert' | 'delete') => (s: string, addr: string): [string, string] | undefined => {
  if (s !== sheet) return [s, addr];
  const k = addressKey(addr);
  const row = Math.floor(k / 16384);
  const col = k % 16384;
  if (col < at) return [s, addr];
  if (op === 'insert') return [s, `${numberToColumn(col + count)}${row}`];
  if (col < at + count) return undefined;
  return [s, `${numberToColumn(col - count)}${row}`];
};

/** Two sheets whose formulas refer to each other in every way the shifting must handle. */
function model() {
  return workbook({
    sheets: [
      {
        name: 'Data',
        cells: {
          A1: { value: 'Item' },
          B1: { value: 'Qty', style: { bold: true } },
          C1: { value: 'Price' },
          D1: { value: 'Total' },
          A2: { value: 'a' },
          B2: { value: 2 },
          C2: { value: 10 },
          D2: { formula: 'B2*C2' },
          A3: { value: 'b' },
          B3: { value: 3 },
          C3: { value: 20 },
          D3: { formula: 'B3*$C$3' },
          A6: { value: 'c' },
          B6: { value: 4 },
          C6: { value: 30 },
          D6: { formula: 'Data!B6*C6' },
          B8: { formula: 'SUM(B2:B6)' },
          C8: { formula: 'SUM(C:C)-C8+0' },
          D8: { formula: 'SUM($D$2:D6)+COUNT(2:3)' },
          E8: { formula: 'LOG10(B8*10)+"B8"&""+0' },
          F1: { value: 7 },
          F2: { formula: 'F1*2' },
        },
      },
      {
        name: 'My Report',
        cells: {
          A1: { formula: 'Data!B8+SUM(Data!D2:D6)' },
          A2: { formula: "'Data'!C6*2" },
          A3: { formula: 'SUM(Data!B:B)' },
          A4: { formula: 'B4+1' },
          B4: { value: 5 },
          A5: { formula: 'Data!F2+Data!$F$1' },
        },
      },
      { name: 'Other', cells: { A1: { formula: "'My Report'!A1*2" } } },
    ],
  });
}

describe('insertRows / deleteRows: values', () => {
  it('formulas compute the same values after inserting rows (same-sheet, cross-sheet, absolute, whole rows/columns)', () => {
    const wb = model();
    for (const [at, count] of [
      [1, 1],
      [3, 2],
      [4, 1],
      [7, 3],
      [9, 5],
    ] as const) {
      const r = insertRows(wb, 'Data', at, count);
      expect(expectSameValues(wb, r.workbook, rowMover('Data', at, count, 'insert'))).toBeGreaterThan(10);
      expect(r.warnings).toEqual([]);
    }
  });

  it('formulas compute the same values after deleting empty rows', () => {
    const wb = model();
    const r = deleteRows(wb, 'Data', 4, 2);
    expect(r.workbook.sheets[0]!.cells.B6).toEqual({ formula: 'SUM(B2:B4)' });
    expect(expectSameValues(wb, r.workbook, rowMover('Data', 4, 2, 'delete'))).toBeGreaterThan(10);
  });

  it('formulas compute the same values after inserting and deleting columns', () => {
    const wb = model();
    const ins = insertColumns(wb, 'Data', 2, 2);
    expect(expectSameValues(wb, ins.workbook, colMover('Data', 2, 2, 'insert'))).toBeGreaterThan(10);
    const back = deleteColumns(ins.workbook, 'Data', 2, 2);
    expect(expectSameValues(ins.workbook, back.workbook, colMover('Data', 2, 2, 'delete'))).toBeGreaterThan(10);
    expect(back.workbook.sheets[0]!.cells).toEqual(wb.sheets[0]!.cells);
    expect(back.workbook.sheets[1]!.cells).toEqual(wb.sheets[1]!.cells);
  });

  it('insert then delete gives back the same formulas', () => {
    const wb = model();
    const back = deleteRows(insertRows(wb, 'Data', 3, 4).workbook, 'Data', 3, 4).workbook;
    expect(back.sheets.map((s) => s.cells)).toEqual(wb.sheets.map((s) => s.cells));
  });
});

describe('insertRows / deleteRows: formulas', () => {
  it('rewrites same-sheet and cross-sheet references, growing ranges', () => {
    const r = insertRows(model(), 'Data', 4, 2).workbook;
    const data = r.sheets[0]!.cells;
    expect(data.B10).toEqual({ formula: 'SUM(B2:B8)' });
    expect(data.D8).toEqual({ formula: 'Data!B8*C8' });
    expect(data.D10).toEqual({ formula: 'SUM($D$2:D8)+COUNT(2:3)' });
    expect(data.C10).toEqual({ formula: 'SUM(C:C)-C10+0' });
    expect(data.E10).toEqual({ formula: 'LOG10(B10*10)+"B8"&""+0' });
    const rep = r.sheets[1]!.cells;
    expect(rep.A1).toEqual({ formula: 'Data!B10+SUM(Data!D2:D8)' });
    expect(rep.A2).toEqual({ formula: "'Data'!C8*2" });
    expect(rep.A3).toEqual({ formula: 'SUM(Data!B:B)' });
    expect(rep.A4).toEqual({ formula: 'B4+1' });
  });

  it('references whose cells are all deleted become #REF!, with a warning each', () => {
    const r = deleteRows(model(), 'Data', 6, 1);
    const rep = r.workbook.sheets[1]!.cells;
    expect(rep.A2).toEqual({ formula: "'Data'!#REF!*2" });
    expect(r.workbook.sheets[0]!.cells.B7).toEqual({ formula: 'SUM(B2:B5)' });
    expect(r.warnings.map((w) => [w.code, w.location])).toEqual([['ref-error', 'My Report!A2']]);
  });

  it('drops the stored value of a formula that became #REF!', () => {
    const wb = workbook({ sheets: [{ name: 'S', cells: { A1: { value: 1 }, B1: { formula: 'A1*2', value: 2 } } }] });
    const r = deleteColumns(wb, 'S', 1, 1);
    expect(r.workbook.sheets[0]!.cells.A1).toEqual({ formula: '#REF!*2' });
  });

  it('adjusts 3-D references as Excel does (not at all) and says so', () => {
    const wb = workbook({
      sheets: [
        { name: 'Jan', cells: { A5: { value: 1 } } },
        { name: 'Feb', cells: { A5: { value: 2 } } },
        { name: 'Mar', cells: { A5: { value: 3 } } },
        { name: 'Sum', cells: { A1: { formula: 'SUM(Jan:Mar!A5)' } } },
      ],
    });
    const r = insertRows(wb, 'Feb', 1, 1);
    expect(r.workbook.sheets[3]!.cells.A1!.formula).toBe('SUM(Jan:Mar!A5)');
    expect(r.warnings.map((w) => w.code)).toEqual(['3d-ref-not-adjusted']);
    expect(insertRows(wb, 'Sum', 1, 1).warnings).toEqual([]);
  });

  it('array formulas move with their range; cutting one throws', () => {
    const wb = workbook({ sheets: [{ name: 'S', cells: { A1: { value: 1 }, A2: { value: 2 }, B1: { formula: 'A1:A2*2', array: 'B1:B2' }, B2: { value: 4 } } }] });
    const r = insertRows(wb, 'S', 1, 1).workbook.sheets[0]!.cells;
    expect(r.B2).toEqual({ formula: 'A2:A3*2', array: 'B2:B3' });
    expect(() => insertRows(wb, 'S', 2, 1)).toThrow(/array formula/);
    expect(() => deleteRows(wb, 'S', 2, 1)).toThrow(/array formula/);
  });
});

describe('insertRows / deleteRows: the sheet', () => {
  it('moves cells with their styles, keeps unmoved cell objects, does not modify the input', () => {
    const wb = model();
    const before = snapshot(wb);
    const r = insertRows(wb, 'Data', 2, 1).workbook;
    expect(wb).toEqual(before);
    const cells = r.sheets[0]!.cells;
    expect(cells.B1).toBe(wb.sheets[0]!.cells.B1);
    expect(cells.B3).toBe(wb.sheets[0]!.cells.B2);
    expect(cells.A2).toBeUndefined();
    expect(r.sheets[2]).toBe(wb.sheets[2]);
  });

  it('does not copy sheets that do not refer to the edited sheet', () => {
    const wb = model();
    const r = insertRows(wb, 'Other', 1, 1).workbook;
    expect(r.sheets[0]).toBe(wb.sheets[0]);
    expect(r.sheets[1]).toBe(wb.sheets[1]);
  });

  it('shifts row specs and column specs (spans such as E:XFD, hidden, outline)', () => {
    const wb = workbook({
      sheets: [
        {
          name: 'S',
          rows: { '2': { height: 30 }, '5': { hidden: true }, '6': { outlineLevel: 1 }, '7': { outlineLevel: 1 } },
          columns: { A: { width: 20 }, C: { hidden: true }, 'E:XFD': { hidden: true }, F: { width: 9 } },
        },
      ],
    });
    const r = insertRows(wb, 'S', 3, 2).workbook.sheets[0]!;
    expect(r.rows).toEqual({ '2': { height: 30 }, '7': { hidden: true }, '8': { outlineLevel: 1 }, '9': { outlineLevel: 1 } });
    expect(r.columns).toBe(wb.sheets[0]!.columns);
    // inserting inside an outline group extends it
    expect(insertRows(wb, 'S', 7, 1).workbook.sheets[0]!.rows['7']).toEqual({ outlineLevel: 1 });
    expect(deleteRows(wb, 'S', 5, 2).workbook.sheets[0]!.rows).toEqual({ '2': { height: 30 }, '5': { outlineLevel: 1 } });
    const c = insertColumns(wb, 'S', 2, 1).workbook.sheets[0]!;
    expect(c.columns).toEqual({ A: { width: 20 }, D: { hidden: true }, 'F:XFD': { hidden: true }, G: { width: 9 } });
    expect(c.rows).toBe(wb.sheets[0]!.rows);
    const d = deleteColumns(wb, 'S', 3, 3).workbook.sheets[0]!;
    expect(d.columns).toEqual({ A: { width: 20 }, 'C:XFA': { hidden: true }, C: { width: 9 } });
    // a span that contains the insertion point grows
    expect(insertColumns(wb, 'S', 7, 2).workbook.sheets[0]!.columns['E:XFD']).toEqual({ hidden: true });
  });

  it('merges grow, shrink, move and disappear', () => {
    const wb = workbook({ sheets: [{ name: 'S', merges: ['A1:B1', 'A3:A6', 'C3:D4', 'A8:B9'] }] });
    expect(insertRows(wb, 'S', 4, 2).workbook.sheets[0]!.merges).toEqual(['A1:B1', 'A3:A8', 'C3:D6', 'A10:B11']);
    expect(deleteRows(wb, 'S', 3, 2).workbook.sheets[0]!.merges).toEqual(['A1:B1', 'A3:A4', 'A6:B7']);
    expect(deleteRows(wb, 'S', 8, 1).workbook.sheets[0]!.merges).toEqual(['A1:B1', 'A3:A6', 'C3:D4', 'A8:B8']);
    expect(deleteRows(wb, 'S', 9, 1).workbook.sheets[0]!.merges).toEqual(['A1:B1', 'A3:A6', 'C3:D4', 'A8:B8']);
    expect(deleteRows(wb, 'S', 1, 1).workbook.sheets[0]!.merges).toEqual(['A2:A5', 'C2:D3', 'A7:B8']);
    expect(deleteColumns(wb, 'S', 2, 1).workbook.sheets[0]!.merges).toEqual(['A3:A6', 'B3:C4', 'A8:A9']);
  });

  it('frozen panes stay as they are', () => {
    const wb = workbook({ sheets: [{ name: 'S', frozen: { rows: 1, cols: 1 } }] });
    expect(insertRows(wb, 'S', 1, 3).workbook.sheets[0]!.frozen).toEqual({ rows: 1, cols: 1 });
  });

  it('throws on a sheet that does not exist, bad numbers, and cells pushed off the sheet', () => {
    const wb = model();
    expect(() => insertRows(wb, 'Nope', 1, 1)).toThrow(/no sheet named "Nope"/);
    expect(() => insertRows(wb, 'Data', 0, 1)).toThrow(/Invalid row number/);
    expect(() => deleteColumns(wb, 'Data', 16_384, 2)).toThrow(/past the end/);
    expect(() => insertRows(workbook({ sheets: [{ name: 'S', cells: { A1048576: { value: 1 } } }] }), 'S', 1, 1)).toThrow(/pushed off/);
    expect(insertRows(wb, 'data', 1, 0).workbook).toBe(wb);
  });
});

describe('insertRows / deleteRows: names, rules, validations', () => {
  it('updates defined names, scoped or not', () => {
    const wb = workbook({
      sheets: [{ name: 'Data' }, { name: 'B' }],
      definedNames: [
        { name: 'Rate', ref: 'Data!$B$5' },
        { name: 'List', ref: "'Data'!$A$2:$A$9" },
        { name: 'Local', ref: '$C$5', sheet: 'Data' },
        { name: 'Elsewhere', ref: '$C$5', sheet: 'B' },
        { name: 'Const', ref: '0.07' },
        { name: 'Dyn', ref: 'OFFSET(Data!$A$1,0,0,COUNTA(Data!$A:$A),1)' },
      ],
    });
    const r = insertRows(wb, 'Data', 3, 1).workbook.definedNames!;
    expect(r.map((d) => d.ref)).toEqual(['Data!$B$6', "'Data'!$A$2:$A$10", '$C$6', '$C$5', '0.07', 'OFFSET(Data!$A$1,0,0,COUNTA(Data!$A:$A),1)']);
    const d = deleteRows(wb, 'Data', 5, 1);
    expect(d.workbook.definedNames![0]!.ref).toBe('Data!#REF!');
    expect(d.warnings.map((w) => [w.code, w.location])).toEqual([
      ['ref-error', 'name Rate'],
      ['ref-error', 'name Local (Data)'],
    ]);
  });

  it('conditional formats: every range of the list, expression and cellIs formulas, re-anchored when the first row goes', () => {
    const wb = workbook({
      sheets: [
        {
          name: 'S',
          conditionalFormats: [
            { range: 'A2:A10 C2:C10', rule: { type: 'expression', formula: 'A2>$B$1', style: { bold: true } } },
            { range: 'B5:B6', rule: { type: 'cellIs', operator: 'greaterThan', values: ['$D$1', 5], style: { bold: true } } },
            { range: 'E3', rule: { type: 'dataBar', color: '#638EC6', cfvo: [{ type: 'formula', value: '$F$3' }, { type: 'max' }] } },
          ],
        },
      ],
    });
    const ins = insertRows(wb, 'S', 1, 1).workbook.sheets[0]!.conditionalFormats;
    expect(ins[0]).toEqual({ range: 'A3:A11 C3:C11', rule: { type: 'expression', formula: 'A3>$B$2', style: { bold: true } } });
    expect(ins[1]!.range).toBe('B6:B7');
    expect(ins[1]!.rule).toMatchObject({ values: ['$D$2', 5] });
    expect(ins[2]!.rule).toMatchObject({ cfvo: [{ type: 'formula', value: '$F$4' }, { type: 'max' }] });
    // the first row of the range is deleted: the new first row was row 3, the formula follows it
    const del = deleteRows(wb, 'S', 2, 1).workbook.sheets[0]!.conditionalFormats;
    expect(del[0]).toEqual({ range: 'A2:A9 C2:C9', rule: { type: 'expression', formula: 'A2>$B$1', style: { bold: true } } });
    // all of a rule's cells deleted: the rule goes
    expect(deleteRows(wb, 'S', 5, 2).workbook.sheets[0]!.conditionalFormats.map((c) => c.range)).toEqual(['A2:A8 C2:C8', 'E3']);
    // columns: the first range goes; the formula is re-anchored on the next one (it was C2>$B$1 there)
    expect(deleteColumns(wb, 'S', 1, 1).workbook.sheets[0]!.conditionalFormats[0]).toEqual({
      range: 'B2:B10',
      rule: { type: 'expression', formula: 'B2>$A$1', style: { bold: true } },
    });
    const refErr = deleteColumns(wb, 'S', 2, 1);
    expect(refErr.workbook.sheets[0]!.conditionalFormats[0]!.rule).toMatchObject({ formula: 'A2>#REF!' });
    expect(refErr.warnings.map((w) => w.code)).toEqual(['ref-error']);
  });

  it('data validations: ranges and formulas, including lists on another sheet', () => {
    const wb = workbook({
      sheets: [
        {
          name: 'Form',
          dataValidations: [
            { range: 'B2:B20 D2', type: 'list', formula1: 'Lists!$A$1:$A$5' },
            { range: 'C2:C20', type: 'whole', operator: 'between', formula1: '0', formula2: '$E$1' },
            { range: 'F2', type: 'list', formula1: '"Yes,No"' },
          ],
        },
        { name: 'Lists' },
      ],
    });
    const a = insertRows(wb, 'Lists', 1, 2).workbook.sheets[0]!.dataValidations!;
    expect(a[0]!.formula1).toBe('Lists!$A$3:$A$7');
    expect(a[2]!.formula1).toBe('"Yes,No"');
    const b = insertRows(wb, 'Form', 2, 1).workbook.sheets[0]!.dataValidations!;
    expect(b.map((d) => d.range)).toEqual(['B3:B21 D3', 'C3:C21', 'F3']);
    expect(b[1]!.formula2).toBe('$E$1');
    expect(deleteRows(wb, 'Form', 2, 1).workbook.sheets[0]!.dataValidations!.map((d) => d.range)).toEqual(['B2:B19', 'C2:C19']);
  });
});

describe('insertRows / deleteRows: tables, charts, links, comments, filters, print, images', () => {
  const tableModel = () =>
    workbook({
      sheets: [
        {
          name: 'T',
          cells: {
            A1: { value: 'Name' },
            B1: { value: 'Qty' },
            C1: { value: 'Price' },
            A2: { value: 'x' },
            B2: { value: 1 },
            C2: { value: 2 },
            D2: { formula: 'SUM(Sales[Qty])' },
            E2: { formula: 'Sales[@Price]*2' },
          },
          tables: [
            {
              name: 'Sales',
              range: 'A1:C4',
              totalsRow: [{ column: 'Qty', function: 'sum' }, { column: 'Price', function: 'sum' }],
              columns: [{ name: 'Name' }, { name: 'Qty' }, { name: 'Price', calculatedColumnFormula: '[@Qty]*2' }],
            },
          ],
        },
      ],
    });

  it('tables grow with rows inserted inside (and at the totals row), move, shrink', () => {
    const wb = tableModel();
    expect(insertRows(wb, 'T', 3, 2).workbook.sheets[0]!.tables[0]!.range).toBe('A1:C6');
    expect(insertRows(wb, 'T', 5, 1).workbook.sheets[0]!.tables[0]!.range).toBe('A1:C5'); // at the totals row
    expect(insertRows(wb, 'T', 6, 1).workbook.sheets[0]!.tables[0]!.range).toBe('A1:C4'); // below it
    expect(insertRows(wb, 'T', 1, 1).workbook.sheets[0]!.tables[0]!.range).toBe('A2:C5');
    expect(deleteRows(wb, 'T', 3, 1).workbook.sheets[0]!.tables[0]!.range).toBe('A1:C3');
    const noTotals = deleteRows(wb, 'T', 5, 1).workbook.sheets[0]!.tables[0]!;
    expect(noTotals.range).toBe('A1:C4');
    expect(noTotals.totalsRow).toBeUndefined();
    const gone = deleteRows(wb, 'T', 1, 5);
    expect(gone.workbook.sheets[0]!.tables).toEqual([]);
    expect(gone.warnings.map((w) => w.code)).toContain('table-removed');
    expect(deleteRows(wb, 'T', 1, 1).warnings.map((w) => w.code)).toContain('table-header-deleted');
  });

  it('columns inserted inside a table become new table columns with a header', () => {
    const r = insertColumns(tableModel(), 'T', 2, 1).workbook.sheets[0]!;
    expect(r.tables[0]!.range).toBe('A1:D4');
    expect(r.tables[0]!.columns!.map((c) => c.name)).toEqual(['Name', 'Column1', 'Qty', 'Price']);
    expect(r.cells.B1).toEqual({ value: 'Column1' });
    expect(r.cells.C1).toEqual({ value: 'Qty' });
  });

  it('deleting a table column drops it from the table; structured references to it become #REF!', () => {
    const r = deleteColumns(tableModel(), 'T', 2, 1);
    const s = r.workbook.sheets[0]!;
    expect(s.tables[0]!.range).toBe('A1:B4');
    expect(s.tables[0]!.columns!.map((c) => c.name)).toEqual(['Name', 'Price']);
    expect(s.tables[0]!.columns![1]!.calculatedColumnFormula).toBe('#REF!*2');
    expect(s.tables[0]!.totalsRow).toEqual([{ column: 'Price', function: 'sum' }]);
    expect(s.cells.C2).toEqual({ formula: 'SUM(#REF!)' });
    expect(s.cells.D2).toEqual({ formula: 'Sales[@Price]*2' });
    // A1 references in table column formulas shift like cell formulas
    const withRef = workbook({
      sheets: [{ name: 'T', tables: [{ name: 'X', range: 'A1:B3', columns: [{ name: 'a', calculatedColumnFormula: '$D$1*2' }, { name: 'b' }] }] }],
    });
    expect(insertColumns(withRef, 'T', 3, 1).workbook.sheets[0]!.tables[0]!.columns![0]).toEqual({ name: 'a', calculatedColumnFormula: '$E$1*2' });
    expect(r.warnings.some((w) => w.code === 'ref-error' && w.location === 'T!C2')).toBe(true);
  });

  it('charts: series on any sheet follow the edited sheet; the anchor moves; series lose deleted cells', () => {
    const wb = workbook({
      sheets: [
        { name: 'Data' },
        {
          name: 'Dash',
          charts: [
            {
              id: 'c1',
              type: 'line',
              categories: 'Data!A2:A13',
              series: [
                { name: 'Data!B1', values: 'Data!B2:B13' },
                { name: 'Plain', values: "'Data'!$C$2:$C$13", categories: 'Data!A2:A13' },
              ],
              anchor: 'F2:M20',
            },
            { id: 'c2', type: 'bar', series: [{ values: 'B2:B5' }], anchor: 'B2:D8' },
          ],
        },
      ],
    });
    const r = insertRows(wb, 'Data', 1, 1).workbook.sheets[1]!.charts;
    expect(r[0]).toMatchObject({
      categories: 'Data!A3:A14',
      series: [
        { name: 'Data!B2', values: 'Data!B3:B14' },
        { name: 'Plain', values: "'Data'!$C$3:$C$14", categories: 'Data!A3:A14' },
      ],
      anchor: 'F2:M20',
    });
    expect(r[1]).toBe(wb.sheets[1]!.charts[1]);
    const own = insertRows(wb, 'Dash', 1, 3).workbook.sheets[1]!.charts;
    expect(own[0]!.anchor).toBe('F5:M23');
    expect(own[1]).toMatchObject({ series: [{ values: 'B5:B8' }], anchor: 'B5:D11' });
    const del = deleteColumns(wb, 'Data', 2, 1);
    expect(del.workbook.sheets[1]!.charts[0]!.series).toEqual([{ name: 'Plain', values: "'Data'!$B$2:$B$13", categories: 'Data!A2:A13' }]);
    expect(del.warnings.map((w) => w.code)).toEqual(['chart-series-removed']);
    const all = deleteRows(wb, 'Dash', 1, 30);
    expect(all.workbook.sheets[1]!.charts.map((c) => c.id)).toEqual(['c1']);
    expect(all.workbook.sheets[1]!.charts[0]!.anchor).toBe('F1:M1');
    expect(all.warnings.map((w) => w.code).sort()).toEqual(['anchor-collapsed', 'anchor-collapsed', 'chart-removed', 'chart-series-removed']);
  });

  it('hyperlinks (cells and in-workbook locations), comments, autofilter, images', () => {
    const wb = workbook({
      sheets: [
        {
          name: 'S',
          hyperlinks: [
            { ref: 'A5', location: 'S!B10' },
            { ref: 'A6', target: 'https://example.com', location: "'Other sheet'!C3" },
            { ref: 'A7', location: 'B3' },
          ],
          comments: [{ cell: 'B5', text: 'hi' }, { cell: 'B2', text: 'top' }],
          autoFilter: { range: 'A4:D20', filters: [{ column: 1, values: ['x'] }, { column: 3, values: ['y'] }] },
          images: [{ anchor: 'F5:H9', name: 'logo' }, { anchor: 'B1' }],
        },
        { name: 'Other sheet', hyperlinks: [{ ref: 'A1', location: 'S!A5' }] },
      ],
    });
    const r = insertRows(wb, 'S', 3, 2).workbook;
    const s = r.sheets[0]!;
    expect(s.hyperlinks).toEqual([
      { ref: 'A7', location: 'S!B12' },
      { ref: 'A8', target: 'https://example.com', location: "'Other sheet'!C3" },
      { ref: 'A9', location: 'B5' },
    ]);
    expect(r.sheets[1]!.hyperlinks).toEqual([{ ref: 'A1', location: 'S!A7' }]);
    expect(s.comments).toEqual([{ cell: 'B7', text: 'hi' }, { cell: 'B2', text: 'top' }]);
    expect(s.autoFilter).toEqual({ range: 'A6:D22', filters: [{ column: 1, values: ['x'] }, { column: 3, values: ['y'] }] });
    expect(s.images).toEqual([{ anchor: 'F7:H11', name: 'logo' }, { anchor: 'B1' }]);

    const c = deleteColumns(wb, 'S', 2, 1).workbook.sheets[0]!;
    expect(c.autoFilter).toEqual({ range: 'A4:C20', filters: [{ column: 2, values: ['y'] }] });
    expect(c.comments).toEqual([]);
    expect(c.hyperlinks).toEqual([{ ref: 'A6', target: 'https://example.com', location: "'Other sheet'!C3" }]);

    const d = deleteRows(wb, 'S', 10, 1);
    expect(d.workbook.sheets[0]!.hyperlinks).toEqual([
      { ref: 'A6', target: 'https://example.com', location: "'Other sheet'!C3" },
      { ref: 'A7', location: 'B3' },
    ]);
    expect(d.warnings.map((w) => w.code)).toEqual(['hyperlink-location-removed']);

    const gone = deleteRows(wb, 'S', 1, 30);
    expect(gone.workbook.sheets[0]!.autoFilter).toBeUndefined();
    expect(gone.workbook.sheets[0]!.comments).toEqual([]);
    expect(gone.workbook.sheets[0]!.images).toEqual([{ anchor: 'F1:H1', name: 'logo' }, { anchor: 'B1' }]);
    expect(gone.warnings.map((w) => w.code).sort()).toEqual(['anchor-collapsed', 'anchor-collapsed', 'autofilter-removed', 'hyperlink-location-removed']);
  });

  it('print setup: area, title rows/columns and page breaks', () => {
    const wb = workbook({
      sheets: [{ name: 'S', print: { area: 'A1:H40,J1:K5', titleRows: '$1:$2', titleCols: 'A:B', rowBreaks: [20, 40], colBreaks: [4], orientation: 'landscape' } }],
    });
    expect(insertRows(wb, 'S', 2, 3).workbook.sheets[0]!.print).toEqual({
      area: 'A1:H43,J1:K8',
      titleRows: '$1:$5',
      titleCols: 'A:B',
      rowBreaks: [23, 43],
      colBreaks: [4],
      orientation: 'landscape',
    });
    // a break belongs to the row below it
    expect(insertRows(wb, 'S', 21, 1).workbook.sheets[0]!.print!.rowBreaks).toEqual([21, 41]);
    expect(insertRows(wb, 'S', 20, 1).workbook.sheets[0]!.print!.rowBreaks).toEqual([21, 41]);
    expect(insertRows(wb, 'S', 22, 1).workbook.sheets[0]!.print!.rowBreaks).toEqual([20, 41]);
    expect(deleteColumns(wb, 'S', 1, 2).workbook.sheets[0]!.print).toEqual({ area: 'A1:F40,H1:I5', titleRows: '$1:$2', rowBreaks: [20, 40], colBreaks: [2], orientation: 'landscape' });
    const d = deleteRows(wb, 'S', 1, 10);
    expect(d.workbook.sheets[0]!.print).toEqual({ area: 'A1:H30', titleCols: 'A:B', rowBreaks: [10, 30], colBreaks: [4], orientation: 'landscape' });
    expect(d.warnings.map((w) => w.code)).toEqual(['print-setup-changed', 'print-setup-changed']);
  });
});

describe('insertRows performance', () => {
  // (its speed is measured by `npm run bench documents`, not here: timed tests flake on a loaded machine)
  it('inserts rows into a 100,000-cell sheet, moving every cell and the other sheet\'s reference', () => {
    const wb = workbook(largeShiftWorkbook());
    const r = insertRows(wb, 'Big', 5, 2);
    expect(r.workbook.sheets[0]!.cells.I12).toEqual({ formula: 'A12*2+SUM($A$1:A12)' });
    expect(r.workbook.sheets[1]!.cells.A1).toEqual({ formula: 'SUM(Big!A1:A102)' });
    expect(Object.keys(r.workbook.sheets[0]!.cells)).toHaveLength(100_000);
  });
});

describe('results stay valid models', () => {
  it('every operation on a model with every kind of object gives a model the schema accepts', () => {
    const wb = workbook({
      sheets: [
        {
          name: 'Data',
          cells: { A1: { value: 'h' }, B2: { value: 1 }, C3: { formula: 'B2*2' }, D4: { formula: 'SUM(A1:C3)' }, A10: { formula: 'B2:B3*2', array: 'A10:A11' } },
          rows: { '2': { height: 20 }, '5': { hidden: true, outlineLevel: 1 } },
          columns: { B: { width: 12 }, 'F:XFD': { hidden: true } },
          merges: ['A1:B1', 'C5:D6'],
          tables: [{ name: 'T1', range: 'A20:C25', columns: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }],
          conditionalFormats: [{ range: 'A1:A9 C1:C9', rule: { type: 'expression', formula: 'A1>B$1', style: { bold: true } } }],
          dataValidations: [{ range: 'B2:B9', type: 'list', formula1: '$A$1:$A$5' }],
          comments: [{ cell: 'C3', text: 'c' }],
          hyperlinks: [{ ref: 'D4', location: 'Data!A1' }, { ref: 'D5:D6', target: 'https://x.example' }],
          autoFilter: { range: 'A20:C25', filters: [{ column: 2, values: ['1'] }] },
          print: { area: 'A1:D30', titleRows: '1:1', titleCols: 'A:A', rowBreaks: [10], colBreaks: [2] },
          images: [{ anchor: 'E2:F4' }],
          charts: [{ id: 'c', type: 'line', categories: 'A2:A9', series: [{ name: 'Data!B1', values: 'Data!B2:B9' }], anchor: 'H2:M12' }],
          frozen: { rows: 1, cols: 1 },
        },
        { name: 'Two words', cells: { A1: { formula: 'Data!C3+SUM(Data!B:B)' } } },
      ],
      definedNames: [{ name: 'N', ref: 'Data!$B$2:$B$9' }],
    });
    const ops = [
      (w: typeof wb) => insertRows(w, 'Data', 1, 3),
      (w: typeof wb) => insertRows(w, 'Data', 5, 1),
      (w: typeof wb) => deleteRows(w, 'Data', 1, 2),
      (w: typeof wb) => deleteRows(w, 'Data', 3, 4),
      (w: typeof wb) => insertColumns(w, 'Data', 1, 2),
      (w: typeof wb) => insertColumns(w, 'Data', 3, 1),
      (w: typeof wb) => deleteColumns(w, 'Data', 1, 1),
      (w: typeof wb) => deleteColumns(w, 'Data', 2, 2),
      (w: typeof wb) => deleteRows(w, 'Data', 20, 10),
      (w: typeof wb) => deleteColumns(w, 'Data', 1, 20),
    ];
    const before = snapshot(wb);
    for (const op of ops) {
      const r = op(wb);
      expect(wb).toEqual(before);
      expect(() => workbook(JSON.parse(JSON.stringify(r.workbook)))).not.toThrow();
      for (const w of r.warnings) expect(w.message.length).toBeGreaterThan(10);
    }
  });
});
