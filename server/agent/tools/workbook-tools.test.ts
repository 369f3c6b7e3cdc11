// The workbook tools answer with what they produced: write_range gives the computed values of the
// formulas it wrote, or — not ok — the cells whose formula fails and why; chart tools update, move and
// delete charts by id, warn about a chart placed on another or on data, and the rendered file
// carries the change (read back from the package XML; LibreOffice converts it, required in CI).
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice, sofficeConvert } from '@/server/documents/common/soffice';
import { inspectWorkbook } from '@/server/documents/workbook/inspect-workbook';
import { renderWorkbook } from '@/server/documents/workbook/render-xlsx';
import { finishWorkbook } from './workbook-tools';
import { workbookToolsHarness } from './testing/workbook-tools-harness';

const soffice = findSoffice();
const inCi = !!process.env.CI;
if (!soffice && !inCi) console.warn('LibreOffice not found: the workbook-tools conversion test is skipped');

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const setup = workbookToolsHarness;

/** A Summary sheet and a "Regional Details" sheet with regions in A2:A6 and revenue in B2:B6. */
async function regional() {
  const t = setup();
  await t.call('add_sheet', { name: 'Summary' });
  await t.call('add_sheet', { name: 'Regional Details' });
  const rows = [['Region', 'Revenue', 'Units'], ['North', 1200, 10], ['South', 900, 8], ['East', 1500, 12], ['West', 700, 5], ['Central', 1100, 9]];
  expect(await t.call('write_range', { sheet: 'Regional Details', start: 'A1', rows })).toEqual({ ok: true, written: 'A1:C6', cells: 18 });
  return t;
}

async function packageOf(t: ReturnType<typeof setup>): Promise<JSZip> {
  return JSZip.loadAsync(await renderWorkbook(finishWorkbook(t.state)));
}

async function chartXmls(zip: JSZip): Promise<string[]> {
  const names = Object.keys(zip.files).filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n)).sort();
  return Promise.all(names.map(async (n) => (await zip.file(n)!.async('string')).replace(/&apos;/g, "'")));
}

describe('write_range', () => {
  it('a formula on a missing sheet: not ok, the cell, its error and the sheets there are; the write stays', async () => {
    const t = await regional();
    const out = await t.call('write_range', { sheet: 'Summary', start: 'A4', rows: [['Total', "='Regional Detals'!B2+'Regional Details'!B3"]] });
    expect(out).toEqual({ ok: false, error: expect.any(String), written: 'A4:B4', errors: { B4: '#REF!' } });
    expect(out.error).toContain('wrote A4:B4 (the cells stay written)');
    expect(out.error).toContain('B4 = #REF!: sheet "Regional Detals" does not exist (sheets: Summary, Regional Details; did you mean "Regional Details"?)');
    expect(await t.call('read_range', { sheet: 'Summary', range: 'A4:B4' })).toMatchObject({ ok: true, rows: [['Total', '#REF!']] });

    // fixed: ok, with the computed value
    expect(await t.call('write_range', { sheet: 'Summary', start: 'B4', rows: [["='Regional Details'!B2+'Regional Details'!B3"]] })).toEqual({ ok: true, written: 'B4', cells: 1, values: { B4: 2100 } });
  });

  it('says why each failing formula fails, causes first, and lists at most 20 values', async () => {
    const t = await regional();
    const out = await t.call('write_range', { sheet: 'Summary', start: 'A1', rows: [['=H1/I1', '=Revnue*2', '=A1+1']] });
    expect(out).toMatchObject({ ok: false, errors: { A1: '#DIV/0!', B1: '#NAME?', C1: '#DIV/0!' } });
    expect(out.error).toContain('3 formulas compute to an error: A1 = #DIV/0!: divides by I1, which is empty');
    expect(out.error).toContain('B1 = #NAME?: "Revnue" is not a defined name or table');
    expect(out.error).toContain('C1 = #DIV/0!: comes from A1 (#DIV/0!)');

    const many = await t.call('write_range', { sheet: 'Summary', start: 'D1', rows: Array.from({ length: 30 }, (_, i) => [`=${i}*2`]) });
    expect(many).toMatchObject({ ok: true, cells: 30, moreFormulas: 10 });
    expect(Object.keys(many.values as object)).toHaveLength(20);
    expect((many.values as Record<string, number>).D20).toBe(38);
  });
});

