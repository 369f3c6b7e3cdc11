import { describe, expect, it } from 'vitest';
import { moveColumn } from './move-columns';
import { expectSameValues, snapshot, workbook } from './test-utils';

const wb = () =>
  workbook({
    definedNames: [{ name: 'Units', ref: 'Data!$B$2:$B$4' }],
    sheets: [
      {
        name: 'Data',
        cells: {
          A1: { value: 'Month' }, B1: { value: 'Units' }, C1: { value: 'Price' }, D1: { value: 'Amount' },
          A2: { value: 'Jan' }, B2: { value: 10, numFmt: '0.0', style: { bold: true } }, C2: { value: 2 }, D2: { formula: 'B2*C2' },
          A3: { value: 'Feb' }, B3: { value: 20, numFmt: '0.0', style: { bold: true } }, C3: { value: 3 }, D3: { formula: 'B3*C3' },
          A4: { value: 'Mar' }, B4: { value: 30, numFmt: '0.0', style: { bold: true } }, C4: { value: 4 }, D4: { formula: 'B4*C4' },
          A5: { value: 'Total' }, B5: { formula: 'SUM(B2:B4)' }, D5: { formula: 'SUM(D2:D4)' },
        },
        columns: { B: { width: 9 }, C: { width: 15 } },
        conditionalFormats: [{ range: 'B2:B4', rule: { type: 'cellIs', operator: 'greaterThan', values: [15], style: { fill: '#FFC7CE' } } }],
        dataValidations: [{ range: 'B2:B4', type: 'whole', operator: 'between', formula1: '0', formula2: '100' }],
        comments: [{ cell: 'B2', text: 'first month' }],
        charts: [{ id: 'c1', type: 'column', categories: 'Data!$A$2:$A$4', series: [{ name: 'Data!$B$1', values: 'Data!$B$2:$B$4' }], anchor: 'G2:M15' }],
      },
      { name: 'Summary', cells: { A1: { formula: 'SUM(Data!B2:B4)' }, A2: { formula: 'SUM(Units)' } } },
    ],
  });

describe('moveColumn (cut and insert, as in Excel)', () => {
  it('moves a column to the end: cells, formats, width, rules, validations, comments, names, charts and formulas follow', () => {
    const before = wb();
    const copy = snapshot(before);
    const { workbook: after, warnings } = moveColumn(before, 'Data', 2, 5);
    expect(before).toEqual(copy);
    expect(warnings).toEqual([]);
    const s = after.sheets[0]!;
    expect(['A1', 'B1', 'C1', 'D1'].map((a) => s.cells[a]?.value)).toEqual(['Month', 'Price', 'Amount', 'Units']);
    expect(s.cells.D3).toMatchObject({ value: 20, numFmt: '0.0', style: { bold: true } });
    expect(s.columns.D?.width).toBe(9);
    expect(s.columns.B?.width).toBe(15);
    expect(s.cells.C2?.formula).toBe('D2*B2');
    expect(s.cells.D5?.formula).toBe('SUM(D2:D4)');
    expect(s.conditionalFormats[0]!.range).toBe('D2:D4');
    expect(s.dataValidations?.[0]!.range).toBe('D2:D4');
    expect(s.comments?.[0]!.cell).toBe('D2');
    expect(s.charts[0]!.series[0]).toEqual({ name: 'Data!$D$1', values: 'Data!$D$2:$D$4' });
    expect(after.definedNames?.[0]!.ref).toBe('Data!$D$2:$D$4');
    expect(after.sheets[1]!.cells.A1?.formula).toBe('SUM(Data!D2:D4)');
    expectSameValues(before, after, (sheet, addr) => {
      if (sheet !== 'Data') return [sheet, addr];
      const m = /^([A-Z])(\d+)$/.exec(addr)!;
      return [sheet, `${({ A: 'A', B: 'D', C: 'B', D: 'C' } as Record<string, string>)[m[1]!]}${m[2]}`];
    });
  });

  it('moves a column to the left; a move onto itself changes nothing', () => {
    const { workbook: after } = moveColumn(wb(), 'Data', 4, 2);
    const s = after.sheets[0]!;
    expect(['A1', 'B1', 'C1', 'D1'].map((a) => s.cells[a]?.value)).toEqual(['Month', 'Amount', 'Units', 'Price']);
    expect(s.cells.B2?.formula).toBe('C2*D2');
    expect(s.columns.C?.width).toBe(9);
    const same = wb();
    expect(moveColumn(same, 'Data', 2, 3).workbook).toBe(same);
  });
});

