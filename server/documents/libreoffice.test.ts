/**
 * Real LibreOffice checks of the renderers' output (skipped, with a message, when soffice is absent):
 * - every renderer's file converts to PDF, with its text (and chart titles/labels) in the PDF;
 * - page 1 of each PDF is written as PNG to $DOCSMITH_PNG_DIR (default /tmp/docsmith-documents-png)
 *   for people to look at;
 * - native xlsx charts survive LibreOffice's import/export with their series references;
 * - cached formula values equal LibreOffice's own recalculation (OOXMLRecalcMode = always).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { findSoffice, pdfFirstPagePng, pdfText, sofficeConvert } from './common/soffice';
import { renderWorkbookDetailed } from './workbook/render-xlsx';
import { renderDocument } from './document/render-docx';
import { renderDeck } from './deck/render-pptx';
import { sheetPaths } from './workbook/xlsx-chart-parts';
import { functionsWorkbook, sampleWorkbook } from './fixtures/sample-workbook';
import { sampleDocument } from './fixtures/sample-document';
import { sampleDeck } from './fixtures/sample-deck';
import type { EvalValue, WorkbookEvaluation } from './workbook/evaluate-formulas';

const soffice = findSoffice();
if (!soffice) console.warn('LibreOffice (soffice) not found: skipping the LibreOffice rendering tests');

/** Cell values straight from the sheet XML (shared strings resolved), as an independent reader. */
async function rawValues(file: string): Promise<Map<string, Map<string, EvalValue>>> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, isArray: (n) => ['row', 'c', 'si', 'r'].includes(n) });
  const sst = zip.file('xl/sharedStrings.xml');
  const strings: string[] = [];
  if (sst) {
    const doc = parser.parse(await sst.async('string'));
    for (const si of doc.sst?.si ?? []) {
      const t = si.t !== undefined ? (typeof si.t === 'object' ? si.t['#text'] : si.t) : (si.r ?? []).map((r: { t: unknown }) => (typeof r.t === 'object' ? (r.t as Record<string, string>)['#text'] : r.t)).join('');
      strings.push(String(t ?? ''));
    }
  }
  const out = new Map<string, Map<string, EvalValue>>();
  for (const [name, p] of await sheetPaths(zip)) {
    const doc = parser.parse(await zip.file(p)!.async('string'));
    const m = new Map<string, EvalValue>();
    for (const row of doc.worksheet?.sheetData?.row ?? []) {
      for (const c of row.c ?? []) {
        const v = c.v === undefined ? undefined : String(typeof c.v === 'object' ? c.v['#text'] : c.v);
        const t = c['@t'];
        let value: EvalValue = null;
        if (t === 's') value = strings[Number(v)] ?? '';
        else if (t === 'str' || t === 'inlineStr') value = v ?? String(c.is?.t ?? '');
        else if (t === 'b') value = v === '1';
        else if (t === 'e') value = { error: v ?? '' };
        else if (v !== undefined) value = Number(v);
        m.set(c['@r'], value);
      }
    }
    out.set(name, m);
  }
  return out;
}

function same(a: EvalValue, b: EvalValue | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return JSON.stringify(a) === JSON.stringify(b);
}