describe('charts', () => {
  const revenueChart = { sheet: 'Regional Details', id: 'rev_by_region', type: 'column', title: 'Revenue', categories: 'A2:A5', series: [{ name: 'B1', values: 'B2:B5' }], anchor: 'E2:L16' };

  it('add_chart: an id in use names the charts there are and update_chart; a chart on another or on data is added with a warning and a free place', async () => {
    const t = await regional();
    expect(await t.call('add_chart', revenueChart)).toEqual({ ok: true, chart: 'rev_by_region', anchor: 'E2:L16' });
    expect(await t.call('add_chart', revenueChart)).toEqual({
      ok: false,
      error: 'chart id "rev_by_region" already exists (on Regional Details; charts: rev_by_region): change it with update_chart, or give a new id',
    });
    const over = await t.call('add_chart', { ...revenueChart, id: 'units', series: [{ values: 'C2:C6' }], categories: 'A2:A6', anchor: 'B3:I17' });
    expect(over).toMatchObject({ ok: true, chart: 'units' });
    expect(over.warning).toBe('anchor B3:I17 overlaps chart rev_by_region (E2:L16) and covers 8 filled cells (B3, C3, B4, …); E18:L32 is free (update_chart with that anchor).');
    expect(await t.call('update_chart', { id: 'units', anchor: 'E18:L32' })).toEqual({ ok: true, chart: 'units', sheet: 'Regional Details', anchor: 'E18:L32' });
    expect(await t.call('add_chart', { ...revenueChart, id: 'ghost', series: [{ values: 'Regional!B2:B5' }] })).toEqual({
      ok: false,
      error: 'the chart refers to sheet "Regional", which does not exist (sheets: Summary, Regional Details)',
    });
  });

  it('add_chart warns about a series with nothing to plot or a header in its values', async () => {
    const t = await regional();
    const out = await t.call('add_chart', { ...revenueChart, categories: 'A1:A5', series: [{ values: 'B1:B5' }, { values: 'D2:D5' }] });
    expect(out.warning).toBe('series 1 values \'Regional Details\'!B1:B5 include text (B1 "Revenue"), plotted as 0: leave headers out of the range; series 2 values \'Regional Details\'!D2:D5 are empty.');
  });

  it('update_chart changes type, title, series, axis titles and legend; the rendered chart part has them', async () => {
    const t = await regional();
    await t.call('add_chart', revenueChart);
    const out = await t.call('update_chart', {
      id: 'rev_by_region',
      type: 'line',
      title: 'Revenue and units by region',
      categories: 'A2:A6',
      series: [
        { name: 'Revenue', values: 'B2:B6', color: '#C00000' },
        { name: 'Units', values: 'C2:C6' },
      ],
      yAxisTitle: 'USD',
      legend: 'right',
    });
    expect(out).toEqual({ ok: true, chart: 'rev_by_region', sheet: 'Regional Details', anchor: 'E2:L16' });
    const [xml] = await chartXmls(await packageOf(t));
    expect(xml).toContain('<c:lineChart>');
    expect(xml).not.toContain('<c:barChart>');
    expect(xml).toContain('Revenue and units by region');
    expect(xml).toContain("<c:f>'Regional Details'!$B$2:$B$6</c:f>");
    expect(xml).toContain("<c:f>'Regional Details'!$C$2:$C$6</c:f>");
    expect(xml).toContain("<c:f>'Regional Details'!$A$2:$A$6</c:f>");
    expect(xml).toContain('C00000');
    expect(xml).toContain('USD');
    expect(xml).toContain('<c:legendPos val="r"/>');

    // "" removes the title; moving to another sheet keeps the ranges on their sheet
    expect(await t.call('update_chart', { id: 'rev_by_region', title: '', sheet: 'Summary', anchor: 'B2:H14' })).toMatchObject({ ok: true, sheet: 'Summary', anchor: 'B2:H14' });
    expect(t.state.wb.sheets[1]!.charts).toEqual([]);
    expect(t.state.wb.sheets[0]!.charts[0]).not.toHaveProperty('title');
    const zip = await packageOf(t);
    const [moved] = await chartXmls(zip);
    expect(moved).not.toContain('Revenue and units by region');
    expect(moved).toContain("<c:f>'Regional Details'!$B$2:$B$6</c:f>");
    const drawing = await zip.file(Object.keys(zip.files).find((n) => /^xl\/drawings\/drawing\d+\.xml$/.test(n))!)!.async('string');
    expect(drawing).toContain('<xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>');
    const rels = await zip.file('xl/worksheets/_rels/sheet1.xml.rels')!.async('string');
    expect(rels).toContain('drawing');

    expect(await t.call('update_chart', { id: 'nope', title: 'x' })).toEqual({ ok: false, error: 'no chart "nope"; charts: rev_by_region (Summary)' });
  });

  it('delete_chart removes the chart from the model and the file', async () => {
    const t = await regional();
    await t.call('add_chart', revenueChart);
    await t.call('add_chart', { ...revenueChart, id: 'second', anchor: 'E18:L32' });
    expect(await t.call('delete_chart', { id: 'rev_by_region' })).toEqual({ ok: true, deleted: 'rev_by_region', charts: ['second'] });
    expect(await chartXmls(await packageOf(t))).toHaveLength(1);
    expect(await t.call('delete_chart', { id: 'second' })).toEqual({ ok: true, deleted: 'second', charts: [] });
    const zip = await packageOf(t);
    expect(await chartXmls(zip)).toHaveLength(0);
    expect(Object.keys(zip.files).some((n) => n.startsWith('xl/drawings/'))).toBe(false);
  });

  it('set_row_heights fixes a row height and null lets it fit again', async () => {
    const t = await regional();
    expect(await t.call('set_row_heights', { sheet: 'Regional Details', heights: { '1': 30, '2': 18 } })).toEqual({ ok: true, rows: 2 });
    await t.call('set_row_heights', { sheet: 'Regional Details', heights: { '2': null } });
    const sheetXml = await (await packageOf(t)).file('xl/worksheets/sheet2.xml')!.async('string');
    expect(sheetXml).toMatch(/<row r="1" ht="30" customHeight="1"/);
    expect(sheetXml).toMatch(/<row r="2">/);
  });

  it('what the tools built, inspected: a formula to a missing sheet, a clipped header and two charts on the same cells; fixed with the tools, nothing left', async () => {
    const t = await regional();
    await t.call('write_range', { sheet: 'Summary', start: 'A1', rows: [['Regional revenue (USD)', 'Total'], ['North', "='Regional Detals'!B2"]] });
    await t.call('set_column_widths', { sheet: 'Summary', widths: { A: 8 } });
    await t.call('add_chart', revenueChart);
    await t.call('add_chart', { ...revenueChart, id: 'units', series: [{ values: 'C2:C5' }] });
    const found = inspectWorkbook(finishWorkbook(t.state)).filter((f) => f.severity !== 'info');
    expect(found.map((f) => [f.code, f.location])).toEqual([
      ['formula_error', 'Summary!B2'],
      ['missing_sheet_ref', 'Summary!B2'],
      ['text_clipped', 'Summary!A1'],
      ['chart_overlap', 'Regional Details charts rev_by_region, units'],
    ]);
    const free = /free place such as ([A-Z]+\d+:[A-Z]+\d+)/.exec(found[3]!.message)![1]!;
    await t.call('write_range', { sheet: 'Summary', start: 'B2', rows: [["='Regional Details'!B2"]] });
    await t.call('set_column_widths', { sheet: 'Summary', widths: { A: 24 } });
    await t.call('update_chart', { id: 'units', anchor: free });
    expect(inspectWorkbook(finishWorkbook(t.state)).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('set_row_heights writes custom row heights; null lets the row fit again', async () => {
    const t = await regional();
    await t.call('set_row_heights', { sheet: 'Regional Details', heights: { '1': 30, '2': 24 } });
    await t.call('set_row_heights', { sheet: 'Regional Details', heights: { '2': null } });
    const zip = await JSZip.loadAsync(await renderWorkbook(finishWorkbook(t.state)));
    const sheets = await Promise.all(Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    const regionalXml = sheets.find((x) => x.includes('<row r="6"'))!;
    expect(regionalXml).toMatch(/<row r="1"[^>]*ht="30"[^>]*customHeight="1"/);
    expect(regionalXml).not.toMatch(/<row r="2"[^>]*customHeight="1"/);
  });

  it.runIf(!!soffice || inCi)('LibreOffice converts the workbook with updated and moved charts to PDF', async () => {
    const t = await regional();
    await t.call('add_chart', revenueChart);
    await t.call('add_chart', { ...revenueChart, id: 'units', type: 'bar', series: [{ values: 'C2:C5' }], anchor: 'E18:L32' });
    await t.call('update_chart', { id: 'rev_by_region', type: 'line', yAxisTitle: 'USD', series: [{ values: 'B2:B6', color: '#C00000' }], categories: 'A2:A6' });
    await t.call('update_chart', { id: 'units', sheet: 'Summary', anchor: 'A1:H15' });
    await t.call('set_row_heights', { sheet: 'Regional Details', heights: { '1': 30 } });
    const dir = await mkdtemp(path.join(tmpdir(), 'workbook-tools-'));
    dirs.push(dir);
    const file = path.join(dir, 'charts.xlsx');
    await writeFile(file, await renderWorkbook(finishWorkbook(t.state)));
    const [pdf] = await sofficeConvert([file], 'pdf', dir);
    expect((await stat(pdf!)).size).toBeGreaterThan(5_000);
  }, 120_000);
});
