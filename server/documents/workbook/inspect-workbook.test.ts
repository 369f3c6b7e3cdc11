// inspectWorkbook: each finding on a small workbook built to have it, and not on the same workbook
// fixed; the sample report has nothing but its (estimated) page counts; a large workbook stays bounded.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../common/finding';
import { sampleWorkbook } from '../fixtures/sample-workbook';
import { inspectWorkbook } from './inspect-workbook';
import { parseWorkbook, type WorkbookInput } from './schema';

const inspect = (input: WorkbookInput, opts?: Parameters<typeof inspectWorkbook>[1]) => inspectWorkbook(parseWorkbook(input), opts);
const codes = (fs: Finding[]) => fs.filter((f) => f.severity !== 'info').map((f) => f.code);
const only = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);

describe('formula errors', () => {
  it('names the missing sheet, the sheets there are and the closest one; the cell shows both findings', () => {
    const fs = inspect({
      sheets: [
        { name: 'Summary', cells: { A4: { value: 'North' }, B4: { formula: "'Regional Detals'!E9" } } },
        { name: 'Regional Details', cells: { E9: { value: 5 } } },
      ],
    });
    const [err] = only(fs, 'formula_error');
    expect(err).toMatchObject({ severity: 'error', location: 'Summary!B4' });
    expect(err!.message).toContain('#REF!');
    expect(err!.message).toContain('sheet "Regional Detals" does not exist (sheets: Summary, Regional Details; did you mean "Regional Details"?)');
    expect(only(fs, 'missing_sheet_ref')).toEqual([expect.objectContaining({ location: 'Summary!B4' })]);

    const fixed = inspect({
      sheets: [
        { name: 'Summary', cells: { A4: { value: 'North' }, B4: { formula: "'Regional Details'!E9" } } },
        { name: 'Regional Details', cells: { E9: { value: 5 } } },
      ],
    });
    expect(codes(fixed)).toEqual([]);
  });

  it('says why: an unknown name, an unknown function, a division by an empty cell; errors carried over come after their cause', () => {
    const fs = only(
      inspect({
        sheets: [
          {
            name: 'S',
            cells: {
              A1: { formula: 'Revenue*2' },
              A2: { formula: 'SUMX(B1:B3)' },
              A3: { formula: 'B3/C3' },
              B3: { value: 4 },
              A4: { formula: 'A3+1' },
              A5: { formula: 'NA()', allowError: true },
              A6: { formula: 'TEXTBEFORE("a-b","-")' },
            },
          },
        ],
      }),
      'formula_error',
    );
    expect(fs.map((f) => f.location)).toEqual(['S!A1', 'S!A2', 'S!A3', 'S!A4']);
    expect(fs[0]!.message).toMatch(/#NAME\?.*"Revenue" is not a defined name/);
    expect(fs[1]!.message).toContain('SUMX is not an Excel function');
    expect(fs[2]!.message).toContain('divides by C3, which is empty');
    expect(fs[3]!.message).toContain('comes from A3 (#DIV/0!)');
  });

  it('groups many cells failing the same way into one finding', () => {
    const cells: NonNullable<WorkbookInput['sheets'][number]['cells']> = {};
    for (let r = 1; r <= 500; r++) {
      cells[`A${r}`] = { value: r };
      cells[`C${r}`] = { formula: `A${r}/B${r}` };
    }
    const fs = only(inspect({ sheets: [{ name: 'Data', cells }] }), 'formula_error');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ location: 'Data!C1:C500' });
    expect(fs[0]!.message).toMatch(/^500 cells show #DIV\/0!, e\.g\. C1 =A1\/B1: divides by B1, which is empty/);
  });
});

describe('missing sheets', () => {
  it('in chart ranges, defined names and links', () => {
    const fs = inspect({
      definedNames: [{ name: 'Rate', ref: 'Inputs!$B$1' }],
      sheets: [
        {
          name: 'S',
          cells: { A1: { value: 'x' }, A2: { value: 1 }, A3: { formula: '[1]Budget!A1*2', value: 4 } },
          hyperlinks: [{ ref: 'A1', location: 'Detail!A1' }],
          charts: [{ id: 'c1', type: 'column', series: [{ values: 'Data!B2:B5' }], anchor: 'D2:J15' }],
        },
      ],
    });
    expect(only(fs, 'missing_sheet_ref').map((f) => f.location).sort()).toEqual(['S chart c1', 'S!A1', 'name Rate']);
    expect(only(fs, 'missing_sheet_ref').find((f) => f.location === 'S chart c1')!.message).toContain('sheet "Data", which does not exist (sheets: S)');
  });
});

