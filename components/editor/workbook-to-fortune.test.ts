// Grid conversion (the file as it is), change detection as workbook ops, conditional formats, and
// the merging of pending edits.
import type { Cell as FsCell, Sheet as FsSheet } from '@fortune-sheet/core';
import { describe, expect, it } from 'vitest';
import { evaluateWorkbook } from '@/server/documents/workbook/evaluate-formulas';
import { parseWorkbook } from '@/server/documents/workbook/schema';
import { sampleWorkbook } from '@/server/documents/fixtures/sample-workbook';
import { formatNumber } from '@/lib/workbook/cell-text';
import { computeConditionalFormats, compileExpression } from './conditional-formats';
import { collectOps, normFormat, toRanges, type Dirty } from './grid-diff';
import { gridCanCompute, setGridFunctions, workbookToFortune } from './workbook-to-fortune';
import { mergeEdits } from './merge-edits';

const wb = parseWorkbook({
  defaultFont: { name: 'Calibri', size: 11 },
  sheets: [
    {
      name: 'Data',
      columns: { B: { width: 20 }, D: { hidden: true } },
      rows: { '3': { hidden: true }, '4': { height: 30 } },
      frozen: { rows: 1, cols: 0 },
      merges: ['A1:B1'],
      cells: {
        A1: { value: 'Title', style: { bold: true, fill: '#1F4E79', color: '#FFFFFF', fontName: 'Cambria', fontSize: 14, border: { bottom: { style: 'medium', color: '#FF0000' } } } },
        A2: { value: 0.1234, numFmt: '0.0%', style: { italic: true, underline: true, strike: true, hAlign: 'right', vAlign: 'top', wrap: true } },
        A3: { value: 46082, numFmt: 'mmm d, yyyy' },
        A4: { formula: 'SUM(A2:A3)', numFmt: '#,##0;(#,##0)' },
        A5: { formula: 'XLOOKUP(1,A2:A3,A2:A3)' },
        A6: { value: 'Rich', richText: [{ text: 'Ri', style: { bold: true } }, { text: 'ch' }] },
        C2: { value: 'Docs' },
      },
      hyperlinks: [{ ref: 'C2', target: 'https://example.com' }],
      comments: [{ cell: 'A2', author: 'Ada', text: 'Check this' }],
    },
    { name: 'Hidden', state: 'hidden' },
    { name: 'Secret', state: 'veryHidden' },
  ],
});

const at = (s: FsSheet, r: number, c: number) => s.celldata!.find((x) => x.r === r && x.c === c)!.v!;

