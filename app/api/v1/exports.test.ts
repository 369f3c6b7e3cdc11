// POST /runs/{run_id}/export end to end: runs made by the real generation path (offline model,
// local worker), real LibreOffice listeners, poppler, local blob storage.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from './excel/generate/route';
import { POST as word } from './word/generate/route';
import { POST as slides } from './slides/generate/route';
import { POST as exportRoute } from './runs/[run_id]/export/route';
import { findSoffice, pdfText, sofficeConvert } from '@/server/documents/common/soffice';
import { sampleDeck } from '@/server/documents/fixtures/sample-deck';
import { sampleDocument } from '@/server/documents/fixtures/sample-document';
import { sampleWorkbook } from '@/server/documents/fixtures/sample-workbook';
import { newId } from '@/server/db/ids';
import { env } from '@/server/env';
import { conversionCounts } from '@/server/exports/conversion-stats';
import { loadVersionModel } from '@/server/runs/version-model';
import { currentExportPool, shutdownExportPool } from '@/server/exports/export-pool';
import { groupLeftovers } from '@/server/exports/testing/process-groups';
import { seedRun } from '@/server/exports/testing/seed-run';
import { call } from '@/server/test/api-client';
import { fetchSigned, orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';

const exec = promisify(execFile);
const t = setupTestDb();
runLocalWorker();

const hasLibreOffice = !!findSoffice();
if (!hasLibreOffice) console.warn('LibreOffice not found: the pdf/png/odt/odp export tests are skipped (apt-get install libreoffice-*-nogui python3-uno poppler-utils)');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const lookDir = process.env.DOCSMITH_PNG_DIR ?? path.join(tmpdir(), 'docsmith-export-png');

let a: { orgId: string; key: string };
let b: { orgId: string; key: string };
const runs = { excel: '', word: '', slides: '' };
let dir = '';

async function generate(handler: typeof excel, route: string, prompt: string, key = a.key) {
  const r = await call(handler, 'POST', `/api/v1/${route}`, { key, json: { prompt } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.run_id as string;
}

const exportCall = (runId: string, json: unknown, opts: { key?: string; query?: string } = {}) =>
  call(exportRoute, 'POST', `/api/v1/runs/${runId}/export${opts.query ?? ''}`, { key: opts.key ?? a.key, params: { run_id: runId }, json });

async function exported(runId: string, json: Record<string, unknown>) {
  const r = await exportCall(runId, json);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  const file = await fetchSigned(r.json.download_url);
  expect(file.status).toBe(200);
  return { res: r.json, bytes: file.bytes, headers: file.headers };
}

async function save(name: string, bytes: Buffer): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, bytes);
  return p;
}

/** Renders page 1 of a PDF with pdftoppm; returns the PNG bytes (proves the PDF opens). */
async function renderFirstPage(pdf: string, dpi = 50): Promise<Buffer> {
  const prefix = `${pdf}-p1`;
  await exec('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  const { readFile } = await import('node:fs/promises');
  return readFile(`${prefix}.png`);
}

/** Stored export files of this file's runs (other test files share the blob folder). */
async function exportBlobCount(): Promise<number> {
  const root = path.join(env().DATA_DIR, 'blobs', 'runs');
  const mine = await t.db.run.findMany({ where: { orgId: { in: [a.orgId, b.orgId] } }, select: { id: true } });
  let n = 0;
  for (const runDir of mine.map((r) => r.id)) {
    const files = await readdir(path.join(root, runDir, 'exports'), { recursive: true }).catch(() => [] as string[]);
    n += files.filter((f) => /\.\w+$/.test(String(f)) && !path.basename(String(f)).startsWith('.')).length;
  }
  return n;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'docsmith-exports-test-'));
  const { mkdir } = await import('node:fs/promises');
  await mkdir(lookDir, { recursive: true });
  a = await orgWithKey(t.db, { name: 'Export A' });
  b = await orgWithKey(t.db, { name: 'Export B' });
  runs.excel = await generate(excel, 'excel/generate', 'A budget workbook with columns Category, Budget, Actual, Variance and 8 rows');
  runs.word = await generate(word, 'word/generate', 'A short report on remote work with sections "Summary", "Findings" and "Next steps"');
  runs.slides = await generate(slides, 'slides/generate', 'a 4-slide deck about onboarding new engineers');
}, 180_000);

