// Outline, analyze and text tasks through the same task machinery as documents.
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as outline } from './slides/outline/route';
import { POST as slides } from './slides/generate/route';
import { POST as excel } from './excel/generate/route';
import { POST as analyze } from './excel/analyze/route';
import { POST as textGenerate } from './text/generate/route';
import { POST as textSummarize } from './text/summarize/route';
import { POST as textRewrite } from './text/rewrite/route';
import { GET as getTask } from './tasks/[task_id]/route';
import { renderWorkbook } from '@/server/documents/workbook/render-xlsx';
import { newId } from '@/server/db/ids';
import { getBlobStore } from '@/server/storage/get-blob-store';
import { call } from '@/server/test/api-client';
import { fetchSigned, orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();
let key = '';
let orgId = '';
beforeAll(async () => {
  ({ key, orgId } = await orgWithKey(t.db));
});

describe('POST /slides/outline → /slides/generate', () => {
  it('previews an outline, then builds exactly that deck from it', async () => {
    const o = await call(outline, 'POST', '/x', { key, json: { prompt: 'a deck about quarterly planning', slide_count: 5 } });
    expect(o.status).toBe(200);
    expect(o.json.status).toBe('completed');
    expect(o.json.outline.slides).toHaveLength(5);
    // an outline is built as given: a slide titled exactly "Agenda" keeps the bullets written for it
    const edited = {
      ...o.json.outline,
      slides: o.json.outline.slides.map((s: { title: string }, i: number) =>
        i === 1 ? { ...s, title: 'Our Custom Agenda' } : i === 2 ? { ...s, title: 'Agenda', bullets: ['Our own first point'] } : s,
      ),
    };
    const g = await call(slides, 'POST', '/x', { key, json: { prompt: 'use a calm tone', outline: edited } });
    expect(g.status).toBe(200);
    const zip = await JSZip.loadAsync((await fetchSigned(g.json.download_url)).bytes);
    const slideFiles = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slideFiles).toHaveLength(5);
    const all = (await Promise.all(slideFiles.map((f) => zip.file(f)!.async('string')))).join('');
    expect(all).toContain('Our Custom Agenda');
    expect(all).toContain('Our own first point');
  });
});

describe('POST /excel/analyze', () => {
  it('answers about a run’s workbook with the cells it used', async () => {
    const g = await call(excel, 'POST', '/x', { key, json: { prompt: 'A sheet named Sales with columns Month, Revenue for 6 months' } });
    expect(g.status).toBe(200);
    const a = await call(analyze, 'POST', '/x', { key, json: { run_id: g.json.run_id, prompt: 'What is the total revenue?' } });
    expect(a.status).toBe(200);
    expect(a.json.status).toBe('completed');
    expect(typeof a.json.answer).toBe('string');
    expect(a.json.cells_used.length).toBeGreaterThan(0);
    expect(a.json.cells_used[0]).toMatchObject({ sheet: expect.any(String), ref: expect.stringMatching(/^[A-Z]+\d+$/) });
    const task = await call(getTask, 'GET', '/x', { key, params: { task_id: a.json.task_id } });
    expect(task.json.result.answer).toBe(a.json.answer);
  });

  it('answers about an uploaded workbook (file_id), computing formula values', async () => {
    const bytes = await renderWorkbook({
      sheets: [
        {
          name: 'Data',
          cells: { A1: { value: 'Item' }, B1: { value: 'Cost' }, A2: { value: 'a' }, B2: { value: 40 }, A3: { value: 'b' }, B3: { value: 2 }, A4: { value: 'Total' }, B4: { formula: 'SUM(B2:B3)' } },
        },
      ],
    });
    const id = newId('file');
    const blobKey = `files/${orgId}/${id}/upload.xlsx`;
    const put = await getBlobStore().put(blobKey, bytes, { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    await t.db.fileObject.create({
      data: { id, orgId, kind: 'file', name: 'costs.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: put.size, sha256: put.sha256, blobKey },
    });
    const a = await call(analyze, 'POST', '/x', { key, json: { file_id: id, prompt: 'What is the total cost?' } });
    expect(a.status).toBe(200);
    expect(a.json.answer).toContain('42');
    const refs = a.json.cells_used.map((c: { ref: string }) => c.ref);
    expect(refs).toEqual(expect.arrayContaining(['B2', 'B3']));
  });

  it('needs exactly one of file_id or run_id', async () => {
    const r = await call(analyze, 'POST', '/x', { key, json: { prompt: 'q' } });
    expect(r.status).toBe(400);
  });
});

describe('POST /text/*', () => {
  it('generates, summarizes and rewrites text, and continues a text run', async () => {
    const g = await call(textGenerate, 'POST', '/x', { key, json: { prompt: 'Write a short welcome note for new hires' } });
    expect(g.status).toBe(200);
    expect(g.json.text.length).toBeGreaterThan(20);
    const more = await call(textGenerate, 'POST', '/x', { key, json: { run_id: g.json.run_id, prompt: 'Make it shorter' } });
    expect(more.status).toBe(200);
    expect(more.json.run_id).toBe(g.json.run_id);
    const long = 'Docsmith builds office documents from prompts. '.repeat(30);
    const s = await call(textSummarize, 'POST', '/x', { key, json: { text: long } });
    expect(s.status).toBe(200);
    expect(s.json.text.length).toBeLessThan(long.length);
    const r = await call(textRewrite, 'POST', '/x', { key, json: { text: 'hey, the report is late, sorry', style: 'formal', async: true } });
    expect(r.status).toBe(202);
    for (let i = 0; i < 200; i++) {
      const tk = await call(getTask, 'GET', '/x', { key, params: { task_id: r.json.task_id } });
      if (tk.json.status === 'completed') {
        expect(tk.json.result.text.length).toBeGreaterThan(0);
        return;
      }
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error('rewrite did not complete');
  });
});