describe('workbookToFortune', () => {
  setGridFunctions(['SUM', 'AVERAGE', 'VLOOKUP', 'TEXT']);
  const fw = workbookToFortune(wb, { Data: { A4: -1234.4, A5: 7 } });
  const data = fw.sheets[0]!;

  it('shows values through the exports’ number formatter, and formulas with their computed values', () => {
    expect(at(data, 1, 0)).toMatchObject({ v: 0.1234, m: '12.3%', ct: { fa: '0.0%', t: 'n' } });
    expect(at(data, 2, 0)).toMatchObject({ v: 46082, m: 'Mar 1, 2026' });
    expect(at(data, 3, 0)).toMatchObject({ f: '=SUM(A2:A3)', v: -1234.4, m: '(1,234)' });
    expect(at(data, 4, 0)).toMatchObject({ f: '=XLOOKUP(1,A2:A3,A2:A3)', v: 7, m: '7' });
    expect(formatNumber(-1234.4, '#,##0;(#,##0)')).toBe('(1,234)');
  });

  it('aligns as Excel does when the cell says nothing: numbers right, logical values and errors centred, text left', () => {
    const g = workbookToFortune(
      parseWorkbook({ sheets: [{ name: 'S', cells: { A1: { value: 3 }, A2: { value: 'x' }, A3: { value: true }, A4: { error: '#N/A' }, A5: { value: 4, style: { hAlign: 'left' } }, A6: { formula: '1/0' } } }] }),
      { S: { A6: '#DIV/0!' } },
    ).sheets[0]!;
    expect([0, 1, 2, 3, 4, 5].map((r) => at(g, r, 0).ht)).toEqual([2, undefined, 0, 0, 1, 0]);
  });

  it('keeps fonts (with their metric twins), styles, borders, merges, widths, heights, hidden rows/columns and frozen panes', () => {
    expect(at(data, 0, 0)).toMatchObject({ v: 'Title', bl: 1, bg: '#1F4E79', fc: '#FFFFFF', fs: 14, ff: 'Cambria, Caladea, Arial, sans-serif', mc: { r: 0, c: 0, rs: 1, cs: 2 } });
    expect(at(data, 1, 0)).toMatchObject({ it: 1, un: 1, cl: 1, ht: 2, vt: 1, tb: '2' });
    // the workbook's default font is the grid's own first font: cells in it carry none
    expect(at(data, 1, 0).ff).toBeUndefined();
    expect(at(data, 0, 1)).toMatchObject({ mc: { r: 0, c: 0 } });
    expect(data.config!.borderInfo).toEqual([{ rangeType: 'cell', value: { row_index: 0, col_index: 0, b: { style: 8, color: '#FF0000' } } }]);
    expect(data.config!.columnlen).toEqual({ '1': 145 });
    expect(data.config!.colhidden).toEqual({ '3': 0 });
    expect(data.config!.rowhidden).toEqual({ '2': 0 });
    expect(data.config!.rowlen).toEqual({ '3': 40 });
    expect(data.frozen).toEqual({ type: 'rangeRow', range: { row_focus: 0, column_focus: 0 } });
  });

  it('shows comments (corner + hover text), hyperlinks as links and rich text runs', () => {
    expect(at(data, 1, 0).ps).toMatchObject({ value: 'Ada:\nCheck this', isShow: false });
    expect(at(data, 1, 2)).toMatchObject({ v: 'Docs', fc: '#0563C1', un: 1, hl: { r: 1, c: 2, id: 's0' } });
    expect(data.hyperlink).toEqual({ '1_2': { linkType: 'webpage', linkAddress: 'https://example.com' } });
    expect(at(data, 5, 0).ct).toMatchObject({ t: 'inlineStr', s: [{ v: 'Ri', bl: 1 }, { v: 'ch' }] });
  });

  it('hides hidden and very hidden sheets from the tabs', () => {
    expect(fw.sheets.map((s) => [s.name, s.hide ?? 0, s.status])).toEqual([
      ['Data', 0, 1],
      ['Hidden', 1, 0],
      ['Secret', 1, 0],
    ]);
  });

  it('lets the grid recalculate only formulas its engine knows (others keep the server value)', () => {
    // handed to the grid after its first frame, not in the sheet it opens with
    expect(data.calcChain).toBeUndefined();
    expect(fw.calcChains.get('s0')).toEqual([{ r: 3, c: 0, id: 's0' }]);
    expect(gridCanCompute('VLOOKUP(A1,B:C,2,FALSE)')).toBe(false);
    expect(gridCanCompute('TEXT(A1,"0.0")&XLOOKUP(1,A1:A2,B1:B2)')).toBe(false);
    expect(gridCanCompute('TEXT(A1,"XLOOKUP(")')).toBe(true);
  });

  it('converts a real workbook with every formula value the evaluator computes', () => {
    const model = parseWorkbook(sampleWorkbook());
    const ev = evaluateWorkbook(model);
    const values: Record<string, Record<string, string | number | boolean | null>> = {};
    for (const [s, m] of ev.formulaValues) values[s] = Object.fromEntries([...m].map(([k, v]) => [k, typeof v === 'object' && v ? v.error : v]));
    const conv = workbookToFortune(model, values);
    const formulas = conv.sheets.flatMap((s) => s.celldata!.filter((c) => c.v?.f));
    expect(formulas.length).toBe(ev.formulaCount);
    expect(formulas.filter((c) => c.v!.v === undefined).length).toBe(ev.formulaCount - ev.evaluatedCount);
  });

  it('respects 1904 dates', () => {
    const w = parseWorkbook({ date1904: true, sheets: [{ name: 'S', cells: { A1: { value: 0, numFmt: 'yyyy-mm-dd' } } }] });
    expect(at(workbookToFortune(w).sheets[0]!, 0, 0).m).toBe('1904-01-01');
  });
});

/** The grid's state as fortune-sheet keeps it: a data matrix per sheet. */
function gridOf(fw: ReturnType<typeof workbookToFortune>): FsSheet[] {
  return fw.sheets.map((s) => {
    const data: (FsCell | null)[][] = Array.from({ length: s.row! }, () => Array.from({ length: s.column! }, () => null));
    for (const d of s.celldata ?? []) data[d.r]![d.c] = d.v;
    return { ...s, data, config: structuredClone(s.config) };
  });
}

