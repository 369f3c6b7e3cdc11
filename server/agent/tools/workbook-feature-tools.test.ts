// The workbook feature tools (autofit, conditional formats, validation, notes and links, rows and
// columns, print setup, title and names, chart number formats and labels): each answers with what it
// did or an error that says how to succeed, and the rendered file carries the feature — read back
// from the package XML, independently with openpyxl, and after a LibreOffice round trip (LibreOffice
// and openpyxl are required in CI).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice, sofficeConvert } from '@/server/documents/common/soffice';
import { inspectWorkbook } from '@/server/documents/workbook/inspect-workbook';
import { renderWorkbookFile } from '@/server/documents/workbook/render-workbook-file';
import { renderWorkbook } from '@/server/documents/workbook/render-xlsx';
import { readXlsx } from '@/server/documents/workbook/xlsx/read-xlsx';
import { createWorkbookState, finishWorkbook, workbookTools } from './workbook-tools';
import { runTool } from './testing/run-tool';
import { workbookToolsHarness } from './testing/workbook-tools-harness';

const soffice = findSoffice();
const PYTHON = '/usr/bin/python3';
const inCi = !!process.env.CI;
const hasOpenpyxl =
  existsSync(PYTHON) &&
  (await new Promise<boolean>((resolve) => execFile(PYTHON, ['-c', 'import openpyxl'], (err) => resolve(!err))));
if (!soffice && !inCi) console.warn('LibreOffice not found: the workbook feature conversion test is skipped');
if (!hasOpenpyxl && !inCi) console.warn('openpyxl not found: the workbook feature read-back tests are skipped');

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const setup = workbookToolsHarness;

/** A Sales sheet: a title in A1, headers in row 3, six regions with revenue, margin, status and a total. */
async function sales() {
  const t = setup();
  await t.call('add_sheet', { name: 'Sales' });
  await t.call('add_sheet', { name: 'Lists' });
  const rows = [
    ['Quarterly revenue by region, fiscal year 2025 (all figures in US dollars)'],
    [],
    ['Region', 'Revenue', 'Margin', 'Status'],
    ['North America', 1234567.891, 0.213, 'On track'],
    ['South', 987654.5, -0.05, 'At risk'],
    ['Europe, Middle East and Africa', 1500000, 0.18, 'On track'],
    ['West', 700000, 0.09, 'Behind'],
    ['Central', 1100000, 0.12, 'On track'],
    ['Total', '=SUM(B4:B8)', '=AVERAGE(C4:C8)', ''],
  ];
  await t.call('write_range', { sheet: 'Sales', start: 'A1', rows });
  await t.call('format_range', { sheet: 'Sales', range: 'A1', style: { bold: true, fontSize: 14 } });
  await t.call('format_range', { sheet: 'Sales', range: 'A3:D3', style: { bold: true } });
  await t.call('format_range', { sheet: 'Sales', range: 'B4:B9', numFmt: '$#,##0.00' });
  await t.call('format_range', { sheet: 'Sales', range: 'C4:C9', numFmt: '0.0%' });
  await t.call('write_range', {
    sheet: 'Lists',
    start: 'A1',
    rows: [['Status'], ['On track'], ['At risk'], ['Behind']],
  });
  return t;
}

async function render(t: ReturnType<typeof setup>): Promise<Buffer> {
  return renderWorkbook(finishWorkbook(t.state));
}

async function part(buf: Buffer, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const f = zip.file(name);
  if (!f) throw new Error(`no part ${name}; parts: ${Object.keys(zip.files).join(', ')}`);
  return (await f.async('string')).replace(/&apos;/g, "'").replace(/&quot;/g, '"');
}

/** Everything openpyxl reads of the features, as JSON. */
const READ_BACK = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"title": wb.properties.title, "names": {}, "sheets": {}}
try:
    items = wb.defined_names.items()
except AttributeError:
    items = [(d.name, d) for d in wb.defined_names.definedName]
for n, d in items:
    out["names"][n] = d.attr_text
for ws in wb.worksheets:
    cf = []
    for rng in ws.conditional_formatting:
        for r in rng.rules:
            cf.append({"range": str(rng.sqref), "type": r.type, "operator": r.operator, "formula": list(r.formula or []), "rank": r.rank, "bottom": r.bottom})
    dv = [{"range": str(d.sqref), "type": d.type, "operator": d.operator, "formula1": d.formula1, "formula2": d.formula2} for d in ws.data_validations.dataValidation]
    comments = {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment}
    links = {c.coordinate: (c.hyperlink.target or c.hyperlink.location) for row in ws.iter_rows() for c in row if c.hyperlink}
    widths = {k: v.width for k, v in ws.column_dimensions.items() if v.width}
    out["sheets"][ws.title] = {"cf": cf, "dv": dv, "comments": comments, "links": links, "widths": widths,
        "print_area": ",".join(ws.print_area) if isinstance(ws.print_area, list) else ws.print_area, "print_title_rows": ws.print_title_rows, "orientation": ws.page_setup.orientation,
        "fitToWidth": ws.page_setup.fitToWidth, "fitToPage": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        "row_breaks": [b.id for b in ws.row_breaks.brk], "cells": {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}}
