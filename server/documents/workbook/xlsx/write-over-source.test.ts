import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { evaluateWorkbook } from '../evaluate-formulas';
import type { Workbook } from '../schema';
import { deleteColumns, deleteSheet, insertColumns, insertRows, renameSheet, sortRange } from '../structure';
import { readXlsx } from './read-xlsx';
import { renderOverSource } from './write-over-source';

const SHARED = path.resolve(__dirname, '../../../../../shared/corpus');
const corpus = (f: string) => readFileSync(path.join(SHARED, f));

async function render(bytes: Buffer, edit: (wb: Workbook) => Workbook) {
  const baseline = (await readXlsx(bytes)).workbook;
  const wb = edit((await readXlsx(bytes)).workbook);
  const r = await renderOverSource(wb, evaluateWorkbook(wb), { bytes, baseline, baselineEvaluation: evaluateWorkbook(baseline) });
  return { ...r, zip: await JSZip.loadAsync(r.buffer), src: await JSZip.loadAsync(bytes) };
}

async function partText(zip: JSZip, name: string): Promise<string> {
  return zip.file(name)!.async('string');
}

describe('renderOverSource', () => {
  it('an untouched workbook comes back with every part byte for byte', async () => {
    const bytes = corpus('xlsx-realworld/excel-pivot-table-chartsheet.xlsx');
    const { zip, src, rewritten } = await render(bytes, (wb) => wb);
    expect(rewritten).toEqual([]);
    const names = Object.keys(src.files).filter((n) => !src.files[n]!.dir);
    expect(Object.keys(zip.files).filter((n) => !zip.files[n]!.dir)).toEqual(names);
    for (const n of names) expect(Buffer.compare(await zip.file(n)!.async('nodebuffer'), await src.file(n)!.async('nodebuffer')), n).toBe(0);
  });

  it('a cell edit rewrites only its sheet; the other cells keep their XML and style indexes', async () => {
    const bytes = corpus('xlsx/finance-names-crosssheet-formats.xlsx');
    const { zip, src, rewritten } = await render(bytes, (wb) => ({
      ...wb,
      sheets: wb.sheets.map((s) => (s.name === 'Assumptions' ? { ...s, cells: { ...s.cells, B2: { ...s.cells.B2!, value: 0.5 } } } : s)),
    }));
    // Assumptions changed; Revenue and Summary hold formulas whose values moved (new cached values only)
    expect(rewritten.every((p) => /worksheets\/sheet\d\.xml$/.test(p))).toBe(true);
    const before = await partText(src, 'xl/worksheets/sheet1.xml');
    const after = await partText(zip, 'xl/worksheets/sheet1.xml');
    const cellsOf = (x: string) => new Map([...x.matchAll(/<c r="([A-Z]+\d+)"[\s\S]*?(?:\/>|<\/c>)/g)].map((m) => [m[1]!, m[0]]));
    const [b, a] = [cellsOf(before), cellsOf(after)];
    const differing = [...b.keys()].filter((k) => a.get(k) !== b.get(k));
    expect(differing).toEqual(['B2']);
    expect(a.get('B2')).toContain('<v>0.5</v>');
  });

  it('a new style is appended to styles.xml; existing style indexes stay', async () => {
    const bytes = corpus('xlsx/finance-names-crosssheet-formats.xlsx');
    const { zip, src } = await render(bytes, (wb) => ({
      ...wb,
      sheets: wb.sheets.map((s, i) => (i === 0 ? { ...s, cells: { ...s.cells, A1: { ...s.cells.A1!, style: { ...s.cells.A1!.style, italic: true, fill: '#FFFF00' } } } } : s)),
    }));
    const xfs = (x: string) => [...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(x)?.[1] ?? '').matchAll(/<xf\b/g)].length;
    const [sb, sa] = [await partText(src, 'xl/styles.xml'), await partText(zip, 'xl/styles.xml')];
    expect(xfs(sa)).toBe(xfs(sb) + 1);
    const back = (await readXlsx(await zip.generateAsync({ type: 'nodebuffer' }))).workbook;
    expect(back.sheets[0]!.cells.A1!.style).toMatchObject({ italic: true, fill: '#FFFF00' });
  });

  it('renaming a sheet renames it in the carried parts: chart series and the pivot cache source', async () => {
    const charts = await render(corpus('xlsx/charts-bar-line-pie-scatter-dateaxis.xlsx'), (wb) => renameSheet(wb, 'Data', 'Source data').workbook);
    const chartParts = Object.keys(charts.zip.files).filter((n) => /charts\/chart\d+\.xml$/.test(n));
    expect(chartParts.length).toBeGreaterThan(0);
    for (const n of chartParts) {
      const x = await partText(charts.zip, n);
      expect(x, n).toContain("'Source data'!");
      expect(x, n).not.toMatch(/[>(,]Data!/);
    }
    const pivot = await render(corpus('xlsx-realworld/excel-pivot-table-chartsheet.xlsx'), (wb) => renameSheet(wb, 'Data', 'Raw').workbook);
    const cache = Object.keys(pivot.zip.files).find((n) => /pivotCacheDefinition\d*\.xml$/.test(n))!;
    expect(await partText(pivot.zip, cache)).toMatch(/worksheetSource[^>]*sheet="Raw"/);
  });

  it('deleting the source sheet of a pivot table says so', async () => {
    const r = await render(corpus('xlsx-realworld/excel-pivot-table-chartsheet.xlsx'), (wb) => deleteSheet(wb, 'Data').workbook);
    expect(r.warnings.map((w) => w.code)).toContain('pivot_source_deleted');
    expect(r.zip.file('xl/worksheets/sheet1.xml')).toBeNull();
    const wbXml = await partText(r.zip, 'xl/workbook.xml');
    expect(wbXml).not.toContain('name="Data"');
  });

  it('notes: added to a sheet with notes, to a sheet without, and on a new sheet, all read back', async () => {
    const withNotes = await render(corpus('xlsx/report-comments-links-merged-print.xlsx'), (wb) => ({
      ...wb,
      sheets: wb.sheets.map((s, i) => (i === 0 ? { ...s, comments: [...(s.comments ?? []), { cell: 'F9', author: 'Docsmith', text: 'Checked' }] } : s)),
    }));
    expect(withNotes.warnings).toEqual([]);
    expect((await readXlsx(withNotes.buffer)).workbook.sheets[0]!.comments).toEqual(expect.arrayContaining([{ cell: 'F9', author: 'Docsmith', text: 'Checked' }, expect.objectContaining({ cell: 'A1' })]));
    const without = await render(corpus('xlsx/finance-names-crosssheet-formats.xlsx'), (wb) => ({
      ...wb,
      sheets: [
        ...wb.sheets.map((s, i) => (i === 1 ? { ...s, comments: [{ cell: 'B2', author: 'Ada', text: 'Source: plan' }] } : s)),
        { ...wb.sheets[0]!, name: 'Notes', sourcePart: undefined, cells: { A1: { value: 'x' } }, comments: [{ cell: 'A1', text: 'new sheet note' }] },
      ],
    }));
    expect(without.warnings).toEqual([]);
    const back = (await readXlsx(without.buffer)).workbook;
    expect(back.sheets[1]!.comments).toEqual([{ cell: 'B2', author: 'Ada', text: 'Source: plan' }]);
    expect(back.sheets.find((s) => s.name === 'Notes')!.comments).toEqual([{ cell: 'A1', text: 'new sheet note' }]);
  });

  it('a chart added to an imported sheet is written, and LibreOffice-readable parts result', async () => {
    const r = await render(corpus('xlsx/finance-names-crosssheet-formats.xlsx'), (wb) => ({
      ...wb,
      sheets: wb.sheets.map((s) => (s.name === 'Revenue' ? { ...s, charts: [{ id: 'rev', type: 'line' as const, series: [{ values: 'Revenue!B2:B13' }], anchor: 'H2:N16', legend: 'none' as const, stacked: false }] } : s)),
    }));
    expect(r.warnings).toEqual([]);
    const back = (await readXlsx(r.buffer)).workbook.sheets.find((s) => s.name === 'Revenue')!;
    expect(back.charts).toHaveLength(1);
    expect(back.charts[0]).toMatchObject({ type: 'line', series: [{ values: 'Revenue!B2:B13' }] });
  });

  it('a chart added to an imported sheet that already has a drawing joins that drawing (pictures and charts kept)', async () => {
    for (const file of ['xlsx/image-png-anchors.xlsx', 'xlsx/charts-bar-line-pie-scatter-dateaxis.xlsx']) {
      const bytes = corpus(file);
      const before = (await readXlsx(bytes)).workbook;
      const target = before.sheets.find((s) => (s.images ?? []).length || s.charts.length)!;
      const r = await render(bytes, (wb) => ({
        ...wb,
        sheets: wb.sheets.map((s) =>
          s.name === target.name ? { ...s, charts: [...s.charts, { id: 'added', type: 'column' as const, title: 'Added', series: [{ values: `'${s.name}'!B2:B5` }], anchor: 'P2:W16', legend: 'none' as const, stacked: false }] } : s,
        ),
      }));
      expect(r.warnings, file).toEqual([]);
      const back = (await readXlsx(r.buffer)).workbook.sheets.find((s) => s.name === target.name)!;
      expect(back.charts.length, file).toBe(target.charts.length + 1);
      expect(back.charts.at(-1), file).toMatchObject({ type: 'column', title: 'Added' });
      expect((back.images ?? []).length, file).toBe((target.images ?? []).length);
      // one drawing for the sheet, as before; every part it names exists
      const drawings = Object.keys(r.zip.files).filter((n) => /^xl\/drawings\/drawing\d+\.xml$/.test(n));
      expect(drawings.length, file).toBe(Object.keys(r.src.files).filter((n) => /^xl\/drawings\/drawing\d+\.xml$/.test(n)).length);
      const ct = await partText(r.zip, '[Content_Types].xml');
      for (const n of Object.keys(r.zip.files).filter((x) => /^xl\/charts\/chart\d+\.xml$/.test(x))) expect(ct, n).toContain(`/${n}"`);
    }
  });

  it('column widths and merges that changed are rewritten in place', async () => {
    const r = await render(corpus('xlsx/report-comments-links-merged-print.xlsx'), (wb) => ({
      ...wb,
      sheets: wb.sheets.map((s, i) => (i === 0 ? { ...s, columns: { ...s.columns, B: { width: 33 } }, merges: [...s.merges, 'H1:I2'] } : s)),
    }));
    const back = (await readXlsx(r.buffer)).workbook.sheets[0]!;
    expect(back.columns.B?.width).toBe(33);
    expect(back.merges).toContain('H1:I2');
    expect(back.comments?.length).toBe(3);
  });
});