describe('collectOps', () => {
  it('sends a value, a style change of one cell, a number format, borders, widths, heights, hidden rows and frozen panes as small ops', () => {
    const fw = workbookToFortune(wb, {});
    const grid = gridOf(fw);
    const d = grid[0]!.data!;
    const dirty: Dirty = { cells: new Map(), config: new Set() };
    const touch = (r: number, c: number) => {
      const set = (dirty.cells.get('s0') as Set<string> | undefined) ?? new Set<string>();
      set.add(`${r},${c}`);
      dirty.cells.set('s0', set);
    };
    d[6]![0] = { v: '42', m: '42', ct: { fa: 'General', t: 'n' } }; // typed 42
    touch(6, 0);
    d[6]![1] = { v: 0.12, m: '12%', ct: { fa: '0%', t: 'n' } }; // typed 12%
    touch(6, 1);
    d[6]![2] = { v: 46082, m: '2026-03-01', ct: { fa: 'yyyy-MM-dd', t: 'd' } }; // typed a date
    touch(6, 2);
    d[6]![3] = { v: 3.25, m: '3.25', ct: { fa: '0.00', t: 'n' } }; // typed a decimal: stays General
    touch(6, 3);
    d[1]![0] = { ...d[1]![0]!, bl: 1 }; // bold on one cell
    touch(1, 0);
    for (const r of [7, 8]) {
      d[r]![0] = { bg: '#ffff00' };
      touch(r, 0);
    }
    d[2]![0] = { ...d[2]![0]!, ct: { fa: '#,##0.00', t: 'n' } };
    touch(2, 0);
    const cfg = grid[0]!.config as Record<string, unknown>;
    cfg.columnlen = { '1': 145, '2': 152 };
    cfg.rowlen = { '3': 40, '9': 30 };
    cfg.customHeight = { '9': 1 };
    cfg.rowhidden = {};
    cfg.colhidden = { '3': 0, '4': 0 };
    (cfg.borderInfo as unknown[]).push({ rangeType: 'range', borderType: 'border-all', style: '1', color: '#000', range: [{ row: [10, 11], column: [0, 1] }] });
    grid[0]!.frozen = { type: 'rangeBoth', range: { row_focus: 1, column_focus: 0 } };
    dirty.config.add('s0');
    const ops = collectOps(fw, grid, dirty, 'Calibri');
    expect(ops).toEqual([
      { op: 'set', sheet: 'Data', cell: 'A7', value: 42, formula: null },
      { op: 'set', sheet: 'Data', cell: 'B7', value: 0.12, formula: null },
      { op: 'set', sheet: 'Data', cell: 'C7', value: 46082, formula: null },
      { op: 'set', sheet: 'Data', cell: 'D7', value: 3.25, formula: null },
      { op: 'numFmt', sheet: 'Data', range: 'B7', numFmt: '0%' },
      { op: 'numFmt', sheet: 'Data', range: 'C7', numFmt: 'yyyy-mm-dd' },
      { op: 'numFmt', sheet: 'Data', range: 'A3', numFmt: '#,##0.00' },
      { op: 'style', sheet: 'Data', range: 'A2', style: { bold: true } },
      { op: 'style', sheet: 'Data', range: 'A8:A9', style: { fill: '#FFFF00' } },
      { op: 'columnWidth', sheet: 'Data', columns: 'C', width: 21 },
      { op: 'rowHeight', sheet: 'Data', rows: '10', height: 22.5 },
      { op: 'hideColumns', sheet: 'Data', columns: 'E', hidden: true },
      { op: 'hideRows', sheet: 'Data', rows: '3', hidden: false },
      { op: 'freeze', sheet: 'Data', rows: 2, cols: 1 },
      { op: 'border', sheet: 'Data', range: 'A11:B12', type: 'all', style: 'thin', color: '#000000' },
    ]);
    // Collected: the same state again is no change.
    touch(1, 0);
    dirty.config.add('s0');
    expect(collectOps(fw, grid, dirty, 'Calibri')).toEqual([]);
  });

  it('a 1904 workbook stores typed dates in its own count', () => {
    const w = parseWorkbook({ date1904: true, sheets: [{ name: 'S' }] });
    const fw = workbookToFortune(w);
    const grid = gridOf(fw);
    grid[0]!.data![0]![0] = { v: 46082, ct: { fa: 'yyyy-MM-dd', t: 'd' } };
    const ops = collectOps(fw, grid, { cells: new Map([['s0', new Set(['0,0'])]]), config: new Set() }, 'Calibri');
    expect(ops[0]).toMatchObject({ op: 'set', cell: 'A1', value: 46082 - 1462 });
  });

  it('groups cells into rectangles and normalises formats', () => {
    expect(toRanges([{ r: 0, c: 0 }, { r: 0, c: 1 }, { r: 1, c: 0 }, { r: 1, c: 1 }, { r: 3, c: 5 }])).toEqual(['A1:B2', 'F4']);
    expect(normFormat('General')).toBeNull();
    expect(normFormat('yyyy-MM-dd HH:mm')).toBe('yyyy-mm-dd hh:mm');
    expect(normFormat('h:mm AM/PM')).toBe('h:mm AM/PM');
  });
});

