import { describe, expect, it } from 'vitest';
import { evaluateWorkbook } from '../evaluate-formulas';
import { sortRange } from './sort-range';
import { snapshot, workbook } from './test-utils';

const column = (wb: ReturnType<typeof workbook>, col: string, from: number, to: number) => {
  const out: unknown[] = [];
  for (let r = from; r <= to; r++) out.push(wb.sheets[0]!.cells[`${col}${r}`]?.value ?? null);
  return out;
};

describe('sortRange', () => {
  const mixed = () =>
    workbook({
      sheets: [
        {
          name: 'S',
          cells: {
            A1: { value: 'Key', style: { bold: true } },
            A2: { value: 'banana' },
            A3: { value: 10 },
            A4: { value: true },
            A6: { value: 'Apple' },
            A7: { value: 2 },
            A8: { value: 'apple' },
            A9: { error: '#N/A' },
            A10: { value: false },
            B2: { value: 1 },
            B3: { value: 2 },
            B4: { value: 3 },
            B5: { value: 4 },
            B6: { value: 5 },
            B7: { value: 6 },
            B8: { value: 7 },
            B9: { value: 8 },
            B10: { value: 9 },
          },
        },
      ],
    });

  it('ascending: numbers, text (case-insensitive, stable), logicals, errors, then blanks', () => {
    const r = sortRange(mixed(), 'S', 'A1:B10', [{ column: 1 }], true).workbook;
    expect(column(r, 'A', 1, 10)).toEqual(['Key', 2, 10, 'Apple', 'apple', 'banana', false, true, null, null]);
    expect(r.sheets[0]!.cells.A9).toEqual({ error: '#N/A' });
    // other columns travel with their rows
    expect(column(r, 'B', 2, 10)).toEqual([6, 2, 5, 7, 1, 9, 3, 8, 4]);
    expect(r.sheets[0]!.cells.A1).toEqual({ value: 'Key', style: { bold: true } });
  });

  it('descending: errors, logicals, text, numbers, and blanks still last', () => {
    const r = sortRange(mixed(), 'S', 'A1:B10', [{ column: 1, descending: true }], true).workbook;
    expect(column(r, 'A', 2, 10)).toEqual([null, true, false, 'banana', 'Apple', 'apple', 10, 2, null]);
    expect(r.sheets[0]!.cells.A2).toEqual({ error: '#N/A' });
  });

  it('sorts by several keys; without a header the first row is sorted too', () => {
    const wb = workbook({
      sheets: [
        {
          name: 'S',
          cells: {
            A1: { value: 'b' },
            B1: { value: 1 },
            A2: { value: 'a' },
            B2: { value: 2 },
            A3: { value: 'b' },
            B3: { value: 3 },
            A4: { value: 'a' },
            B4: { value: 1 },
          },
        },
      ],
    });
    const r = sortRange(wb, 'S', 'A1:B4', [{ column: 1 }, { column: 2, descending: true }], false).workbook;
    expect(column(r, 'A', 1, 4)).toEqual(['a', 'a', 'b', 'b']);
    expect(column(r, 'B', 1, 4)).toEqual([2, 1, 3, 1]);
  });

  it('keeps styles with their rows, leaves cells outside the range alone, does not modify the input', () => {
    const wb = workbook({
      sheets: [
        {
          name: 'S',
          cells: {
            A1: { value: 3, style: { fill: '#FF0000' } },
            A2: { value: 1, numFmt: '0.00' },
            B1: { value: 'x' },
            B2: { value: 'y' },
            C1: { value: 'outside' },
          },
        },
      ],
    });
    const before = snapshot(wb);
    const r = sortRange(wb, 'S', 'A1:B2', [{ column: 1 }], false).workbook.sheets[0]!.cells;
    expect(wb).toEqual(before);
    expect(r.A1).toEqual({ value: 1, numFmt: '0.00' });
    expect(r.A2).toEqual({ value: 3, style: { fill: '#FF0000' } });
    expect(r.B1).toEqual({ value: 'y' });
    expect(r.C1).toBe(wb.sheets[0]!.cells.C1);
  });

  it('formulas travel with their rows: same-row references follow, and the values are the same per row', () => {
    const wb = workbook({
      sheets: [
        {
          name: 'S',
          cells: {
            A1: { value: 'n' },
            B1: { value: 'x' },
            C1: { value: 'double' },
            A2: { value: 3 },
            B2: { value: 30 },
            C2: { formula: 'B2*2+$E$1' },
            A3: { value: 1 },
            B3: { value: 10 },
            C3: { formula: 'B3*2+$E$1' },
            A4: { value: 2 },
            B4: { value: 20 },
            C4: { formula: 'B4*2+$E$1' },
            E1: { value: 0.5 },
          },
        },
      ],
    });
    const r = sortRange(wb, 'S', 'A1:C4', [{ column: 1 }], true);
    const cells = r.workbook.sheets[0]!.cells;
    expect(cells.C2).toEqual({ formula: 'B2*2+$E$1' });
    expect(cells.A2).toEqual({ value: 1 });
    expect(cells.B2).toEqual({ value: 10 });
    expect(r.warnings).toEqual([]);
    const before = evaluateWorkbook(wb);
    const after = evaluateWorkbook(r.workbook);
    // the row that held n=3 moved from row 2 to row 4: its formula gives the same value there
    expect(after.get('S', 'C4')).toBe(before.get('S', 'C2'));
    expect(after.get('S', 'C2')).toBe(before.get('S', 'C3'));
    expect(after.get('S', 'C3')).toBe(before.get('S', 'C4'));
  });

  it('moves relative references to other rows like Excel (and warns)', () => {
    const wb = workbook({
      sheets: [{ name: 'S', cells: { A1: { value: 2 }, B1: { formula: 'A2+1' }, A2: { value: 1 }, B2: { formula: 'A1+1' } } }],
    });
    const r = sortRange(wb, 'S', 'A1:B2', [{ column: 1 }], false);
    expect(r.workbook.sheets[0]!.cells.B1).toEqual({ formula: '#REF!+1' });
    expect(r.workbook.sheets[0]!.cells.B2).toEqual({ formula: 'A3+1' });
    expect(r.warnings.map((w) => w.code)).toEqual(['sort-relative-reference', 'sort-relative-reference']);
  });

  it('sorts formula cells by their value, evaluating when there is none stored', () => {
    const wb = workbook({ sheets: [{ name: 'S', cells: { A1: { formula: '5*2' }, A2: { value: 3 }, A3: { formula: '1+0' } } }] });
    const r = sortRange(wb, 'S', 'A1:A3', [{ column: 1 }], false).workbook.sheets[0]!.cells;
    expect(r).toEqual({ A1: { formula: '1+0' }, A2: { value: 3 }, A3: { formula: '5*2' } });
  });

  it('moves comments and single-cell hyperlinks with their rows', () => {
    const wb = workbook({
      sheets: [
        {
          name: 'S',
          cells: { A1: { value: 2 }, A2: { value: 1 } },
          comments: [{ cell: 'A1', text: 'two' }],
          hyperlinks: [{ ref: 'A2', target: 'https://one.example' }],
        },
      ],
    });
    const s = sortRange(wb, 'S', 'A1:A2', [{ column: 1 }], false).workbook.sheets[0]!;
    expect(s.comments).toEqual([{ cell: 'A2', text: 'two' }]);
    expect(s.hyperlinks).toEqual([{ ref: 'A1', target: 'https://one.example' }]);
  });

  it('returns the same workbook when already sorted; throws on merges, keys outside the range, bad ranges', () => {
    const wb = workbook({ sheets: [{ name: 'S', cells: { A1: { value: 1 }, A2: { value: 2 } }, merges: ['C1:D1'] }] });
    expect(sortRange(wb, 'S', 'A1:A2', [{ column: 1 }], false).workbook).toBe(wb);
    expect(() => sortRange(wb, 'S', 'A1:D2', [{ column: 1 }], false)).toThrow(/merged cells/);
    expect(() => sortRange(wb, 'S', 'A1:B2', [{ column: 3 }], false)).toThrow(/outside the range/);
    expect(() => sortRange(wb, 'S', 'nope', [{ column: 1 }], false)).toThrow(/Invalid range/);
    expect(() => sortRange(wb, 'S', 'A1:A2', [], false)).toThrow(/at least one key/);
  });
});