describe('cells', () => {
  const header = (neighbour: boolean, width: number): WorkbookInput => ({
    sheets: [{ name: 'S', columns: { A: { width } }, cells: { A1: { value: 'Regional revenue (USD)' }, ...(neighbour ? { B1: { value: 'Q1' } } : {}) } }],
  });

  it('text_clipped: text wider than its column with a filled neighbour; not when the neighbour is empty or the column wide enough', () => {
    const [f] = only(inspect(header(true, 8)), 'text_clipped');
    expect(f).toMatchObject({ location: 'S!A1', severity: 'warning' });
    expect(f!.message).toMatch(/set column A to ≥ (1[89]|2\d)/);
    expect(only(inspect(header(false, 8)), 'text_clipped')).toEqual([]);
    expect(only(inspect(header(true, 24)), 'text_clipped')).toEqual([]);
  });

  it('text_clipped: a table header that fits its column until the filter button takes its end', () => {
    const wb = (table: boolean): WorkbookInput => ({
      sheets: [
        {
          name: 'S',
          columns: { A: { width: 20 } },
          cells: { A1: { value: 'Annual recurring revenue' }, B1: { value: 'Units' }, A2: { value: 1 }, B2: { value: 2 } },
          tables: table ? [{ name: 'T', range: 'A1:B2' }] : [],
        },
      ],
    });
    expect(only(inspect(wb(true)), 'text_clipped')).toEqual([expect.objectContaining({ location: 'S!A1' })]);
    expect(only(inspect(wb(false)), 'text_clipped')).toEqual([]);
  });

  it('text_clipped: wrapped header in a row of fixed height; fine when the row may grow', () => {
    const wb = (rows: Record<string, { height: number }>): WorkbookInput => ({
      sheets: [{ name: 'S', columns: { A: { width: 10 } }, rows, cells: { A3: { value: 'Revenue growth year over year', style: { wrap: true, bold: true } } } }],
    });
    const [f] = only(inspect(wb({ '3': { height: 15 } })), 'text_clipped');
    expect(f).toMatchObject({ location: 'S!A3' });
    expect(f!.message).toMatch(/row 3 is 15 pt high .* needs about \d lines/);
    expect(only(inspect(wb({})), 'text_clipped')).toEqual([]);
    expect(only(inspect(wb({ '3': { height: 60 } })), 'text_clipped')).toEqual([]);
  });

  it('number_hashes: a formatted number wider than its column', () => {
    const wb = (width: number): WorkbookInput => ({ sheets: [{ name: 'S', columns: { B: { width } }, cells: { B2: { value: 1234567.891, numFmt: '#,##0.00' }, B3: { formula: 'B2*2', numFmt: '#,##0.00' } } }] });
    const [f] = only(inspect(wb(8)), 'number_hashes');
    expect(f).toMatchObject({ location: 'S!B2:B3' });
    expect(f!.message).toContain('"1,234,567.89"');
    expect(only(inspect(wb(14)), 'number_hashes')).toEqual([]);
  });

  it('number_as_text: numeric strings among numbers, grouped; a year in the header row is left alone', () => {
    const cells: NonNullable<WorkbookInput['sheets'][number]['cells']> = { B1: { value: '2025' } };
    [100, '1,200', 300, '12%', 500].forEach((v, i) => (cells[`B${i + 2}`] = { value: v }));
    const [f] = only(inspect({ sheets: [{ name: 'S', cells }] }), 'number_as_text');
    expect(f).toMatchObject({ location: 'S!B3, B5' });
    expect(f!.message).toContain('"1,200"');
    cells.B3 = { value: 1200 };
    cells.B5 = { value: 0.12, numFmt: '0%' };
    expect(only(inspect({ sheets: [{ name: 'S', cells }] }), 'number_as_text')).toEqual([]);
  });
});

describe('charts', () => {
  const data = (): NonNullable<WorkbookInput['sheets'][number]['cells']> => {
    const cells: NonNullable<WorkbookInput['sheets'][number]['cells']> = { A1: { value: 'Month' }, B1: { value: 'Sales' } };
    for (let r = 2; r <= 7; r++) {
      cells[`A${r}`] = { value: `M${r - 1}` };
      cells[`B${r}`] = { value: r * 10 };
    }
    return cells;
  };
  const chart = (id: string, anchor: string, values = 'S!B2:B7', categories = 'S!A2:A7') => ({ id, type: 'column' as const, categories, series: [{ values }], anchor });

  it('chart_overlap and chart_covers_data, with a free place to move to', () => {
    const fs = inspect({ sheets: [{ name: 'S', cells: data(), charts: [chart('c1', 'D2:J15'), chart('c2', 'F5:L18'), chart('c3', 'A4:C10')] }] });
    const [overlap] = only(fs, 'chart_overlap');
    expect(overlap).toMatchObject({ location: 'S charts c1, c2' });
    expect(overlap!.message).toMatch(/move c2 to a free place such as D17:J30/);
    const [covers] = only(fs, 'chart_covers_data');
    expect(covers).toMatchObject({ location: 'S chart c3' });
    expect(covers!.message).toMatch(/covers 8 filled cells \(S!A4, S!B4, S!A5, …\)/);
    const fixed = inspect({ sheets: [{ name: 'S', cells: data(), charts: [chart('c1', 'D2:J15'), chart('c2', 'D17:J30')] }] });
    expect(codes(fixed).filter((c) => c.startsWith('chart_') && c !== 'chart_split_across_pages')).toEqual([]);
  });

  it('chart_series_invalid: empty values, text values, a header inside the values, categories of another length', () => {
    const fs = inspect({
      sheets: [
        {
          name: 'S',
          cells: data(),
          charts: [chart('empty', 'D2:J15', 'S!E2:E7'), chart('text', 'D17:J30', 'S!A2:A7'), chart('header', 'L2:R15', 'S!B1:B7', 'S!A1:A7'), chart('short', 'L17:R30', 'S!B2:B7', 'S!A2:A5')],
        },
      ],
    });
    const msg = (id: string) => only(fs, 'chart_series_invalid').find((f) => f.location === `S chart ${id}`)?.message;
    expect(msg('empty')).toContain('values S!E2:E7 are empty');
    expect(msg('text')).toContain('hold text, no numbers (e.g. A2 "M1")');
    expect(msg('header')).toContain('include text (B1 "Sales"), plotted as 0');
    expect(msg('short')).toContain('have 6 points but categories S!A2:A5 have 4');
    const clean = inspect({ sheets: [{ name: 'S', cells: data(), charts: [chart('ok', 'D2:J15')] }] });
    expect(only(clean, 'chart_series_invalid')).toEqual([]);
  });
});

