// Generation end to end on the embedded stack: the generate endpoints, the local worker, the real
// pipeline, the offline model, the renderers and local blob storage.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from './excel/generate/route';
import { POST as word } from './word/generate/route';
import { POST as slides } from './slides/generate/route';
import { GET as getTask } from './tasks/[task_id]/route';
import { GET as getRun } from './runs/[run_id]/route';
import { GET as download } from './runs/[run_id]/download/route';
import { balanceOf } from '@/server/credits/ledger';
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

async function workbookFrom(url: string) {
  const file = await fetchSigned(url);
  expect(file.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
  return wb;
}

describe('POST /excel/generate', () => {
  let runId = '';
  it('sync: builds the sheets and columns the prompt names, and charges once', async () => {
    const before = await balanceOf(t.db, orgId);
    const r = await call(excel, 'POST', '/api/v1/excel/generate', {
      key,
      json: { prompt: 'Create a workbook with sheets "Revenue" and "Costs", each with columns Month, Amount' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'completed', run_id: expect.stringMatching(/^run_/), task_id: expect.stringMatching(/^task_/) });
    expect(r.json.summary).toMatch(/offline/i);
    expect(r.json.summary).not.toMatch(/failed/i); // every tool call of the offline model was valid
    expect(r.json.credits_used).toBeGreaterThan(0);
    runId = r.json.run_id;
    const wb = await workbookFrom(r.json.download_url);
    const names = wb.worksheets.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Revenue', 'Costs']));
    for (const name of ['Revenue', 'Costs']) {
      const ws = wb.getWorksheet(name)!;
      const rows = [1, 2, 3, 4, 5].map((n) => (ws.getRow(n).values as unknown[]).filter(Boolean).map(String));
      expect(rows.some((cells) => cells.includes('Month') && cells.includes('Amount'))).toBe(true);
    }
    expect(await balanceOf(t.db, orgId)).toBe(before - r.json.credits_used);
    expect(await t.db.creditLedgerEntry.count({ where: { taskId: r.json.task_id, reason: 'task_debit' } })).toBe(1);
  });

  it('resume: a second call with run_id adds a sheet and keeps the existing ones', async () => {
    const r = await call(excel, 'POST', '/api/v1/excel/generate', { key, json: { run_id: runId, prompt: 'Add a sheet named "Forecast"' } });
    expect(r.status).toBe(200);
    expect(r.json.run_id).toBe(runId);
    const wb = await workbookFrom(r.json.download_url);
    expect(wb.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Revenue', 'Costs', 'Forecast']));
    const run = await call(getRun, 'GET', '/x', { key, params: { run_id: runId } });
    expect(run.json).toMatchObject({ current_version: 2, status: 'completed' });
    const d = await call(download, 'GET', '/x', { key, params: { run_id: runId } });
    expect(d.status).toBe(302);
    expect((await workbookFrom(d.headers.get('location')!)).worksheets.map((s) => s.name)).toContain('Forecast');
  });

  it('async: 202 at once, then the task goes queued → running → completed with a result', async () => {
    const r = await call(excel, 'POST', '/api/v1/excel/generate', { key, json: { prompt: 'A budget with sheets Q1, Q2, Q3', async: true } });
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ run_id: expect.any(String), task_id: expect.any(String), status: 'queued' });
    const seen: string[] = [];
    const progress: number[] = [];
    for (let i = 0; i < 400; i++) {
      const tk = await call(getTask, 'GET', '/x', { key, params: { task_id: r.json.task_id } });
      if (seen.at(-1) !== tk.json.status) seen.push(tk.json.status);
      progress.push(tk.json.progress);
      if (tk.json.status === 'completed') {
        expect(tk.json.result.download_url).toMatch(/^http/);
        expect(tk.json.result.summary).toBeTruthy();
        break;
      }
      await new Promise((res) => setTimeout(res, 25));
    }
    expect(seen.at(-1)).toBe('completed');
    expect(seen.filter((s) => s !== 'queued' && s !== 'running' && s !== 'completed')).toEqual([]);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress); // never goes backwards
  });

  it('refuses resume with the wrong format (400) and another org’s run (404)', async () => {
    const w = await call(word, 'POST', '/x', { key, json: { run_id: runId, prompt: 'more' } });
    expect(w.status).toBe(400);
    const other = await orgWithKey(t.db, { name: 'other' });
    const f = await call(excel, 'POST', '/x', { key: other.key, json: { run_id: runId, prompt: 'more' } });
    expect(f.status).toBe(404);
  });
});

describe('POST /word/generate and /slides/generate', () => {
  it('word: a document with the sections the prompt names', async () => {
    const r = await call(word, 'POST', '/x', { key, json: { prompt: 'A memo about remote work with sections Background, Policy, Next steps' } });
    expect(r.status).toBe(200);
    expect(r.json.error ?? null).toBeNull();
    expect(r.json.status).toBe('completed');
    const file = await fetchSigned(r.json.download_url);
    const zip = await JSZip.loadAsync(file.bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const s of ['Background', 'Policy', 'Next steps']) expect(xml).toContain(s);
  });

  it('slides: "a 7-slide deck about onboarding" has 7 slides about onboarding', async () => {
    const r = await call(slides, 'POST', '/x', { key, json: { prompt: 'a 7-slide deck about onboarding' } });
    expect(r.status).toBe(200);
    const zip = await JSZip.loadAsync((await fetchSigned(r.json.download_url)).bytes);
    const slideFiles = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slideFiles).toHaveLength(7);
    const all = (await Promise.all(slideFiles.map((f) => zip.file(f)!.async('string')))).join('\n');
    expect(all.toLowerCase()).toContain('onboarding');
  });
});