print(json.dumps(out, default=str))
`;

/** What READ_BACK prints. */
interface ReadBack {
  title: string | null;
  names: Record<string, string>;
  sheets: Record<
    string,
    {
      cf: Array<Record<string, unknown>>;
      dv: Array<Record<string, unknown>>;
      comments: Record<string, string>;
      links: Record<string, string>;
      widths: Record<string, number>;
      print_area: string | null;
      print_title_rows: string | null;
      orientation: string | null;
      fitToWidth: number | null;
      fitToPage: boolean | null;
      row_breaks: number[];
      cells: Record<string, unknown>;
    }
  >;
}

async function openpyxlRead(buf: Buffer): Promise<ReadBack> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wb-features-'));
  dirs.push(dir);
  const file = path.join(dir, 'book.xlsx');
  await writeFile(file, buf);
  return readBackFile(file);
}

function readBackFile(file: string): Promise<ReadBack> {
  return new Promise((resolve, reject) =>
    execFile(PYTHON, ['-c', READ_BACK, file], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(JSON.parse(stdout) as ReadBack),
    ),
  );
}

const withPython = it.runIf(hasOpenpyxl || inCi);

describe('autofit_columns', () => {
  it('fits formatted numbers and bold headers, ignores a title over empty cells, and clears the clipping the inspection found', async () => {
    const t = await sales();
    await t.call('set_column_widths', { sheet: 'Sales', widths: { A: 6, B: 6, C: 4, D: 5 } });
    const before = inspectWorkbook(finishWorkbook(t.state)).filter(
      (f) => f.code === 'text_clipped' || f.code === 'number_hashes',
    );
    expect(before.length).toBeGreaterThanOrEqual(2);

    const out = await t.call('autofit_columns', { sheet: 'Sales' });
    expect(out.ok).toBe(true);
    const widths = out.widths as Record<string, number>;
    // "Europe, Middle East and Africa" (30 characters) sets A, not the 72-character title in A1
    expect(widths.A).toBeGreaterThan(25);
    expect(widths.A).toBeLessThan(40);
    // "$1,234,567.89" (13 characters) as formatted, not the raw 1234567.891
    expect(widths.B).toBeGreaterThan(12);
    expect(widths.B).toBeLessThan(18);
    expect(widths.C).toBeLessThan(10);
    // the last column of the table counts its texts ("On track"), though the cells to its right are empty
    expect(widths.D).toBeGreaterThan(7);
    const after = inspectWorkbook(finishWorkbook(t.state)).filter(
      (f) => f.code === 'text_clipped' || f.code === 'number_hashes',
    );
    expect(after).toEqual([]);

    const sheetXml = await part(await render(t), 'xl/worksheets/sheet1.xml');
    expect(sheetXml).toMatch(new RegExp(`<col min="1" max="1" width="${widths.A}"`));
  });

  it('fits only the columns asked for; caps a long text at 60 and says to wrap it', async () => {
    const t = await sales();
    await t.call('write_range', {
      sheet: 'Sales',
      start: 'E3',
      rows: [
        ['Comment', 'x'],
        ['a'.repeat(120), 'y'],
      ],
    });
    const out = await t.call('autofit_columns', { sheet: 'Sales', columns: 'E' });
    expect(out).toMatchObject({ ok: true, widths: { E: 60 }, note: expect.stringContaining('wrap') });
    expect(Object.keys(out.widths as object)).toEqual(['E']);
  });

  it('fits a one-column list, though each of its texts stands alone', async () => {
    const t = setup();
    await t.call('add_sheet', { name: 'Notes' });
    await t.call('write_range', {
      sheet: 'Notes',
      start: 'B2',
      rows: [['Check every region total'], ['Confirm the exchange rates with finance'], ['Send to the board']],
    });
    const out = await t.call('autofit_columns', { sheet: 'Notes' });
    expect((out.widths as Record<string, number>).B).toBeGreaterThan(30);
  });

  it('splits a column span (as imported files have) around the fitted column', async () => {
    const t = await sales();
    t.state.wb.sheets[0]!.columns = { 'A:XFD': { width: 5 } };
    const out = await t.call('autofit_columns', { sheet: 'Sales', columns: 'B' });
    expect(finishWorkbook(t.state).sheets[0]!.columns).toEqual({
      A: { width: 5 },
      B: { width: (out.widths as Record<string, number>).B },
      'C:XFD': { width: 5 },
    });
    const xml = await part(await render(t), 'xl/worksheets/sheet1.xml');
    expect(xml).toMatch(
      new RegExp(
        `<col min="2" max="2" width="${(out.widths as Record<string, number>).B}" customWidth="1"/><col min="3" max="16384" width="5"`,
      ),
    );
  });

  it('errors say how to succeed', async () => {
    const t = await sales();
    expect(await t.call('autofit_columns', { sheet: 'Sales', columns: 'B2' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('"A:F"'),
    });
    expect(await t.call('autofit_columns', { sheet: 'Sales', columns: 'K:M' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('write values first'),
    });
    expect(await t.call('autofit_columns', { sheet: 'Sale' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('sheets: Sales, Lists'),
    });
  });
});

describe('add_conditional_format', () => {
  it('writes comparison, top/bottom, formula, colour scale and data bar rules; clear removes them', async () => {
    const t = await sales();
    for (const input of [
      { range: 'C4:C8', kind: '<', values: [0] },
      { range: 'B4:B8', kind: 'between', values: [1000000, '=$B$9'], fill: '#C6EFCE', color: '#006100' },
      { range: 'B4:B8', kind: 'top', values: ['20%'] },
      { range: 'A4:D8', kind: 'formula', values: ['=$D4="Behind"'], bold: true },
      { range: 'D4:D8', kind: '=', values: ['At risk'] },
      { range: 'B4:B8', kind: 'colorScale' },
      { range: 'C4:C8', kind: 'dataBar', fill: '#5B9BD5' },
    ]) {
      expect(await t.call('add_conditional_format', { sheet: 'Sales', ...input })).toMatchObject({ ok: true });
    }
    const xml = await part(await render(t), 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('<conditionalFormatting sqref="C4:C8"><cfRule type="cellIs" dxfId=');
    expect(xml).toMatch(/operator="lessThan"><formula>0<\/formula>/);
    expect(xml).toMatch(/operator="between"><formula>1000000<\/formula><formula>\$B\$9<\/formula>/);
    expect(xml).toMatch(/type="top10"[^>]*rank="20" percent="1"/);
    expect(xml).toMatch(/type="expression"[^>]*><formula>\$D4="Behind"<\/formula>/);
    expect(xml).toMatch(/operator="equal"><formula>"At risk"<\/formula>/);
    expect(xml).toContain('<colorScale>');
    expect(xml).toContain('<dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF5B9BD5"/>');
    const styles = await part(await render(t), 'xl/styles.xml');
    expect(styles).toMatch(/<dxfs count="\d+">.*FFC7CE/);

    expect(await t.call('add_conditional_format', { sheet: 'Sales', range: 'B4:C8', kind: 'clear' })).toEqual({
      ok: true,
      removed: 6,
    });
    expect(finishWorkbook(t.state).sheets[0]!.conditionalFormats.map((c) => c.range)).toEqual(['D4:D8']);
  });

  withPython('openpyxl reads the rules back', async () => {
    const t = await sales();
    await t.call('add_conditional_format', { sheet: 'Sales', range: 'C4:C8', kind: '<', values: [0] });
    await t.call('add_conditional_format', { sheet: 'Sales', range: 'B4:B8', kind: 'bottom', values: [2] });
    await t.call('add_conditional_format', { sheet: 'Sales', range: 'B4:B8', kind: 'dataBar' });
    const cf = (await openpyxlRead(await render(t))).sheets.Sales!.cf;
    expect(cf).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ range: 'C4:C8', type: 'cellIs', operator: 'lessThan', formula: ['0'] }),
        expect.objectContaining({ range: 'B4:B8', type: 'top10', rank: 2, bottom: true }),
        expect.objectContaining({ range: 'B4:B8', type: 'dataBar' }),
      ]),
    );
  });

  it('errors say how to succeed', async () => {
    const t = await sales();
    expect(
      await t.call('add_conditional_format', { sheet: 'Sales', range: 'B4:B8', kind: 'between', values: [1] }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('two values (low, high)') });
    expect(await t.call('add_conditional_format', { sheet: 'Sales', range: 'B4:B8', kind: 'formula' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('top-left cell'),
    });
    expect(
      await t.call('add_conditional_format', {
        sheet: 'Sales',
        range: 'B4:B8',
        kind: 'colorScale',
        values: ['red', 'green'],
      }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('hex colours') });
    expect(
      await t.call('add_conditional_format', { sheet: 'Sales', range: 'B4-B8', kind: '>', values: [1] }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('range') });
  });
});

describe('set_data_validation', () => {
  it('writes a list of choices, a list from a range on another sheet and a whole-number range; none removes', async () => {
    const t = await sales();
    expect(
      await t.call('set_data_validation', {
        sheet: 'Sales',
        range: 'D4:D8',
        type: 'list',
        values: ['On track', 'At risk', 'Behind'],
      }),
    ).toEqual({ ok: true, range: 'D4:D8', type: 'list' });
    expect(
      await t.call('set_data_validation', {
        sheet: 'Sales',
        range: 'D4:D8',
        type: 'list',
        values: ['Lists!A2:A4'],
        prompt: 'Pick a status',
      }),
    ).toEqual({ ok: true, range: 'D4:D8', type: 'list', replaced: 1 });
    await t.call('set_data_validation', { sheet: 'Sales', range: 'E4:E8', type: 'whole', min: 0, max: 100 });
    await t.call('set_data_validation', { sheet: 'Sales', range: 'F4:F8', type: 'decimal', min: 0 });
    const xml = await part(await render(t), 'xl/worksheets/sheet1.xml');
    expect(xml).toMatch(
      /<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"[^>]*prompt="Pick a status"[^>]*sqref="D4:D8"><formula1>Lists!\$A\$2:\$A\$4<\/formula1>/,
    );
    expect(xml).toMatch(
      /<dataValidation type="whole"[^>]*sqref="E4:E8"><formula1>0<\/formula1><formula2>100<\/formula2>/,
    );
    expect(xml).toMatch(
      /<dataValidation type="decimal" operator="greaterThanOrEqual"[^>]*sqref="F4:F8"><formula1>0<\/formula1>/,
    );
    expect(await t.call('set_data_validation', { sheet: 'Sales', range: 'E4:F8', type: 'none' })).toMatchObject({
      ok: true,
      replaced: 2,
    });
    expect(finishWorkbook(t.state).sheets[0]!.dataValidations).toHaveLength(1);
  });

  withPython('openpyxl reads the validations back', async () => {
    const t = await sales();
    await t.call('set_data_validation', {
      sheet: 'Sales',
      range: 'D4:D8',
      type: 'list',
      values: ['On track', 'At risk'],
    });
    await t.call('set_data_validation', { sheet: 'Sales', range: 'E4:E8', type: 'whole', min: 1, max: 5 });
    const dv = (await openpyxlRead(await render(t))).sheets.Sales!.dv;
    expect(dv).toEqual([
      { range: 'D4:D8', type: 'list', operator: null, formula1: '"On track,At risk"', formula2: null },
      { range: 'E4:E8', type: 'whole', operator: null, formula1: '1', formula2: '5' },
    ]);
  });

  it('errors say how to succeed', async () => {
    const t = await sales();
    expect(await t.call('set_data_validation', { sheet: 'Sales', range: 'D4:D8', type: 'list' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('["Lists!A2:A9"]'),
    });
    expect(
      await t.call('set_data_validation', { sheet: 'Sales', range: 'D4:D8', type: 'list', values: ['a,b', 'c'] }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('give that range instead') });
    expect(
      await t.call('set_data_validation', { sheet: 'Sales', range: 'D4:D8', type: 'list', values: ['Choices!A2:A4'] }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('sheets: Sales, Lists') });
    expect(await t.call('set_data_validation', { sheet: 'Sales', range: 'E4:E8', type: 'whole' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('min and/or max'),
    });
  });
});

describe('annotate_cell', () => {
  it('writes notes, web links and links to a cell; null removes them', async () => {
    const t = await sales();
    expect(await t.call('annotate_cell', { sheet: 'Sales', cell: 'B5', note: 'Restated after the audit' })).toEqual({
      ok: true,
      cell: 'B5',
      note: 'set',
    });
    expect(await t.call('annotate_cell', { sheet: 'Sales', cell: 'A4', link: 'https://example.com/na' })).toEqual({
      ok: true,
      cell: 'A4',
      link: 'set',
    });
    await t.call('annotate_cell', { sheet: 'Sales', cell: 'D3', link: 'Lists!A1', note: 'Allowed values' });
    const buf = await render(t);
    const zip = await JSZip.loadAsync(buf);
    const comments = await part(
      buf,
      Object.keys(zip.files).find((n) => /^xl\/comments\d*\.xml$/.test(n))!,
    );
    expect(comments).toContain('Restated after the audit');
    expect(comments).toContain('<comment ref="D3"');
    const sheetXml = await part(buf, 'xl/worksheets/sheet1.xml');
    expect(sheetXml).toMatch(/<hyperlink ref="A4" r:id="[^"]+"\/>/);
    expect(sheetXml).toContain('<hyperlink ref="D3" location="Lists!A1"/>');
    expect(await part(buf, 'xl/worksheets/_rels/sheet1.xml.rels')).toContain(
      'Target="https://example.com/na" TargetMode="External"',
    );
    expect(finishWorkbook(t.state).sheets[0]!.cells.A4!.style).toMatchObject({ color: '#0563C1', underline: true });

    await t.call('annotate_cell', { sheet: 'Sales', cell: 'D3', link: null, note: null });
    const s = finishWorkbook(t.state).sheets[0]!;
    expect(s.hyperlinks).toEqual([{ ref: 'A4', target: 'https://example.com/na' }]);
    expect(s.comments?.map((c) => c.cell)).toEqual(['B5']);
  });

  withPython('openpyxl reads the notes and links back', async () => {
    const t = await sales();
    await t.call('annotate_cell', { sheet: 'Sales', cell: 'B5', note: 'Restated' });
    await t.call('annotate_cell', { sheet: 'Sales', cell: 'A4', link: 'mailto:na@example.com' });
    const s = (await openpyxlRead(await render(t))).sheets.Sales!;
    expect(s.comments).toEqual({ B5: 'Restated' });
    expect(s.links).toEqual({ A4: 'mailto:na@example.com' });
  });

  it('errors say how to succeed', async () => {
    const t = await sales();
    expect(await t.call('annotate_cell', { sheet: 'Sales', cell: 'A4' })).toMatchObject({
      ok: false,
      error: 'give note and/or link',
    });
    expect(await t.call('annotate_cell', { sheet: 'Sales', cell: 'A4', link: 'Summary!A1' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('sheets: Sales, Lists'),
    });
    expect(await t.call('annotate_cell', { sheet: 'Sales', cell: 'A4', link: 'see the summary' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('neither a URL'),
    });
  });
});

describe('insert_delete', () => {
  it('inserts and deletes rows and columns; formulas, charts, merges, formats and names follow', async () => {
    const t = await sales();
    await t.call('merge_cells', { sheet: 'Sales', range: 'A1:D1' });
    await t.call('add_chart', {
      sheet: 'Sales',
      id: 'rev',
      type: 'column',
      categories: 'A4:A8',
      series: [{ values: 'B4:B8' }],
      anchor: 'F3:M18',
    });
    await t.call('add_conditional_format', { sheet: 'Sales', range: 'C4:C8', kind: '<', values: [0] });
    await t.call('set_workbook_props', { names: { Revenue: 'Sales!$B$4:$B$8' } });
    expect(await t.call('insert_delete', { sheet: 'Sales', op: 'insertRows', at: 5, count: 2 })).toEqual({
      ok: true,
      done: 'insertRows 5 ×2',
    });
    let s = finishWorkbook(t.state).sheets[0]!;
    expect(s.cells.B11!.formula).toBe('SUM(B4:B10)');
    expect(s.cells.A7!.value).toBe('South');
    expect(s.charts[0]).toMatchObject({
      categories: 'Sales!A4:A10',
      series: [{ values: 'Sales!B4:B10' }],
      anchor: 'F3:M20',
    });
    expect(s.conditionalFormats[0]!.range).toBe('C4:C10');
    expect(finishWorkbook(t.state).definedNames).toEqual([{ name: 'Revenue', ref: 'Sales!$B$4:$B$10' }]);

    expect(await t.call('insert_delete', { sheet: 'Sales', op: 'deleteColumns', at: 'C' })).toEqual({
      ok: true,
      done: 'deleteColumns C',
    });
    s = finishWorkbook(t.state).sheets[0]!;
    expect(s.cells.C3!.value).toBe('Status');
    expect(s.merges).toEqual(['A1:C1']);
    expect(s.conditionalFormats).toEqual([]);
    expect(s.charts[0]!.anchor).toBe('E3:L20');

    // a formula on a deleted row: the answer warns
    const out = await t.call('insert_delete', { sheet: 'Sales', op: 'deleteRows', at: 4, count: 7 });
    expect(out).toMatchObject({ ok: true, warnings: expect.arrayContaining([expect.stringContaining('#REF!')]) });
    const xml = await part(await render(t), 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('<mergeCell ref="A1:C1"/>');
  });

  it('errors say how to succeed', async () => {
    const t = await sales();
    expect(await t.call('insert_delete', { sheet: 'Sales', op: 'insertColumns', at: 'C3' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('column letter such as "C"'),
    });
    expect(await t.call('insert_delete', { sheet: 'Sales', op: 'deleteRows', at: 'x' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('row number such as 5'),
    });
  });
});

describe('set_print_setup', () => {
  it('writes the print area, title rows, orientation, fit to width and page breaks, and estimates the pages', async () => {
    const t = await sales();
    const out = await t.call('set_print_setup', {
      sheet: 'Sales',
      area: 'A1:D9',
      titleRows: '3',
      orientation: 'landscape',
      breaks: [6],
    });
    expect(out).toMatchObject({
      ok: true,
      print: {
        area: 'A1:D9',
        titleRows: '$3:$3',
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        rowBreaks: [6],
      },
    });
    expect((out.estimate as string[])[0]).toMatch(/^prints on about 2 pages \(estimated; Letter landscape/);
    const buf = await render(t);
    const wbXml = await part(buf, 'xl/workbook.xml');
    expect(wbXml).toContain('<definedName name="_xlnm.Print_Area" localSheetId="0">Sales!$A$1:$D$9</definedName>');
    expect(wbXml).toContain('<definedName name="_xlnm.Print_Titles" localSheetId="0">Sales!$3:$3</definedName>');
    const xml = await part(buf, 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(xml).toContain('<pageSetup fitToWidth="1" fitToHeight="0" orientation="landscape"/>');
    expect(xml).toContain('<rowBreaks count="1" manualBreakCount="1"><brk id="6" max="16383" man="1"/></rowBreaks>');

    // cleared again; no fit to width
    await t.call('set_print_setup', { sheet: 'Sales', area: '', titleRows: '', breaks: [], fitWidth: false });
    expect(finishWorkbook(t.state).sheets[0]!.print).toEqual({
      orientation: 'landscape',
      fitToPage: false,
      fitToWidth: 1,
      fitToHeight: 0,
    });
  });

  withPython('openpyxl reads the print setup back', async () => {
    const t = await sales();
    await t.call('set_print_setup', {
      sheet: 'Sales',
      area: 'A1:D9',
      titleRows: '1:3',
      orientation: 'landscape',
      breaks: [6],
    });
    const s = (await openpyxlRead(await render(t))).sheets.Sales!;
    expect(s.print_area).toMatch(/^(?:'Sales'!)?\$A\$1:\$D\$9$/);
    expect(s).toMatchObject({
      print_title_rows: '$1:$3',
      orientation: 'landscape',
      fitToWidth: 1,
      fitToPage: true,
      row_breaks: [6],
    });
  });

  it('errors say how to succeed', async () => {
    const t = await sales();
    expect(await t.call('set_print_setup', { sheet: 'Sales', area: 'the table' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('"A1:H40"'),
    });
    expect(await t.call('set_print_setup', { sheet: 'Sales', titleRows: 'A:B' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('rows such as "1:3"'),
    });
  });
});

describe('set_workbook_props', () => {
  it('sets the document title and defined names that formulas use; null deletes a name', async () => {
    const t = await sales();
    await t.call('write_range', { sheet: 'Lists', start: 'C1', rows: [['Tax rate', 0.2]] });
    expect(
      await t.call('set_workbook_props', {
        title: 'FY2025 revenue',
        names: { TaxRate: '=Lists!$D$1', Regions: 'Sales!$A$4:$A$8' },
      }),
    ).toEqual({
      ok: true,
      title: 'FY2025 revenue',
      names: ['TaxRate = Lists!$D$1', 'Regions = Sales!$A$4:$A$8'],
    });
    expect(
      await t.call('write_range', { sheet: 'Sales', start: 'F4', rows: [['=B4*TaxRate', '=COUNTA(Regions)']] }),
    ).toMatchObject({ ok: true, values: { F4: 246913.5782, G4: 5 } });
    const buf = await render(t);
    expect(await part(buf, 'docProps/core.xml')).toContain('<dc:title>FY2025 revenue</dc:title>');
    expect(await part(buf, 'xl/workbook.xml')).toContain('<definedName name="TaxRate">Lists!$D$1</definedName>');
    expect(await t.call('set_workbook_props', { names: { Regions: null } })).toEqual({
      ok: true,
      title: 'FY2025 revenue',
      names: ['TaxRate = Lists!$D$1'],
    });
  });

  withPython('openpyxl reads the title and names back', async () => {
    const t = await sales();
    await t.call('set_workbook_props', { title: 'Regional sales', names: { Regions: 'Sales!$A$4:$A$8' } });
    const r = await openpyxlRead(await render(t));
    expect(r.title).toBe('Regional sales');
    expect(r.names).toEqual({ Regions: 'Sales!$A$4:$A$8' });
  });

  it('errors say how to succeed', async () => {
    const t = await sales();
    expect(await t.call('set_workbook_props', { names: { B2: 'Sales!$B$2' } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('do not look like a cell'),
    });
    expect(await t.call('set_workbook_props', { names: { Rate: 'Inputs!$B$2' } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('sheets: Sales, Lists'),
    });
    expect(await t.call('set_workbook_props', { names: { Rate: null } })).toMatchObject({
      ok: false,
      error: 'no name "Rate"; names: none',
    });
    expect(await t.call('set_workbook_props', {})).toMatchObject({ ok: false, error: 'give title and/or names' });
  });
});

describe('chart number formats and data labels', () => {
  it('add_chart and update_chart write the value axis format and value labels', async () => {
    const t = await sales();
    await t.call('add_chart', {
      sheet: 'Sales',
      id: 'rev',
      type: 'column',
      categories: 'A4:A8',
      series: [{ values: 'B4:B8' }],
      anchor: 'F3:M18',
      yAxisNumFmt: '$#,##0,K',
      dataLabels: true,
    });
    await t.call('add_chart', {
      sheet: 'Sales',
      id: 'margin',
      type: 'line',
      categories: 'A4:A8',
      series: [{ values: 'C4:C8' }],
      anchor: 'F20:M35',
    });
    let [rev, margin] = await Promise.all(
      ['xl/charts/chart1.xml', 'xl/charts/chart2.xml'].map(async (n) => part(await render(t), n)),
    );
    expect(rev).toMatch(/<c:valAx>.*<c:numFmt formatCode="\$#,##0,K" sourceLinked="0"\/>.*<\/c:valAx>/);
    expect(rev).toMatch(
      /<c:dLbls><c:numFmt formatCode="\$#,##0,K" sourceLinked="0"\/>.*<c:dLblPos val="outEnd"\/><c:showLegendKey val="0"\/><c:showVal val="1"\/>/,
    );
    expect(margin).not.toContain('<c:dLbls>');
    // no format of its own: linked to the cells, whose format it carries for viewers that do not follow the link
    expect(margin).toMatch(/<c:valAx>.*<c:numFmt formatCode="0.0%" sourceLinked="1"\/>/);
    expect(margin).toContain('<c:numCache><c:formatCode>0.0%</c:formatCode>');

    await t.call('update_chart', { id: 'margin', yAxisNumFmt: '0%', dataLabels: true });
    await t.call('update_chart', { id: 'rev', yAxisNumFmt: '', dataLabels: false });
    [rev, margin] = await Promise.all(
      ['xl/charts/chart1.xml', 'xl/charts/chart2.xml'].map(async (n) => part(await render(t), n)),
    );
    expect(margin).toMatch(/<c:valAx>.*<c:numFmt formatCode="0%" sourceLinked="0"\/>/);
    expect(margin).toMatch(/<c:dLbls>.*<c:dLblPos val="t"\/>.*<c:showVal val="1"\/>/);
    expect(rev).not.toContain('<c:dLbls>');
    expect(rev).not.toContain('sourceLinked="0"');
  });
});

describe('combo charts and a secondary axis', () => {
  it('draws line series over columns, and a series on a second value axis at the right', async () => {
    const t = await sales();
    const out = await t.call('add_chart', {
      sheet: 'Sales',
      id: 'combo',
      type: 'column',
      categories: 'A4:A8',
      series: [
        { name: 'Revenue', values: 'B4:B8' },
        { name: 'Margin', values: 'C4:C8', line: true, secondary: true },
      ],
      anchor: 'F3:M18',
    });
    expect(out).toMatchObject({ ok: true, chart: 'combo' });
    const xml = await part(await render(t), 'xl/charts/chart1.xml');
    expect(xml).toMatch(
      /<c:barChart><c:barDir val="col"\/>.*<c:tx><c:v>Revenue<\/c:v><\/c:tx>.*<c:axId val="500000001"\/><c:axId val="500000002"\/><\/c:barChart>/,
    );
    expect(xml).toMatch(
      /<c:lineChart>.*<c:tx><c:v>Margin<\/c:v><\/c:tx>.*<c:axId val="500000003"\/><c:axId val="500000004"\/><\/c:lineChart>/,
    );
    expect(xml).toMatch(/<c:valAx><c:axId val="500000004"\/>.*<c:axPos val="r"\/>.*<c:crosses val="max"\/>/);
    expect(xml).toMatch(
      /<c:catAx><c:axId val="500000003"\/><c:scaling><c:orientation val="minMax"\/><\/c:scaling><c:delete val="1"\/>/,
    );

    // a line on the primary axis only: one pair of axes
    await t.call('update_chart', { id: 'combo', series: [{ values: 'B4:B8' }, { values: 'C4:C8', line: true }] });
    const one = await part(await render(t), 'xl/charts/chart1.xml');
    expect(one).toContain('<c:lineChart>');
    expect(one.match(/<c:valAx>/g)).toHaveLength(1);
  });

  it('a file written with them reads back with its lines, secondary axis, labels and axis format', async () => {
    const t = await sales();
    await t.call('add_chart', {
      sheet: 'Sales',
      id: 'combo',
      type: 'column',
      categories: 'A4:A8',
      series: [{ values: 'B4:B8' }, { values: 'C4:C8', line: true, secondary: true }],
      anchor: 'F3:M18',
      yAxisNumFmt: '$#,##0,K',
      dataLabels: true,
    });
    await t.call('add_chart', {
      sheet: 'Sales',
      id: 'plain',
      type: 'line',
      categories: 'A4:A8',
      series: [{ values: 'B4:B8' }],
      anchor: 'F20:M35',
    });
    const { workbook } = await readXlsx(await render(t));
    const [combo, plain] = workbook.sheets[0]!.charts;
    expect(combo).toMatchObject({
      type: 'column',
      series: [{ values: 'Sales!B4:B8' }, { values: 'Sales!C4:C8', line: true, secondary: true }],
      yAxisNumFmt: '$#,##0,K',
      dataLabels: true,
    });
    expect(combo!.series[0]).not.toHaveProperty('line');
    expect(combo!.series[0]).not.toHaveProperty('secondary');
    expect(plain).toMatchObject({ type: 'line', series: [{ values: 'Sales!B4:B8' }] });
    expect(plain).not.toHaveProperty('dataLabels');
    expect(plain!.series[0]).not.toHaveProperty('secondary');
  });

  it('errors say how to succeed', async () => {
    const t = await sales();
    const base = { sheet: 'Sales', id: 'c', categories: 'A4:A8', anchor: 'F3:M18' };
    expect(
      await t.call('add_chart', {
        ...base,
        type: 'bar',
        series: [{ values: 'B4:B8' }, { values: 'C4:C8', line: true }],
      }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('type "column"') });
    expect(
      await t.call('add_chart', { ...base, type: 'pie', series: [{ values: 'B4:B8', secondary: true }] }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('column, bar or line') });
  });
});

describe('over an imported workbook', () => {
  withPython(
    'the tools change a file imported with its comments and chart; the rendered file keeps both and carries the new features',
    async () => {
      const bytes = await readFile(
        path.resolve(__dirname, '../../documents/fixtures/xlsx-corpus/openpyxl-comment-chart.xlsx'),
      );
      const { workbook } = await readXlsx(bytes);
      const state = createWorkbookState({
        ...workbook,
        source: { blobKey: 'src', sha256: createHash('sha256').update(bytes).digest('hex') },
      });
      const tools = workbookTools(state);
      const call = (name: string, input: unknown) => runTool(tools, name, input);
      for (const [name, input] of [
        ['annotate_cell', { sheet: 'Data', cell: 'B3', note: 'Checked' }],
        ['annotate_cell', { sheet: 'Data', cell: 'A2', link: 'https://example.com/north' }],
        ['add_conditional_format', { sheet: 'Data', range: 'B2:B5', kind: '>', values: [100] }],
        [
          'set_data_validation',
          { sheet: 'Data', range: 'A2:A5', type: 'list', values: ['North', 'South', 'East', 'West'] },
        ],
        ['set_workbook_props', { title: 'Sales by region', names: { Sales: 'Data!$B$2:$B$5' } }],
        ['insert_delete', { sheet: 'Data', op: 'insertRows', at: 2 }],
        ['set_print_setup', { sheet: 'Data', titleRows: '1', orientation: 'landscape' }],
        ['autofit_columns', { sheet: 'Data' }],
      ] as const) {
        expect(await call(name, input), name).toMatchObject({ ok: true });
      }
      const file = await renderWorkbookFile(finishWorkbook(state), async () => bytes);
      expect(file.warnings).toEqual([]);
      expect(await part(file.buffer, 'docProps/core.xml')).toContain('<dc:title>Sales by region</dc:title>');
      expect(await part(file.buffer, 'xl/charts/chart1.xml')).toContain("'Data'!$B$3:$B$6");
      const r = await openpyxlRead(file.buffer);
      const s = r.sheets.Data!;
      expect(r.title).toBe('Sales by region');
      expect(r.names).toEqual({ Sales: 'Data!$B$3:$B$6' });
      expect(s.comments.A1).toContain('Regions as of Q3');
      // the note set on B3 moved down with the inserted row, once
      expect(s.comments.B4).toContain('Checked');
      expect(Object.keys(s.comments).sort()).toEqual(['A1', 'B4']);
      expect(s.links).toEqual({ A3: 'https://example.com/north' });
      expect(s.cf).toEqual([
        expect.objectContaining({ range: 'B3:B6', type: 'cellIs', operator: 'greaterThan', formula: ['100'] }),
      ]);
      expect(s.dv).toEqual([
        expect.objectContaining({ range: 'A3:A6', type: 'list', formula1: '"North,South,East,West"' }),
      ]);
      expect(s).toMatchObject({ print_title_rows: '$1:$1', orientation: 'landscape' });
      expect(s.cells).toMatchObject({ A1: 'Region', A3: 'North', B6: 88 });
      if (soffice || inCi) {
        const dir = await mkdtemp(path.join(tmpdir(), 'wb-features-import-'));
        dirs.push(dir);
        await writeFile(path.join(dir, 'imported.xlsx'), file.buffer);
        const [pdf] = await sofficeConvert([path.join(dir, 'imported.xlsx')], 'pdf', dir);
        expect((await stat(pdf!)).size).toBeGreaterThan(5_000);
      }
    },
    120_000,
  );
});

describe('LibreOffice', () => {
  it.runIf(!!soffice || inCi)(
    'converts a workbook using every feature tool, keeping the features (read back with openpyxl), and prints it to PDF',
    async () => {
      const t = await sales();
      await t.call('autofit_columns', { sheet: 'Sales' });
      await t.call('add_conditional_format', { sheet: 'Sales', range: 'C4:C8', kind: '<', values: [0] });
      await t.call('add_conditional_format', { sheet: 'Sales', range: 'B4:B8', kind: 'dataBar' });
      await t.call('set_data_validation', { sheet: 'Sales', range: 'D4:D8', type: 'list', values: ['Lists!A2:A4'] });
      await t.call('annotate_cell', { sheet: 'Sales', cell: 'B5', note: 'Restated', link: 'Lists!A1' });
      await t.call('annotate_cell', { sheet: 'Sales', cell: 'A4', link: 'https://example.com/' });
      await t.call('insert_delete', { sheet: 'Sales', op: 'insertRows', at: 2 });
      await t.call('set_print_setup', {
        sheet: 'Sales',
        area: 'A1:D10',
        titleRows: '4',
        orientation: 'landscape',
        breaks: [7],
      });
      await t.call('set_workbook_props', { title: 'Regional sales', names: { Regions: 'Sales!$A$5:$A$9' } });
      await t.call('add_chart', {
        sheet: 'Sales',
        id: 'rev',
        type: 'bar',
        categories: 'A5:A9',
        series: [{ values: 'B5:B9' }],
        anchor: 'F3:M18',
        yAxisNumFmt: '$#,##0',
        dataLabels: true,
      });
      await t.call('add_chart', {
        sheet: 'Sales',
        id: 'combo',
        type: 'column',
        categories: 'A5:A9',
        series: [{ values: 'B5:B9' }, { values: 'C5:C9', line: true, secondary: true }],
        anchor: 'F20:M35',
      });
      const dir = await mkdtemp(path.join(tmpdir(), 'wb-features-lo-'));
      dirs.push(dir);
      const file = path.join(dir, 'features.xlsx');
      await writeFile(file, await render(t));
      const [pdf] = await sofficeConvert([file], 'pdf', dir);
      expect((await stat(pdf!)).size).toBeGreaterThan(5_000);
      const [again] = await sofficeConvert([file], 'xlsx', path.join(dir, 'lo'));
      if (!hasOpenpyxl) throw new Error('openpyxl is needed to read back the LibreOffice output');
      const r = await readBackFile(again!);
      const s = r.sheets.Sales!;
      expect(r.title).toBe('Regional sales');
      expect(r.names.Regions).toMatch(/Sales!\$A\$5:\$A\$9/);
      expect(s.cells.B10).toBe('=SUM(B5:B9)');
      expect(s.cf).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ range: 'C5:C9', type: 'cellIs', operator: 'lessThan' }),
          expect.objectContaining({ range: 'B5:B9', type: 'dataBar' }),
        ]),
      );
      expect(s.dv).toEqual([
        expect.objectContaining({
          range: 'D5:D9',
          type: 'list',
          formula1: expect.stringMatching(/Lists.*\$A\$2:\$A\$4/),
        }),
      ]);
      expect(s.comments.B6).toContain('Restated');
      expect(s.links).toMatchObject({ A5: 'https://example.com/' });
      expect(s.print_title_rows).toBe('$4:$4');
      expect(s.orientation).toBe('landscape');
      expect(s.row_breaks).toEqual([7]);
      // LibreOffice's own chart parts: the axis format and labels, and the combo on two value axes
      const loZip = await JSZip.loadAsync(await readFile(again!));
      const loCharts = await Promise.all(
        Object.keys(loZip.files)
          .filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))
          .map((n) => loZip.file(n)!.async('string')),
      );
      expect(loCharts).toHaveLength(2);
      const rev = loCharts.find((x) => !x.includes('lineChart'))!;
      expect(rev).toMatch(/formatCode="\\?\$#,##0" sourceLinked="0"/);
      expect(rev).toMatch(/<c:showVal val="1"\/>/);
      const combo = loCharts.find((x) => x.includes('lineChart'))!;
      expect(combo).toContain('<c:barChart>');
      expect(combo.match(/<c:valAx>/g)).toHaveLength(2);
    },
    180_000,
  );
});