describe('printing (estimated)', () => {
  it('counts pages, flags columns cut across pages and a chart cut by a page break', () => {
    const cells: NonNullable<WorkbookInput['sheets'][number]['cells']> = {};
    for (let r = 1; r <= 80; r++) for (let c = 0; c < 20; c++) cells[`${String.fromCharCode(65 + c)}${r}`] = { value: r * c };
    const wide = inspect({ sheets: [{ name: 'S', cells, print: { fitToPage: false, orientation: 'portrait' } }] });
    const [pages] = only(wide, 'print_pages');
    expect(pages).toMatchObject({ severity: 'warning', location: 'S print A1:T80' });
    expect(pages!.message).toMatch(/prints on about 4 pages \(estimated; Letter portrait, at 100%: 2 wide × 2 tall\); columns from L print on separate pages/);

    const tall: NonNullable<WorkbookInput['sheets'][number]['cells']> = {};
    for (let r = 1; r <= 60; r++) tall[`A${r}`] = { value: r };
    const split = inspect({ sheets: [{ name: 'S', cells: tall, charts: [{ id: 'c1', type: 'line', series: [{ values: 'S!A1:A60' }], anchor: 'C28:J45' }] }] });
    expect(only(split, 'print_pages')[0]).toMatchObject({ severity: 'info' });
    const [cut] = only(split, 'chart_split_across_pages');
    expect(cut).toMatchObject({ location: 'S chart c1' });
    expect(cut!.message).toMatch(/page break before row 3\d/);
    const moved = inspect({ sheets: [{ name: 'S', cells: tall, charts: [{ id: 'c1', type: 'line', series: [{ values: 'S!A1:A60' }], anchor: 'C2:J19' }] }] });
    expect(only(moved, 'chart_split_across_pages')).toEqual([]);
  });
});

describe('clean and large workbooks', () => {
  it('the sample report has no errors or warnings, only its page counts', () => {
    const fs = inspect(sampleWorkbook());
    expect(fs.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(fs.map((f) => f.code)).toEqual(['print_pages', 'print_pages', 'print_pages']);
  });

  it('a 200,000-cell workbook full of defects gives at most 40 findings, grouped, and says when it looked at only part', () => {
    const cells: NonNullable<WorkbookInput['sheets'][number]['cells']> = {};
    for (let r = 1; r <= 40_000; r++) {
      cells[`A${r}`] = { value: `A label far too long for its column ${r}` };
      cells[`B${r}`] = { value: r };
      cells[`C${r}`] = { formula: `B${r}/D${r}` };
      cells[`D${r}`] = { value: r % 2 ? '1,200' : r };
      cells[`E${r}`] = { value: 1234567.5, numFmt: '#,##0.00' };
    }
    const wb = { sheets: [{ name: 'Big', columns: { A: { width: 6 }, E: { width: 6 } }, cells }, { name: 'More', cells: { A1: { value: 'x' } } }] };
    const fs = inspect(wb);
    expect(fs.length).toBeLessThanOrEqual(40);
    expect(only(fs, 'text_clipped')).toEqual([expect.objectContaining({ location: 'Big!A1:A40000' })]);
    expect(only(fs, 'number_hashes')).toEqual([expect.objectContaining({ location: 'Big!E1:E40000' })]);
    expect(only(fs, 'number_as_text')).toHaveLength(1);
    expect(only(fs, 'formula_error').length).toBeLessThanOrEqual(2);

    const part = inspect(wb, { maxCells: 50_000 });
    expect(only(part, 'inspection_limited')).toEqual([expect.objectContaining({ location: 'Big, More' })]);
    expect(only(part, 'text_clipped')[0]!.location).toMatch(/^Big!A1, A2, A3, A4, A5, A6 \(\+\d+ more\)$|^Big!A1:A10000$/);
  });
});