describe('conditional formats', () => {
  const sheet = parseWorkbook({
    sheets: [
      {
        name: 'S',
        cells: { A1: { value: 5 }, A2: { value: 50 }, A3: { value: 100 }, B1: { value: 'x' }, B2: { value: 'y' }, B3: { value: 'x' } },
        conditionalFormats: [
          { range: 'A1:A3', rule: { type: 'cellIs', operator: 'greaterThan', values: [40], style: { fill: '#FFC7CE' } } },
          { range: 'A1:A3', rule: { type: 'colorScale', colors: ['#F8696B', '#63BE7B'] } },
          { range: 'A1:A3', rule: { type: 'dataBar', color: '#638EC6' } },
          { range: 'B1:B3', rule: { type: 'expression', formula: 'AND($B1="x",ROW()>1)', style: { fill: '#00FF00' } } },
        ],
      },
    ],
  }).sheets[0]!;
  const data = [
    [{ v: 5, ct: { t: 'n' } }, { v: 'x' }],
    [{ v: 50, ct: { t: 'n' } }, { v: 'y' }],
    [{ v: 100, ct: { t: 'n' } }, { v: 'x' }],
  ] as unknown as FsCell[][];
  it('paints cellIs / expression fills, colour scales and data bars from the grid values', () => {
    const m = computeConditionalFormats(sheet, data);
    expect(m.get('0_0')).toMatchObject({ fill: '#F8696B', bar: { color: '#638EC6' } });
    expect(m.get('1_0')!.fill).toBe('#FFC7CE');
    expect(m.get('2_0')).toMatchObject({ fill: '#FFC7CE', bar: { len: 1 } });
    expect(m.get('0_1')).toBeUndefined();
    expect(m.get('2_1')).toEqual({ fill: '#00FF00' });
  });
  it('puts icon-set icons by the thresholds (default percents, numbers with gte, reverse) and hides the value when the rule says', () => {
    const nums = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const s = parseWorkbook({
      sheets: [
        {
          name: 'I',
          cells: Object.fromEntries(nums.flatMap((v, i) => [[`A${i + 1}`, { value: v }], [`B${i + 1}`, { value: v }], [`C${i + 1}`, { value: v }]])),
          conditionalFormats: [
            { range: 'A1:A11', rule: { type: 'iconSet', iconSet: '3Arrows' } },
            { range: 'B1:B11', rule: { type: 'iconSet', iconSet: '5Arrows', reverse: true, showValue: false, cfvo: [{ type: 'percent', value: 0 }, { type: 'num', value: 20 }, { type: 'num', value: 40, gte: false }, { type: 'percent', value: 60 }, { type: 'percentile', value: 80 }] } },
            { range: 'C1:C11', rule: { type: 'dataBar', color: '#638EC6', showValue: false } },
          ],
        },
      ],
    }).sheets[0]!;
    const grid = nums.map((v) => [{ v, ct: { t: 'n' } }, { v, ct: { t: 'n' } }, { v, ct: { t: 'n' } }]) as unknown as FsCell[][];
    const m = computeConditionalFormats(s, grid);
    // 3 icons: below 33 % of the range, from 33 %, from 67 %
    expect(nums.map((_, r) => m.get(`${r}_0`)!.icon!.index)).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2]);
    expect(m.get('0_0')!.hideValue).toBeUndefined();
    // 5 icons reversed: ≥20 → 1, >40 → 2, ≥60 % → 3, ≥80th percentile → 4 (then reversed: 4 - index)
    expect(nums.map((_, r) => 4 - m.get(`${r}_1`)!.icon!.index)).toEqual([0, 0, 1, 1, 1, 2, 3, 3, 4, 4, 4]);
    expect(m.get('0_1')).toMatchObject({ icon: { set: '5Arrows' }, hideValue: true });
    expect(m.get('5_2')).toMatchObject({ bar: { color: '#638EC6' }, hideValue: true });
  });
  it('evaluates the common expression forms', () => {
    const x = { data, dr: 0, dc: 0, row: 0, col: 0 };
    expect(compileExpression('SUM(A1:A3)/3>50')!(x)).toBe(true);
    expect(compileExpression('MOD(ROW(),2)=1')!(x)).toBe(true);
    expect(compileExpression('ISBLANK(C1)')!(x)).toBe(true);
    expect(compileExpression('NOSUCHFN(A1)')).toBeNull();
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
  it('appends workbook ops in order, dropping value sets a later set of the same cell replaces', () => {
    const a = mergeEdits(null, { kind: 'workbook', ops: [{ op: 'set', sheet: 'S', cell: 'A1', value: 1 }, { op: 'style', sheet: 'S', range: 'A1', style: { bold: true } }] });
    const b = mergeEdits(a, { kind: 'workbook', ops: [{ op: 'set', sheet: 'S', cell: 'A1', value: 2 }] });
    expect(b).toEqual({ kind: 'workbook', ops: [{ op: 'style', sheet: 'S', range: 'A1', style: { bold: true } }, { op: 'set', sheet: 'S', cell: 'A1', value: 2 }] });
  });
});
