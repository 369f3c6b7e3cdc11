// Uploads used by generation: image_ids place the uploaded images into documents and decks,
// file_ids give the agent source data (a CSV becomes the workbook's data, a document's text is
// read), /excel/analyze answers about an uploaded workbook, and bad attachment ids write nothing.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as uploadFile } from './files/route';
import { POST as uploadImage } from './images/route';
import { POST as excel } from './excel/generate/route';
import { POST as analyze } from './excel/analyze/route';
import { POST as word } from './word/generate/route';
import { POST as slides } from './slides/generate/route';
import { GET as listRuns } from './runs/route';
import { renderDocument, renderWorkbook } from '@/server/documents';
import { readXlsx } from '@/server/documents/workbook/xlsx/read-xlsx';
import { clearVersionModelCache, loadVersionModel } from '@/server/runs/version-model';
import { getBlobStore } from '@/server/storage/get-blob-store';
import { makePng } from '@/server/documents/fixtures/sample-image';
import { call } from '@/server/test/api-client';
import { fetchSigned, orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();

type Handler = Parameters<typeof call>[0];
let a: { orgId: string; key: string };
let b: { orgId: string; key: string };

beforeAll(async () => {
  a = await orgWithKey(t.db, { name: 'Attach A' });
  b = await orgWithKey(t.db, { name: 'Attach B' });
}, 60_000);

const sha = (x: Uint8Array) => createHash('sha256').update(x).digest('hex');

async function upload(handler: Handler, key: string, bytes: Uint8Array, name: string): Promise<string> {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await handler(new Request('http://localhost:3000/api/v1/upload', { method: 'POST', headers: { 'x-api-key': key }, body: f }), {
    params: Promise.resolve({}),
  });
  const json = (await res.json()) as { id: string };
  expect(res.status).toBe(201);
  return json.id;
}

/** A one-page PDF whose page shows `text` in Helvetica (enough for pdftotext). */
function tinyPdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function mediaOf(url: string, prefix: string): Promise<string[]> {
  const file = await fetchSigned(url);
  expect(file.status).toBe(200);
  const zip = await JSZip.loadAsync(file.bytes);
  const media = Object.keys(zip.files).filter((n) => n.startsWith(prefix) && !zip.files[n]!.dir);
  return Promise.all(media.map(async (n) => sha(await zip.file(n)!.async('uint8array'))));
}

const png = makePng(64, 48, (x, y) => [x * 4, y * 5, 200]);

describe('image_ids', () => {
  it('places an uploaded image into the generated docx and pptx (the same bytes)', async () => {
    const img = await upload(uploadImage, a.key, png, 'logo.png');
    const doc = await call(word, 'POST', '/x', { key: a.key, json: { prompt: 'A short report on our new logo', image_ids: [img] } });
    expect(doc.status).toBe(200);
    expect(doc.json.status).toBe('completed');
    expect(await mediaOf(doc.json.download_url, 'word/media/')).toContain(sha(png));

    const deck = await call(slides, 'POST', '/x', { key: a.key, json: { prompt: 'A 4-slide deck about our new logo', image_ids: [img] } });
    expect(deck.status).toBe(200);
    expect(deck.json.status).toBe('completed');
    expect(await mediaOf(deck.json.download_url, 'ppt/media/')).toContain(sha(png));
  }, 60_000);
});

describe('file_ids', () => {
  it('a CSV becomes the data of the generated workbook', async () => {
    const csv = 'Region,Q1,Q2\nNorth,120,130.5\nSouth,95,101\nWest,77,80\n';
    const id = await upload(uploadFile, a.key, Buffer.from(csv), 'regions.csv');
    const r = await call(excel, 'POST', '/x', { key: a.key, json: { prompt: 'Build a workbook from the attached regional figures', file_ids: [id] } });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('completed');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await fetchSigned(r.json.download_url)).bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      ['Region', 'Q1', 'Q2'],
      ['North', 120, 130.5],
      ['South', 95, 101],
      ['West', 77, 80],
    ]);
    // untitled: the run is named after the uploaded file
    const run = await t.db.run.findUniqueOrThrow({ where: { id: r.json.run_id as string } });
    expect([run.title, run.fileName]).toEqual(['regions', 'regions.xlsx']);
  }, 60_000);

  it('an uploaded .xlsx becomes the run: its model is stored once, as a blob, with the imported model beside the run copy of the package; duration_ms covers the whole task and the runs list carries it', async () => {
    const cells: Record<string, { value: string | number }> = { A1: { value: 'Region' }, B1: { value: 'Units' } };
    for (let r = 2; r <= 40; r++) Object.assign(cells, { [`A${r}`]: { value: `R${r}` }, [`B${r}`]: { value: r * 3 } });
    const bytes = await renderWorkbook({ sheets: [{ name: 'Units', cells }] });
    const id = await upload(uploadFile, a.key, bytes, 'units.xlsx');
    const r = await call(excel, 'POST', '/x', { key: a.key, json: { prompt: 'Build it from the attached file', file_ids: [id] } });
    expect(r.status).toBe(200);
    expect(r.json.status, JSON.stringify(r.json)).toBe('completed');
    const runId = r.json.run_id as string;
    const store = getBlobStore();

    // the version row points at the task's model blob; the database holds no copy of the model
    const version = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 1 } } });
    expect(version).toMatchObject({ model: null, modelKey: `runs/${runId}/models/${r.json.task_id}.json`, snapshotVersion: null });
    const stored = JSON.parse((await store.getBytes(version.modelKey!))!.toString('utf8')) as { sheets: unknown[]; source: { blobKey: string; sha256: string } };
    expect(stored.source).toEqual({ blobKey: `runs/${runId}/source/${sha(bytes)}.xlsx`, sha256: sha(bytes) });
    expect(await store.getBytes(`runs/${runId}/drafts/${r.json.task_id}.json`)).toBeNull();
    // the workbook is the file unchanged: the version's file is the uploaded package itself
    expect(version.sha256).toBe(sha(bytes));
    for (const step of await t.db.taskStep.findMany({ where: { taskId: r.json.task_id } })) expect(JSON.stringify(step.output ?? null).length).toBeLessThan(4000);
    // beside the run's copy of the package: the model it imports to (what the render diffs against)
    const imported = JSON.parse((await store.getBytes(`${stored.source.blobKey}.model.json`))!.toString('utf8')) as unknown;
    expect(imported).toEqual((await readXlsx(bytes)).workbook);
    expect(stored.sheets).toEqual((imported as { sheets: unknown[] }).sheets);
    clearVersionModelCache();
    expect((await loadVersionModel(t.db, runId, 1))!.model).toEqual(stored);

    // duration_ms: from the start of the task to its completion, finalize included
    const task = await t.db.task.findUniqueOrThrow({ where: { id: r.json.task_id } });
    expect(task.durationMs).toBe(task.finishedAt!.getTime() - task.startedAt!.getTime());
    expect(r.json.duration_ms).toBe(task.durationMs);
    const listed = await call(listRuns, 'GET', '/x', { key: a.key });
    expect(listed.json.items.find((x: { run_id: string }) => x.run_id === runId).duration_ms).toBe(task.durationMs);

    // a follow-up: a new model blob (the first version's model is untouched), the run's total grows
    const next = await call(excel, 'POST', '/x', { key: a.key, json: { prompt: 'Add a sheet named "Notes"', run_id: runId } });
    expect(next.json.status).toBe('completed');
    const v2 = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 2 } } });
    expect(v2).toMatchObject({ model: null, modelKey: `runs/${runId}/models/${next.json.task_id}.json` });
    clearVersionModelCache();
    expect((await loadVersionModel(t.db, runId, 1))!.model).toEqual(stored);
    expect(((await loadVersionModel(t.db, runId, 2))!.model as { sheets: { name: string }[] }).sheets.map((s) => s.name)).toEqual(['Units', 'Notes']);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.durationMs).toBe(task.durationMs! + (next.json.duration_ms as number));
    // named after the uploaded file (it has no title of its own), and still so after the resume
    expect([run.title, run.fileName]).toEqual(['units', 'units.xlsx']);
  }, 90_000);

  it('the text of an uploaded docx and PDF reaches the generated document', async () => {
    const docx = await renderDocument({
      doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The harbour project finished under budget in March.' }] }] },
    });
    const docxId = await upload(uploadFile, a.key, docx, 'harbour.docx');
    const pdfId = await upload(uploadFile, a.key, tinyPdf('Zebra crossings reduce accidents by a third'), 'zebra.pdf');
    const r = await call(word, 'POST', '/x', { key: a.key, json: { prompt: 'A brief combining the attached sources', file_ids: [docxId, pdfId] } });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('completed');
    const zip = await JSZip.loadAsync((await fetchSigned(r.json.download_url)).bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('The harbour project finished under budget in March.');
    expect(text).toContain('Zebra crossings reduce accidents by a third');
  }, 60_000);
});