describe('renderOverSource after rows/columns were inserted or deleted', () => {
  const cases: Array<[string, string, (wb: Workbook, sheet: string) => Workbook]> = [
    ['xlsx/tracker-1500rows-outline-filter-validation-cf.xlsx', 'Tasks', (wb, s) => insertRows(wb, s, 3, 2).workbook],
    ['xlsx-realworld/excel-mac-charts-comment-table-hyperlink.xlsx', 'Sheet1', (wb, s) => insertRows(wb, s, 1, 1).workbook],
    ['xlsx/report-comments-links-merged-print.xlsx', 'Report', (wb, s) => deleteColumns(insertRows(wb, s, 2, 1).workbook, s, 2, 1).workbook],
    ['xlsx/charts-bar-line-pie-scatter-dateaxis.xlsx', 'Data', (wb, s) => insertRows(wb, s, 2, 3).workbook],
    ['xlsx-realworld/excel-sparklines.xlsx', 'Accent', (wb, s) => insertColumns(wb, s, 1, 1).workbook],
    // a sort followed by an inserted row (what the editor's e2e does): no stale source row survives
    ['xlsx/finance-names-crosssheet-formats.xlsx', 'Revenue', (wb, s) => insertRows(sortRange(wb, s, 'A1:D13', [{ column: 2, descending: true }], true).workbook, s, 2, 1).workbook],
  ];
  for (const [file, sheetName, op] of cases) {
    it(`${file}: the file read back is the edited model (cells, merges, notes, links, rules, tables, charts) with no warning`, async () => {
      const bytes = corpus(file);
      const imported = await readXlsx(bytes);
      const wb = op({ ...imported.workbook, source: { blobKey: 'x', sha256: imported.sha256 } }, sheetName);
      expect(wb.source?.edits?.length).toBeGreaterThan(0);
      const baseline = (await readXlsx(bytes)).workbook;
      const r = await renderOverSource(wb, evaluateWorkbook(wb), { bytes, baseline, baselineEvaluation: evaluateWorkbook(baseline) });
      expect(r.warnings).toEqual([]);
      const back = (await readXlsx(r.buffer)).workbook;
      for (const s of wb.sheets) {
        const b = back.sheets.find((x) => x.name === s.name)!;
        const strip = (c: Record<string, { value?: unknown; formula?: string; numFmt?: string; style?: unknown }>) =>
          // (a moved formula has no value in the model; the file holds the one computed for it)
          Object.fromEntries(Object.entries(c).map(([k, v]) => [k, [v.formula ? null : v.value, v.formula, v.numFmt, JSON.stringify(v.style ?? null)]]));
        expect(strip(b.cells), s.name).toEqual(strip(s.cells));
        expect(b.merges.sort()).toEqual([...s.merges].sort());
        expect(b.comments ?? []).toEqual(s.comments ?? []);
        expect(b.hyperlinks ?? []).toEqual(s.hyperlinks ?? []);
        expect(b.dataValidations ?? []).toEqual(s.dataValidations ?? []);
        expect(b.conditionalFormats).toEqual(s.conditionalFormats);
        expect(b.tables).toEqual(s.tables);
        expect(b.charts.map((c) => ({ ...c, anchor: c.anchor.split(':')[0] }))).toEqual(s.charts.map((c) => ({ ...c, anchor: c.anchor.split(':')[0] })));
        expect(b.rows).toEqual(s.rows);
        expect((b.images ?? []).map((i) => i.anchor.split(':')[0])).toEqual((s.images ?? []).map((i) => i.anchor.split(':')[0]));
      }
    });
  }
});