afterAll(async () => {
  await shutdownExportPool();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('exports of a workbook run (xlsx)', () => {
  it('csv: the first sheet with computed formula values (Variance = Actual − Budget on every row)', async () => {
    const { res, bytes } = await exported(runs.excel, { format: 'csv' });
    expect(res).toMatchObject({ format: 'csv', run_id: runs.excel, version: 1, content_type: 'text/csv; charset=utf-8', cached: false });
    expect(res.file_name).toMatch(/\.csv$/);
    const rows = Papa.parse<string[]>(bytes.toString('utf8').trim()).data;
    const header = rows.findIndex((r) => r.includes('Budget') && r.includes('Variance'));
    expect(header).toBeGreaterThanOrEqual(0);
    const h = rows[header]!;
    const [ib, ia, iv] = [h.indexOf('Budget'), h.indexOf('Actual'), h.indexOf('Variance')];
    const data = rows.slice(header + 1).filter((r) => r[ib] !== '' && !Number.isNaN(Number(r[ib])) && r[0] !== 'Total');
    expect(data.length).toBeGreaterThanOrEqual(8);
    for (const r of data) {
      expect(r[iv], `row ${r.join(',')}`).not.toBe('');
      expect(Number(r[iv])).toBeCloseTo(Number(r[ia]) - Number(r[ib]), 6);
    }
    // the model's formula cells carry formulas: the values above were computed, not copied
    const v = await loadVersionModel(t.db, runs.excel, 1);
    expect(JSON.stringify(v!.model)).toMatch(/"formula":"[^"]*-/);
  });

  it('html: every sheet as a table with the computed values', async () => {
    const { res, bytes } = await exported(runs.excel, { format: 'html' });
    expect(res.content_type).toBe('text/html; charset=utf-8');
    const html = bytes.toString('utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<table>');
    expect(html).toContain('Variance');
    const csv = (await exported(runs.excel, { format: 'csv' })).bytes.toString('utf8');
    const firstNumber = Papa.parse<string[]>(csv).data.flat().find((c) => /^\d{3,}$/.test(c));
    expect(firstNumber).toBeDefined();
    expect(html.replace(/,/g, '')).toContain(firstNumber!);
  });

  it.skipIf(!hasLibreOffice)('pdf renders with pdftoppm and shows the values; png is a zip of page images', async () => {
    const pdf = await exported(runs.excel, { format: 'pdf' });
    expect(pdf.res.content_type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = await save('excel.pdf', pdf.bytes);
    expect((await renderFirstPage(file)).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(await pdfText(file)).toContain('Variance');
    const before = conversionCounts();
    const png = await exported(runs.excel, { format: 'png' });
    expect(png.res.content_type).toBe('application/zip');
    expect(conversionCounts().libreoffice).toBe(before.libreoffice); // reused the cached PDF
    const zip = await JSZip.loadAsync(png.bytes);
    const names = Object.keys(zip.files).sort();
    expect(names[0]).toMatch(/^page-0*1\.png$/);
    const first = await zip.file(names[0]!)!.async('nodebuffer');
    expect(first.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    await writeFile(path.join(lookDir, 'export-xlsx-page1.png'), first);
  });
});

describe('exports of a document run (docx)', () => {
  it('txt and html contain the section headings', async () => {
    const txt = await exported(runs.word, { format: 'txt' });
    expect(txt.res.content_type).toBe('text/plain; charset=utf-8');
    for (const s of ['Summary', 'Findings', 'Next steps']) expect(txt.bytes.toString('utf8')).toContain(s);
    const html = await exported(runs.word, { format: 'html' });
    const text = html.bytes.toString('utf8');
    expect(text).toMatch(/<h\d[^>]*>(?:<[^>]+>)*[^<]*Findings/);
  });

  it.skipIf(!hasLibreOffice)('pdf renders; odt opens in LibreOffice (converted back to pdf) with the text', async () => {
    const pdf = await exported(runs.word, { format: 'pdf' });
    const pdfFile = await save('word.pdf', pdf.bytes);
    expect((await renderFirstPage(pdfFile)).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(await pdfText(pdfFile)).toContain('Findings');
    const odt = await exported(runs.word, { format: 'odt' });
    expect(odt.res.content_type).toBe('application/vnd.oasis.opendocument.text');
    const odtFile = await save('word.odt', odt.bytes);
    const [back] = await sofficeConvert([odtFile], 'pdf', path.join(dir, 'odt-back'));
    expect(await pdfText(back!)).toContain('Next steps');
    // docx has no png export; page 1 of its pdf export, for people to look at
    await writeFile(path.join(lookDir, 'export-docx-pdf-page1.png'), await renderFirstPage(pdfFile, 110));
  });
});

describe.skipIf(!hasLibreOffice)('exports of a deck run (pptx)', () => {
  it('pdf has one page per slide; png zip has one image per slide; page=2 is one PNG; odp opens', async () => {
    const deck = await loadVersionModel(t.db, runs.slides, 1);
    const slideCount = (deck!.model as { slides: unknown[] }).slides.length;
    expect(slideCount).toBe(4);
    const pdf = await exported(runs.slides, { format: 'pdf' });
    const pdfFile = await save('deck.pdf', pdf.bytes);
    expect((await renderFirstPage(pdfFile)).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const info = await exec('pdfinfo', [pdfFile]);
    expect(info.stdout).toMatch(new RegExp(`Pages:\\s+${slideCount}\\b`));
    const zip = await JSZip.loadAsync((await exported(runs.slides, { format: 'png' })).bytes);
    expect(Object.keys(zip.files)).toHaveLength(slideCount);
    const two = await exported(runs.slides, { format: 'png', page: 2 });
    expect(two.bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(two.res.file_name).toMatch(/page 2\.png$/);
    await writeFile(path.join(lookDir, 'export-pptx-page2.png'), two.bytes);
    const odp = await exported(runs.slides, { format: 'odp' });
    expect(odp.res.content_type).toBe('application/vnd.oasis.opendocument.presentation');
    const odpFile = await save('deck.odp', odp.bytes);
    const [back] = await sofficeConvert([odpFile], 'pdf', path.join(dir, 'odp-back'));
    const backInfo = await exec('pdfinfo', [back!]);
    expect(backInfo.stdout).toMatch(new RegExp(`Pages:\\s+${slideCount}\\b`));
  });
});

describe('the export cache', () => {
  it('a second export of the same version converts nothing; a new version (resume) converts again', async () => {
    const format = hasLibreOffice ? 'pdf' : 'html';
    const runId = await generate(word, 'word/generate', 'A one-page memo about the office move with sections "Dates" and "Parking"');
    const c0 = conversionCounts().total;
    const first = await exportCall(runId, { format });
    expect(first.status).toBe(200);
    expect(first.json.cached).toBe(false);
    expect(conversionCounts().total - c0).toBe(1);
    const rows = await rowCounts(t.db);
    const blobs = await exportBlobCount();
    expect(blobs).toBeGreaterThan(0);
    const second = await exportCall(runId, { format });
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ cached: true, version: 1, size_bytes: first.json.size_bytes });
    expect(conversionCounts().total - c0).toBe(1);
    expect(await rowCounts(t.db)).toEqual(rows);
    expect(await exportBlobCount()).toBe(blobs);
    // query-string form of the same request is the same cached export
    const viaQuery = await exportCall(runId, undefined, { query: `?format=${format}` });
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.json.cached).toBe(true);

    const resumed = await call(word, 'POST', '/api/v1/word/generate', { key: a.key, json: { run_id: runId, prompt: 'Add a section "Catering"' } });
    expect(resumed.status).toBe(200);
    const third = await exportCall(runId, { format });
    expect(third.status).toBe(200);
    expect(third.json).toMatchObject({ cached: false, version: 2 });
    expect(conversionCounts().total - c0).toBe(2);
    expect(await t.db.exportArtifact.count({ where: { runId } })).toBe(2);
    const text = format === 'pdf' ? await pdfText(await save('v2.pdf', (await fetchSigned(third.json.download_url)).bytes)) : '';
    if (format === 'pdf') expect(text).toContain('Catering');
  });
});

describe.skipIf(!hasLibreOffice)('load', () => {
  it('10 concurrent PDF exports of 10 different runs all complete, on at most EXPORT_POOL_SIZE listeners', async () => {
    const models = [
      ['excel', sampleWorkbook()],
      ['word', sampleDocument()],
      ['slides', sampleDeck()],
    ] as const;
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => seedRun(t.db, a.orgId, models[i % 3]![0], models[i % 3]![1], `Load ${i}`)));
    const c0 = conversionCounts().libreoffice;
    const results = await Promise.all(ids.map((id) => exportCall(id, { format: 'pdf' })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(conversionCounts().libreoffice - c0).toBe(10);
    const stats = currentExportPool()!.stats();
    expect(stats.pids.length).toBeLessThanOrEqual(env().EXPORT_POOL_SIZE);
    expect(stats.failures).toBe(0);
    for (const r of results) {
      const f = await fetchSigned(r.json.download_url);
      expect(f.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });
});

describe('bad input writes nothing', () => {
  it('answers the documented error for each bad request, with row and blob counts unchanged', async () => {
    const foreign = await generate(excel, 'excel/generate', 'A workbook with columns Item, Value', b.key);
    const noDoc = await t.db.run.create({ data: { id: newId('run'), orgId: a.orgId, format: 'excel', prompt: 'queued' } });
    const textRun = await t.db.run.create({ data: { id: newId('run'), orgId: a.orgId, format: 'text', prompt: 'text', status: 'completed' } });
    const expired = await seedRun(t.db, a.orgId, 'word', sampleDocument(), 'Old');
    await t.db.run.update({ where: { id: expired }, data: { lastTaskAt: new Date(Date.now() - (env().RUN_RETENTION_DAYS + 1) * 86_400_000) } });
    const purged = await seedRun(t.db, a.orgId, 'word', sampleDocument(), 'Purged');
    await t.db.run.update({ where: { id: purged }, data: { expiredAt: new Date(), purgedAt: new Date() } });
    const rows = await rowCounts(t.db);
    const blobs = await exportBlobCount();
    const counts = conversionCounts().total;

    const cases: Array<[string, Promise<{ status: number; json: any }>, number, string, RegExp?]> = [
      ['unknown format', exportCall(runs.excel, { format: 'docx' }), 400, 'invalid_request'],
      ['format for another run type', exportCall(runs.excel, { format: 'odt' }), 400, 'invalid_request', /pdf, csv, png, html/],
      ['pptx → txt', exportCall(runs.slides, { format: 'txt' }), 400, 'invalid_request', /pdf, png, odp/],
      ['docx → csv', exportCall(runs.word, { format: 'csv' }), 400, 'invalid_request', /pdf, html, txt, odt/],
      ['missing format', exportCall(runs.excel, {}), 400, 'invalid_request', /format is required/],
      ['page 0', exportCall(runs.slides, { format: 'png', page: 0 }), 400, 'invalid_request'],
      ['page not a number', exportCall(runs.slides, { format: 'png', page: 'two' }), 400, 'invalid_request'],
      ['page on pdf', exportCall(runs.slides, { format: 'pdf', page: 1 }), 400, 'invalid_request', /png/],
      ['sheet on html', exportCall(runs.excel, { format: 'html', sheet: 'Budget' }), 400, 'invalid_request', /csv/],
      ['unknown sheet', exportCall(runs.excel, { format: 'csv', sheet: 'Nope' }), 400, 'invalid_request', /no sheet "Nope"/],
      ['unknown body parameter', exportCall(runs.excel, { format: 'pdf', quality: 'high' }), 400, 'unknown_parameter'],
      ['unknown query parameter', exportCall(runs.excel, { format: 'pdf' }, { query: '?dpi=300' }), 400, 'unknown_parameter'],
      ['body and query disagree', exportCall(runs.excel, { format: 'pdf' }, { query: '?format=csv' }), 400, 'invalid_request'],
      ['text run', exportCall(textRun.id, { format: 'pdf' }), 400, 'invalid_request', /text runs/],
      ['run without a document', exportCall(noDoc.id, { format: 'csv' }), 409, 'conflict'],
      ['expired run', exportCall(expired, { format: 'html' }), 410, 'gone'],
      ['purged run', exportCall(purged, { format: 'html' }), 410, 'gone'],
    ];
    if (hasLibreOffice) cases.push(['page past the end', exportCall(runs.slides, { format: 'png', page: 99 }), 400, 'invalid_request', /has 4 pages/]);
    for (const [label, p, status, code, message] of cases) {
      const r = await p;
      expect(r.status, `${label}: ${JSON.stringify(r.json)}`).toBe(status);
      expect(r.json.error.code, label).toBe(code);
      if (message) expect(r.json.error.message, label).toMatch(message);
    }
    // another org's run is the same 404 as a made-up id
    const theirs = await exportCall(foreign, { format: 'csv' });
    const madeUp = await exportCall('run_01JAAAAAAAAAAAAAAAAAAAAAAA', { format: 'csv' });
    expect(theirs.status).toBe(404);
    expect(madeUp.status).toBe(404);
    const strip = (j: { error: Record<string, unknown> }) => ({ ...j.error, request_id: undefined });
    expect(strip(theirs.json)).toEqual(strip(madeUp.json));

    expect(await rowCounts(t.db)).toEqual(rows);
    expect(await exportBlobCount()).toBe(blobs);
    // a bad page may convert to find the page count, but stores nothing
    if (!hasLibreOffice) expect(conversionCounts().total).toBe(counts);
  });
});

describe('process hygiene', () => {
  it.skipIf(!hasLibreOffice)('the pool started lazily, stays within its size, and leaves no process behind after shutdown', async () => {
    const pool = currentExportPool();
    expect(pool).toBeDefined();
    const pids = pool!.stats().pids;
    expect(pids.length).toBeGreaterThan(0);
    expect((await groupLeftovers(pids, 0)).map((p) => p.comm)).toContain('soffice.bin');
    await shutdownExportPool();
    // each helper led a process group with its soffice (and soffice's own helpers, e.g. gpgconf):
    // nothing of those groups may remain (zombies waiting to be reaped by init aside)
    const left = await groupLeftovers(pids);
    expect(left).toEqual([]);
  });
});