describe.skipIf(!soffice)('LibreOffice rendering', () => {
  let dir: string;
  const pngDir = process.env.DOCSMITH_PNG_DIR ?? path.join(tmpdir(), 'docsmith-documents-png');
  let pdfs: Record<'xlsx' | 'docx' | 'pptx', string>;
  let evaluation: WorkbookEvaluation;
  let recalculated: { functions: string; sample: string };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'docsmith-lo-test-'));
    await mkdir(pngDir, { recursive: true });
    const files = {
      xlsx: path.join(dir, 'workbook.xlsx'),
      docx: path.join(dir, 'document.docx'),
      pptx: path.join(dir, 'deck.pptx'),
      functions: path.join(dir, 'functions.xlsx'),
    };
    const fn = await renderWorkbookDetailed(functionsWorkbook());
    evaluation = fn.evaluation;
    await writeFile(files.functions, fn.buffer);
    await writeFile(files.xlsx, (await renderWorkbookDetailed(sampleWorkbook())).buffer);
    await writeFile(files.docx, await renderDocument(sampleDocument()));
    await writeFile(files.pptx, await renderDeck(sampleDeck()));
    // two soffice runs in parallel: PDFs (no recalculation) and a forced-recalculation round trip
    const [pdfOut, recalcOut] = await Promise.all([
      sofficeConvert([files.xlsx, files.docx, files.pptx], 'pdf', path.join(dir, 'pdf')),
      sofficeConvert([files.functions, files.xlsx], 'xlsx', path.join(dir, 'recalc'), { recalc: true }),
    ]);
    pdfs = { xlsx: pdfOut[0]!, docx: pdfOut[1]!, pptx: pdfOut[2]! };
    recalculated = { functions: recalcOut[0]!, sample: recalcOut[1]! };
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('converts every renderer output to PDF with its content, and writes page-1 PNGs', async () => {
    const wbText = await pdfText(pdfs.xlsx);
    expect(wbText).toContain('Monthly sales 2025');
    expect(wbText).toContain('34,708'); // cached SUM total, formatted
    expect(wbText).toContain('Sales by month'); // chart title drawn by LibreOffice
    expect(wbText).toContain('Revenue by category');
    const docText = await pdfText(pdfs.docx);
    expect(docText).toContain('Results by region');
    expect(docText).toContain('Acme Corp — Quarterly report');
    expect(docText).toMatch(/Page 1 of [23]/);
    const deckText = await pdfText(pdfs.pptx);
    expect(deckText).toContain('Revenue by region');
    expect(deckText).toContain('South grew fastest');
    expect(deckText).toMatch(/North[\s\S]*South[\s\S]*East[\s\S]*West/); // chart category axis
    for (const [kind, pdf] of Object.entries(pdfs)) {
      const png = await pdfFirstPagePng(pdf, path.join(dir, `${kind}-page1`));
      expect((await stat(png)).size).toBeGreaterThan(10_000);
      await copyFile(png, path.join(pngDir, `${kind}-page1.png`));
      await copyFile(pdf, path.join(pngDir, `${kind}.pdf`));
    }
    // the deck's first page is its title slide; slide 2 is the chart slide
    const chartSlide = await pdfFirstPagePng(pdfs.pptx, path.join(dir, 'pptx-chart-slide'), 80, 2);
    expect((await stat(chartSlide)).size).toBeGreaterThan(10_000);
    await copyFile(chartSlide, path.join(pngDir, 'pptx-chart-slide.png'));
  });

  it('keeps native xlsx charts and their series through LibreOffice', async () => {
    const zip = await JSZip.loadAsync(await readFile(recalculated.sample));
    const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(charts).toHaveLength(5);
    const all = (await Promise.all(charts.map((c) => zip.file(c)!.async('string')))).join('\n');
    for (const ref of ['Sales!$B$4:$B$15', 'Sales!$C$4:$C$15', 'Sales!$A$4:$A$15', 'Sales!$D$4:$D$15', 'Summary!$B$4:$B$6', 'Products!$C$2:$C$7']) {
      expect(all).toContain(`<c:f>${ref}</c:f>`);
    }
    expect(all).toContain('<c:barChart>');
    expect(all).toContain('<c:lineChart>');
    expect(all).toContain('<c:pieChart>');
    expect(all).toContain('<c:scatterChart>');
  });

  it('computes the same formula values as LibreOffice', async () => {
    const lo = await rawValues(recalculated.functions);
    const mismatches: string[] = [];
    let compared = 0;
    for (const [sheet, cells] of evaluation.formulaValues) {
      for (const [addr, ours] of cells) {
        compared++;
        const theirs = lo.get(sheet)?.get(addr);
        if (!same(ours, theirs)) mismatches.push(`${sheet}!${addr}: ours ${JSON.stringify(ours)}, LibreOffice ${JSON.stringify(theirs)}`);
      }
    }
    console.info(`formula values compared with LibreOffice: ${compared - mismatches.length}/${compared} equal`);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(evaluation.formulaCount);
    expect(compared).toBeGreaterThanOrEqual(70);
  });
});
