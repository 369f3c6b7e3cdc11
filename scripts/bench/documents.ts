/**
 * Documents benchmark: render a 100,000-cell workbook, a ~50-page document and a 30-slide deck.
 * Prints wall time and peak memory (RSS sampled every 10 ms, and the process's maxRSS).
 * Target: each under 3 s on a 2-core machine. Run: npx tsx scripts/bench/documents.ts
 * Set BENCH_PAGES=1 to also count the document's pages with LibreOffice (slow).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderWorkbookDetailed } from '../../server/documents/workbook/render-xlsx';
import { renderWorkbookFile } from '../../server/documents/workbook/render-workbook-file';
import { readXlsx } from '../../server/documents/workbook/xlsx/read-xlsx';
import { parseWorkbook } from '../../server/documents/workbook/schema';
import { insertRows } from '../../server/documents/workbook/structure';
import { renderDocumentDetailed } from '../../server/documents/document/render-docx';
import { renderDeckDetailed } from '../../server/documents/deck/render-pptx';
import { largeWorkbook } from '../../server/documents/fixtures/sample-workbook';
import { largeDocument } from '../../server/documents/fixtures/sample-document';
import { largeDeck } from '../../server/documents/fixtures/sample-deck';
import { findSoffice, pdfText, sofficeConvert } from '../../server/documents/common/soffice';
import { machineLine, runBench } from './lib/bench-kit';

const MB = 1024 * 1024;

async function measure<T>(name: string, detail: string, fn: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number; peakMb: number; startMb: number }> {
  if (global.gc) global.gc();
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => {
    const r = process.memoryUsage().rss;
    if (r > peak) peak = r;
  }, 10);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  // CPU time is shown too: on a busy machine wall time includes waiting for a core
  const line = `${name.padEnd(18)} ${detail.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms wall, ${cpuMs.toFixed(0).padStart(6)} ms CPU   peak RSS ${(peak / MB).toFixed(0).padStart(5)} MB (+${((peak - startRss) / MB).toFixed(0)} MB)   ${ms < 3000 ? 'OK' : 'OVER 3 s'}`;
  console.log(line);
  return { result, ms, cpuMs, peakMb: peak / MB, startMb: startRss / MB };
}

async function main() {
  console.log(`documents benchmark — ${machineLine()}`);
  const rows = 10_000;
  const wbModel = largeWorkbook(rows);
  const cells = wbModel.sheets.reduce((a, s) => a + Object.keys(s.cells ?? {}).length, 0);
  const wb = await measure('workbook → xlsx', `${cells} cells, ${rows * 2 + 2} formulas, 1 chart`, () => renderWorkbookDetailed(wbModel));
  console.log(`  formula evaluation ${wb.result.evaluation.ms.toFixed(0)} ms (${wb.result.evaluation.fastPathCount} fast path), ${(wb.result.buffer.length / 1024).toFixed(0)} KB`);
  const imported = await measure('xlsx → workbook', `the ${cells}-cell file just written`, () => readXlsx(wb.result.buffer));
  const parsed = parseWorkbook(wbModel);
  await measure('insert 2 rows', `at row 5 of the ${cells}-cell sheet (formulas shift)`, () => Promise.resolve(insertRows(parsed, parsed.sheets[0]!.name, 5, 2)));
  const edited = { ...imported.result.workbook, sheets: imported.result.workbook.sheets.map((s, i) => (i ? s : { ...s, cells: { ...s.cells, B5: { ...s.cells.B5, value: 12345 } } })) };
  // the first render over a source reads the source back as its baseline; later ones find it cached
  await measure('render over source', 'one cell changed (source read as baseline)', () =>
    renderWorkbookFile({ ...edited, source: { blobKey: 'bench', sha256: imported.result.sha256 } }, () => Promise.resolve(wb.result.buffer)),
  );
  const edited2 = { ...edited, sheets: edited.sheets.map((s, i) => (i ? s : { ...s, cells: { ...s.cells, B6: { ...s.cells.B6, value: 54321 } } })) };
  await measure('render over source', 'next edit (baseline cached)', () =>
    renderWorkbookFile({ ...edited2, source: { blobKey: 'bench', sha256: imported.result.sha256 } }, () => Promise.resolve(wb.result.buffer)),
  );

  const docModel = largeDocument(50);
  const doc = await measure('document → docx', `${docModel.doc.content?.length ?? 0} blocks (~50 pages)`, () => renderDocumentDetailed(docModel));
  console.log(`  ${(doc.result.buffer.length / 1024).toFixed(0)} KB`);

  const deckModel = largeDeck(30);
  const deck = await measure('deck → pptx', '30 slides (charts, tables, images)', () => renderDeckDetailed(deckModel));
  console.log(`  ${(deck.result.buffer.length / 1024).toFixed(0)} KB`);

  console.log(`process maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

  if (process.env.BENCH_PAGES && findSoffice()) {
    const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-bench-'));
    const f = path.join(dir, 'large.docx');
    await writeFile(f, doc.result.buffer);
    const [pdf] = await sofficeConvert([f], 'pdf', dir);
    const pages = (await pdfText(pdf!)).split('\f').filter((p) => p.trim()).length;
    console.log(`document pages (LibreOffice): ${pages}`);
    await rm(dir, { recursive: true, force: true });
  }
}

runBench(main);