describe('/excel/analyze on an uploaded workbook', () => {
  it('answers with the cells it used', async () => {
    const bytes = await renderWorkbook({
      sheets: [{ name: 'Costs', cells: { A1: { value: 'Item' }, B1: { value: 'Cost' }, A2: { value: 'rent' }, B2: { value: 1200 }, A3: { value: 'power' }, B3: { value: 300 }, A4: { value: 'Total' }, B4: { formula: 'SUM(B2:B3)' } } }],
    });
    const id = await upload(uploadFile, a.key, bytes, 'costs.xlsx');
    const r = await call(analyze, 'POST', '/x', { key: a.key, json: { file_id: id, prompt: 'What is the total cost?' } });
    expect(r.status).toBe(200);
    expect(r.json.answer).toMatch(/1,?500/);
    expect(r.json.cells_used.map((c: { ref: string }) => c.ref)).toEqual(expect.arrayContaining(['B2', 'B3']));
    // a document is not a workbook: the task fails with a clear error
    const docId = await upload(uploadFile, a.key, Buffer.from('just notes'), 'notes.txt');
    const bad = await call(analyze, 'POST', '/x', { key: a.key, json: { file_id: docId, prompt: 'What is the total?' } });
    expect(bad.json.status).toBe('failed');
    expect(bad.json.error).toMatchObject({ code: 'unreadable_file', message: expect.stringMatching(/not a spreadsheet/) });
  }, 60_000);
});