describe('moveColumn in a table', () => {
  const tableBook = () =>
    workbook({
      sheets: [
        {
          name: 'S',
          cells: { A1: { value: 'Name' }, B1: { value: 'Qty' }, C1: { value: 'Price' }, A2: { value: 'a' }, B2: { value: 1 }, C2: { value: 2 }, A3: { value: 'b' }, B3: { value: 3 }, C3: { value: 4 } },
          tables: [{ name: 'T', range: 'A1:C3', columns: [{ name: 'Name' }, { name: 'Qty' }, { name: 'Price', totalsRowFunction: 'sum' }] }],
        },
      ],
    });
  it('to the end of the table: the table keeps its columns, in the new order', () => {
    const s = moveColumn(tableBook(), 'S', 2, 4).workbook.sheets[0]!;
    expect(['A1', 'B1', 'C1'].map((a) => s.cells[a]?.value)).toEqual(['Name', 'Price', 'Qty']);
    expect(s.tables).toHaveLength(1);
    expect(s.tables[0]!.range).toBe('A1:C3');
    expect(s.tables[0]!.columns?.map((c) => c.name)).toEqual(['Name', 'Price', 'Qty']);
  });
  it('to the first column of the table', () => {
    const s = moveColumn(tableBook(), 'S', 3, 1).workbook.sheets[0]!;
    expect(['A1', 'B1', 'C1'].map((a) => s.cells[a]?.value)).toEqual(['Price', 'Name', 'Qty']);
    expect(s.tables[0]!.range).toBe('A1:C3');
    expect(s.tables[0]!.columns?.map((c) => c.name)).toEqual(['Price', 'Name', 'Qty']);
  });
});

describe('moveColumn with a rule or validation spanning the moved column and others (issue 18)', () => {
  const spanning = () =>
    workbook({
      sheets: [
        {
          name: 'S',
          cells: {
            A1: { value: 'Name' }, B1: { value: 'Units' }, C1: { value: 'Price' }, D1: { value: 'Amount' }, E1: { value: 'Note' },
            A2: { value: 'a' }, B2: { value: 10 }, C2: { value: 20 }, D2: { value: 30 },
            A3: { value: 'b' }, B3: { value: 40 }, C3: { value: 50 }, D3: { value: 60 },
          },
          conditionalFormats: [
            { range: 'B2:D3', rule: { type: 'cellIs', operator: 'greaterThan', values: [25], style: { fill: '#FFC7CE' } } },
            { range: 'B2:C3', rule: { type: 'expression', formula: 'B2>15', style: { fill: '#C6EFCE' } } },
          ],
          dataValidations: [{ range: 'B2:D3', type: 'whole', operator: 'between', formula1: '0', formula2: '100' }],
        },
      ],
    });

  it('is split like Excel: the parts that stay keep the rule, and so do the moved cells at their new place', () => {
    // Units (B) to the end: the block B:D loses its first column, which lands in E
    const s = moveColumn(spanning(), 'S', 2, 6).workbook.sheets[0]!;
    expect(['A1', 'B1', 'C1', 'D1', 'E1'].map((a) => s.cells[a]?.value)).toEqual(['Name', 'Price', 'Amount', 'Note', 'Units']);
    expect(s.conditionalFormats[0]!.range).toBe('B2:C3 E2:E3');
    expect(s.dataValidations?.[0]!.range).toBe('B2:C3 E2:E3');
    // B2:C3 (Units, Price): Price stays in B, Units moves to E; the relative rule still reads each cell itself
    expect(s.conditionalFormats[1]!.range).toBe('B2:B3 E2:E3');
    expect(s.conditionalFormats[1]!.rule).toMatchObject({ type: 'expression', formula: 'B2>15' });
  });

  it('a column moved out of the middle of the block (C to the end): the block closes up, the column keeps the rule', () => {
    const s = moveColumn(spanning(), 'S', 3, 6).workbook.sheets[0]!;
    expect(['B1', 'C1', 'E1'].map((a) => s.cells[a]?.value)).toEqual(['Units', 'Amount', 'Price']);
    expect(s.conditionalFormats[0]!.range).toBe('B2:C3 E2:E3');
    expect(s.dataValidations?.[0]!.range).toBe('B2:C3 E2:E3');
    expect(s.conditionalFormats[1]!.range).toBe('B2:B3 E2:E3');
    expect(s.conditionalFormats[1]!.rule).toMatchObject({ formula: 'B2>15' });
  });

  it('a column moved inside the block keeps one range; a column moved in front of the block joins it', () => {
    const inside = moveColumn(spanning(), 'S', 2, 5).workbook.sheets[0]!;
    expect(['B1', 'C1', 'D1'].map((a) => inside.cells[a]?.value)).toEqual(['Price', 'Amount', 'Units']);
    expect(inside.conditionalFormats[0]!.range).toBe('B2:D3');
    expect(inside.dataValidations?.[0]!.range).toBe('B2:D3');
    // Amount (D) to the front of the sheet: the block B:D becomes B:C, Amount (now A) keeps its rule
    const front = moveColumn(spanning(), 'S', 4, 1).workbook.sheets[0]!;
    expect(['A1', 'B1', 'C1', 'D1'].map((a) => front.cells[a]?.value)).toEqual(['Amount', 'Name', 'Units', 'Price']);
    expect(front.conditionalFormats[0]!.range).toBe('C2:D3 A2:A3');
    expect(front.conditionalFormats[1]!.range).toBe('C2:D3');
    expect(front.conditionalFormats[1]!.rule).toMatchObject({ formula: 'C2>15' });
  });
});