describe('formulas in tables', () => {
  it('[@Column] inside a table is written qualified, as Excel stores it', async () => {
    const { renderWorkbook } = await import('../render-xlsx');
    const buf = await renderWorkbook({ sheets: [{ name: 'S', cells: { A1: { value: 'Qty' }, B1: { value: 'Twice' }, A2: { value: 2 }, B2: { formula: '[@Qty]*2' } }, tables: [{ name: 'T', range: 'A1:B2' }] }] });
    const xml = await (await JSZip.loadAsync(buf)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toContain('<f>T[[#This Row],[Qty]]*2</f>');
    expect(xml).toMatch(/<c r="B2"[^>]*><f>[^<]*<\/f><v>4<\/v><\/c>/);
  });
});

describe('other kinds of package', () => {
  const rezip = async (bytes: Buffer, change: (zip: JSZip) => Promise<void>) => {
    const zip = await JSZip.loadAsync(bytes);
    await change(zip);
    return zip.generateAsync({ type: 'nodebuffer' });
  };

  it('a macro-enabled workbook keeps its VBA project and says it must stay .xlsm', async () => {
    const vba = Buffer.from('not really VBA, but carried as it is');
    const bytes = await rezip(corpus('xlsx/finance-names-crosssheet-formats.xlsx'), async (zip) => {
      const ct = await zip.file('[Content_Types].xml')!.async('string');
      zip.file(
        '[Content_Types].xml',
        ct
          .replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml')
          .replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
      );
      zip.file('xl/vbaProject.bin', vba);
    });
    const r = await render(bytes, (wb) => ({ ...wb, sheets: [...wb.sheets, { ...wb.sheets[0]!, name: 'Notes', sourcePart: undefined }] }));
    expect(r.macroEnabled).toBe(true);
    expect(Buffer.compare(await r.zip.file('xl/vbaProject.bin')!.async('nodebuffer'), vba)).toBe(0);
  });

  it('a Strict OOXML package gets its new parts in Strict namespaces', async () => {
    const bytes = await rezip(corpus('xlsx/finance-names-crosssheet-formats.xlsx'), async (zip) => {
      for (const name of Object.keys(zip.files)) {
        if (zip.files[name]!.dir || !/\.(xml|rels)$/.test(name)) continue;
        const x = await zip.file(name)!.async('string');
        zip.file(name, x.split('http://schemas.openxmlformats.org/spreadsheetml/2006/main').join('http://purl.oclc.org/ooxml/spreadsheetml/main').split('http://schemas.openxmlformats.org/officeDocument/2006/relationships').join('http://purl.oclc.org/ooxml/officeDocument/relationships'));
      }
    });
    const r = await render(bytes, (wb) => ({ ...wb, sheets: [...wb.sheets, { ...wb.sheets[0]!, name: 'Notes', sourcePart: undefined }] }));
    const added = r.rewritten.find((p) => /worksheets\/sheet\d+\.xml$/.test(p) && !r.src.file(p))!;
    const xml = await r.zip.file(added)!.async('string');
    expect(xml).toContain('http://purl.oclc.org/ooxml/spreadsheetml/main');
    expect(xml).not.toContain('schemas.openxmlformats.org/spreadsheetml');
    expect((await readXlsx(r.buffer)).workbook.sheets.map((s) => s.name)).toEqual(['Assumptions', 'Revenue', 'Summary', 'Notes']);
  });
});