describe('bad attachment ids', () => {
  it('foreign, missing or misplaced ids answer 4xx and write nothing', async () => {
    const foreignImg = await upload(uploadImage, b.key, png, 'b.png');
    const foreignFile = await upload(uploadFile, b.key, Buffer.from('x,y\n1,2\n'), 'b.csv');
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.from([0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0])]);
    const webpId = await upload(uploadImage, a.key, webp, 'pic.webp');
    const ownImg = await upload(uploadImage, a.key, png, 'own.png');
    const before = await rowCounts(t.db);
    const cases: Array<[Handler, Record<string, unknown>, number, RegExp]> = [
      [word, { prompt: 'x', image_ids: [foreignImg] }, 404, /image .* not found/],
      [excel, { prompt: 'x', file_ids: [foreignFile] }, 404, /file .* not found/],
      [slides, { prompt: 'x', image_ids: ['img_doesnotexist'] }, 404, /not found/],
      // an image id given as a file id is not a file
      [word, { prompt: 'x', file_ids: [ownImg] }, 404, /file .* not found/],
      [excel, { prompt: 'x', image_ids: [ownImg] }, 400, /Excel run takes file_ids/],
      [slides, { prompt: 'x', image_ids: [webpId] }, 400, /WebP/],
    ];
    for (const [handler, json, status, message] of cases) {
      const r = await call(handler, 'POST', '/x', { key: a.key, json });
      expect(r.status, JSON.stringify(json)).toBe(status);
      expect(r.json.error.message).toMatch(message);
    }
    expect(await rowCounts(t.db)).toEqual(before);
  }, 60_000);
});
