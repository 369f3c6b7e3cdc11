// Grid conversion and change detection of the spreadsheet editor, and the merging of pending edits.
import { describe, expect, it } from 'vitest';
import { evaluateWorkbook } from '@/server/documents/workbook/evaluate-formulas';
import { parseWorkbook } from '@/server/documents/workbook/schema';
import { sampleWorkbook } from '@/server/documents/fixtures/sample-workbook';
import { changeFor, workbookToFortune } from './workbook-to-fortune';
import { mergeEdits } from './merge-edits';

const wb = parseWorkbook({
  sheets: [
    {
      name: 'Data',
      columns: { B: { width: 20 } },
      frozen: { rows: 1, cols: 0 },
      merges: ['A1:B1'],
      cells: {
        A1: { value: 'Title', style: { bold: true, fill: '#1F4E79', color: '#FFFFFF' } },
        A2: { value: 3 },
        A3: { value: 4 },
        A4: { formula: 'SUM(A2:A3)', numFmt: '#,##0' },
      },
    },
    { name: 'Empty' },
  ],
});

describe('workbookToFortune', () => {
  it('maps values, formulas with their computed values, styles, widths, merges and frozen rows', () => {
    const fw = workbookToFortune(wb, { Data: { A4: 7 } });
    expect(fw.sheets.map((s) => s.name)).toEqual(['Data', 'Empty']);
    const data = fw.sheets[0]!;
    const at = (r: number, c: number) => data.celldata!.find((x) => x.r === r && x.c === c)!.v!;
    expect(at(3, 0)).toMatchObject({ f: '=SUM(A2:A3)', v: 7, m: '7', ct: { fa: '#,##0', t: 'n' } });
    expect(at(0, 0)).toMatchObject({ v: 'Title', bl: 1, bg: '#1F4E79', fc: '#FFFFFF', mc: { r: 0, c: 0, rs: 1, cs: 2 } });
    expect(at(0, 1)).toMatchObject({ mc: { r: 0, c: 0 } });
    expect(data.config!.columnlen).toEqual({ '1': 145 });
    expect(data.config!.merge).toEqual({ '0_0': { r: 0, c: 0, rs: 1, cs: 2 } });
    expect(data.frozen).toEqual({ type: 'rangeRow', range: { row_focus: 0, column_focus: 0 } });
    expect(fw.baseline('s0')!.get('3,0')).toBe('f:SUM(A2:A3)');
  });

  it('converts a real workbook with every formula value the evaluator computes', () => {
    const model = parseWorkbook(sampleWorkbook());
    const ev = evaluateWorkbook(model);
    const values: Record<string, Record<string, string | number | boolean | null>> = {};
    for (const [s, m] of ev.formulaValues) values[s] = Object.fromEntries([...m].map(([k, v]) => [k, typeof v === 'object' && v ? v.error : v]));
    const fw = workbookToFortune(model, values);
    const formulas = fw.sheets.flatMap((s) => s.celldata!.filter((c) => c.v?.f));
    expect(formulas.length).toBe(ev.formulaCount);
    expect(formulas.filter((c) => c.v!.v === undefined).length).toBe(ev.formulaCount - ev.evaluatedCount);
  });
});

describe('changeFor', () => {
  it('reports only cells that differ from what was loaded, typed', () => {
    const fw = workbookToFortune(wb, { Data: { A4: 7 } });
    const base = fw.baseline('s0')!;
    expect(changeFor('Data', 1, 0, { v: 3, ct: { t: 'n' } }, base)).toBeNull();
    expect(changeFor('Data', 1, 0, { v: '42', m: '42', ct: { fa: 'General', t: 'n' } }, base)).toEqual({ sheet: 'Data', cell: 'A2', value: 42, formula: null });
    // Saved: the same content again is no change.
    expect(changeFor('Data', 1, 0, { v: 42 }, base)).toBeNull();
    expect(changeFor('Data', 2, 0, null, base)).toEqual({ sheet: 'Data', cell: 'A3', value: null, formula: null });
    expect(changeFor('Data', 3, 0, { f: '=A2*2', v: 84 }, base)).toEqual({ sheet: 'Data', cell: 'A4', formula: 'A2*2', value: 84 });
    expect(changeFor('Data', 5, 2, { v: 'text that looks like 1', ct: { t: 'g' } }, base)).toEqual({ sheet: 'Data', cell: 'C6', value: 'text that looks like 1', formula: null });
    expect(changeFor('Data', 6, 2, { v: '007', ct: { t: 's' } }, base)).toMatchObject({ value: '007' });
  });
});

describe('mergeEdits', () => {
  it('keeps the latest change per cell and merges deck patches per slide and element', () => {
    const a = mergeEdits(null, { kind: 'cells', changes: [{ sheet: 'S', cell: 'A1', value: 1 }, { sheet: 'S', cell: 'B1', value: 2 }] });
    const b = mergeEdits(a, { kind: 'cells', changes: [{ sheet: 'S', cell: 'A1', value: 3 }] });
    expect(b).toEqual({ kind: 'cells', changes: [{ sheet: 'S', cell: 'B1', value: 2 }, { sheet: 'S', cell: 'A1', value: 3 }] });
    const d = mergeEdits(
      { kind: 'deck', slides: [{ id: 's1', title: 'a', elements: [{ index: 0, text: 'x' }] }] },
      { kind: 'deck', order: ['s2', 's1'], slides: [{ id: 's1', notes: 'n', elements: [{ index: 1, text: 'y' }] }] },
    );
    expect(d).toEqual({ kind: 'deck', order: ['s2', 's1'], slides: [{ id: 's1', title: 'a', notes: 'n', elements: [{ index: 0, text: 'x' }, { index: 1, text: 'y' }] }] });
  });
});
