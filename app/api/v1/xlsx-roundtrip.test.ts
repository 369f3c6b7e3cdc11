// Lossless spreadsheets through the API: every corpus workbook (openpyxl, LibreOffice, Excel,
// Excel for Mac, Excel Online, Google Sheets) is uploaded, turned into a run, resumed with "Add a
// sheet named Notes" and downloaded; the inventory tool (shared/tools/xlsx-inventory.py, Debian
// python3-openpyxl) must find every feature of the original in the download. Then an editor
// session changes one cell, and the next download differs from the previous one in that cell only.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as uploadFile } from './files/route';
import { POST as excel } from './excel/generate/route';
import { GET as download } from './runs/[run_id]/download/route';
import { GET as getDoc, PUT as putDoc } from './edit/[run_id]/document/route';
import { readXlsx } from '@/server/documents/workbook/import-xlsx';
import { evaluateWorkbook } from '@/server/documents/workbook/evaluate-formulas';
import { addressKey, numberToColumn } from '@/lib/workbook/cell-ref';
import { call } from '@/server/test/api-client';
import { fetchSigned, orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { setupTestDb } from '@/server/test/test-db';
import { libreofficeRecalcMany } from '@/server/documents/workbook/testing/libreoffice-recalc';
import { readCachedFormulaValues } from '@/server/documents/workbook/testing/cached-values';
import { sameValue, show } from '@/server/documents/workbook/testing/compare-values';

const t = setupTestDb();
runLocalWorker();

const SHARED = path.resolve(__dirname, '../../../../shared');
const TOOL = path.join(SHARED, 'tools/xlsx-inventory.py');
const CORPUS = ['corpus/xlsx', 'corpus/xlsx-realworld'].map((d) => path.join(SHARED, d));
const OWN = path.resolve(__dirname, '../../../server/documents/fixtures/xlsx-corpus');
const files = [...CORPUS, OWN].filter((d) => existsSync(d)).flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(d, f)));

const PY = '/usr/bin/python3';
const havePython = existsSync(PY) && (() => {
  try {
    execFileSync(PY, ['-c', 'import openpyxl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let key = '';
let dir = '';
/** every downloaded file (after the resume and after the editor save), for the LibreOffice check */
const downloads: Array<{ name: string; bytes: Buffer }> = [];
beforeAll(async () => {
  key = (await orgWithKey(t.db, { name: 'Round trip', credits: 1_000_000 })).key;
  dir = mkdtempSync(path.join(tmpdir(), 'ds-roundtrip-'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function inventoryDiff(before: string, after: string, ...args: string[]): { code: number; lines: string[] } {
  try {
    const out = execFileSync(PY, [TOOL, '--diff', before, after, ...args], { encoding: 'utf8' });
    return { code: 0, lines: out.trim().split('\n') };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, lines: `${err.stdout}${err.stderr}`.trim().split('\n') };
  }
}

async function downloadRun(runId: string): Promise<Buffer> {
  const d = await call(download, 'GET', '/x', { key, params: { run_id: runId } });
  expect(d.status).toBe(302);
  return (await fetchSigned(d.headers.get('location')!)).bytes;
}

async function upload(bytes: Buffer, name: string): Promise<string> {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await uploadFile(new Request('http://localhost:3000/api/v1/files', { method: 'POST', headers: { 'x-api-key': key }, body: f }), { params: Promise.resolve({}) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** A literal cell of a visible worksheet whose change moves no formula's value (so only it differs). */
async function cellToEdit(bytes: Buffer): Promise<{ sheet: string; cell: string; value: string | number; old: string | number } | undefined> {
  const { workbook } = await readXlsx(bytes);
  const before = evaluateWorkbook(workbook);
  let tried = 0;
  for (const s of workbook.sheets) {
    if (s.kind || s.state) continue;
    for (const [addr, c] of Object.entries(s.cells)) {
      if (c.formula || c.richText || c.array || (typeof c.value !== 'string' && typeof c.value !== 'number')) continue;
      if (s.merges.some((m) => m.startsWith(`${addr}:`)) || ++tried > 40) continue;
      const value = typeof c.value === 'string' ? `${c.value} (edited)` : c.value + 1;
      const copy = { ...workbook, sheets: workbook.sheets.map((x) => (x === s ? { ...x, cells: { ...x.cells, [addr]: { ...c, value } } } : x)) };
      const after = evaluateWorkbook(copy);
      const moved = [...before.formulaValues].some(([sheet, vals]) => [...vals].some(([a, v]) => JSON.stringify(after.formulaValues.get(sheet)?.get(a)) !== JSON.stringify(v)));
      if (!moved) return { sheet: s.name, cell: addr, value, old: c.value };
    }
  }
  return undefined;
}

/** An empty cell of the first visible worksheet, right of everything it holds, that no formula reads. */
async function emptyCellToFill(bytes: Buffer): Promise<{ sheet: string; cell: string; value: string } | undefined> {
  const { workbook } = await readXlsx(bytes);
  const before = evaluateWorkbook(workbook);
  const s = workbook.sheets.find((x) => !x.kind && !x.state);
  if (!s) return undefined;
  const maxCol = Math.max(0, ...Object.keys(s.cells).map((a) => addressKey(a) % 16384));
  const cell = `${numberToColumn(maxCol + 2)}1`;
  const value = 'Edited in the editor';
  const after = evaluateWorkbook({ ...workbook, sheets: workbook.sheets.map((x) => (x === s ? { ...x, cells: { ...x.cells, [cell]: { value } } } : x)) });
  const moved = [...before.formulaValues].some(([sheet, vals]) => [...vals].some(([a, v]) => JSON.stringify(after.formulaValues.get(sheet)?.get(a)) !== JSON.stringify(v)));
  return moved ? undefined : { sheet: s.name, cell, value };
}

const shown = (v: string | number) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

describe('xlsx round trip through the API', () => {
  it('has the inventory tool and its Python (CI installs python3-openpyxl)', () => {
    expect(existsSync(TOOL)).toBe(true);
    expect(havePython).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(21);
  });

  for (const file of files) {
    const name = path.basename(file);
    it(`${name}: import, resume "Add a sheet named Notes", download keeps every feature; one editor cell changes only that cell`, async () => {
      const original = readFileSync(file);
      const fileId = await upload(original, name);
      const first = await call(excel, 'POST', '/api/v1/excel/generate', { key, json: { prompt: 'Build a workbook from the attached file', file_ids: [fileId] } });
      expect(first.status, JSON.stringify(first.json)).toBe(200);
      expect(first.json.status, JSON.stringify(first.json)).toBe('completed');
      const runId = first.json.run_id as string;
      const resumed = await call(excel, 'POST', '/api/v1/excel/generate', { key, json: { run_id: runId, prompt: 'Add a sheet named Notes' } });
      expect(resumed.status, JSON.stringify(resumed.json)).toBe(200);
      expect(resumed.json.status, JSON.stringify(resumed.json)).toBe('completed');

      const v2 = path.join(dir, `v2-${name}`);
      const v2Bytes = await downloadRun(runId);
      writeFileSync(v2, v2Bytes);
      downloads.push({ name: `${name} (resumed)`, bytes: v2Bytes });
      const names = (await readXlsx(v2Bytes)).workbook.sheets.map((s) => s.name);
      expect(names).toEqual([...(await readXlsx(original)).workbook.sheets.map((s) => s.name), 'Notes']);
      const diff = inventoryDiff(file, v2, '--allow-added-sheet', 'Notes');
      const last = diff.lines[diff.lines.length - 1]!;
      const m = /^kept (\d+) of (\d+) features$/.exec(last);
      expect(m, diff.lines.join('\n')).not.toBeNull();
      expect(m![1], diff.lines.filter((l) => !l.startsWith('ADDED')).join('\n')).toBe(m![2]);
      expect(diff.code, diff.lines.join('\n')).toBe(0);
      const added = diff.lines.filter((l) => l.startsWith('ADDED'));
      expect(added.join('\n')).not.toMatch(/ADDED sheet /); // Notes was allowed; no other sheet appeared

      // one editor cell
      // a literal cell changes; in workbooks without one (the control-only and validation-only
      // files) a value is typed into an empty cell instead
      const changed = await cellToEdit(original);
      const filled = changed ? undefined : await emptyCellToFill(original);
      if (!changed) expect(['excel-form-controls.xlsx', 'excel-online.xlsx']).toContain(name);
      const target = changed ?? filled;
      expect(target, 'a cell to edit').toBeDefined();
      if (!target) return;
      const token = new URL(resumed.json.edit_url as string).searchParams.get('token')!;
      const doc = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: runId } });
      expect(doc.status).toBe(200);
      const save = await call(putDoc, 'PUT', '/x', {
        params: { run_id: runId },
        json: { token, base_version: doc.json.version, edit: { kind: 'cells', changes: [{ sheet: target.sheet, cell: target.cell, value: target.value }] } },
      });
      expect(save.status, JSON.stringify(save.json)).toBe(200);
      const v3 = path.join(dir, `v3-${name}`);
      const v3Bytes = await downloadRun(runId);
      writeFileSync(v3, v3Bytes);
      downloads.push({ name: `${name} (edited)`, bytes: v3Bytes });
      const d2 = inventoryDiff(v2, v3);
      const bad = d2.lines.filter((l) => /^\s*(LOST|CHANGED|UNREADABLE)/.test(l));
      if (!changed) {
        // only the new value: nothing lost or changed, one cell added on that sheet
        expect(bad, d2.lines.join('\n')).toEqual([]);
        expect(d2.lines.filter((l) => l.startsWith('ADDED')), d2.lines.join('\n')).toEqual([expect.stringMatching(new RegExp(`^ADDED cell values? (of )?${target.sheet}`))]);
        return;
      }
      expect(bad, d2.lines.join('\n')).toEqual([`CHANGED cell values of ${target.sheet}: 0 lost, 1 changed, 0 added of ${bad.length ? /of (\d+) cells/.exec(bad[0]!)?.[1] : '?'} cells`, `  CHANGED ${target.sheet}!${target.cell} value ${shown(changed.old)} -> ${shown(target.value)}`]);
    }, 120_000);
  }

  it('every cached formula value in every downloaded file equals LibreOffice\'s forced recalculation', async () => {
    expect(downloads.length).toBeGreaterThanOrEqual(files.length);
    const lo = await libreofficeRecalcMany(downloads.map((d) => d.bytes), { timeoutMs: 180_000 });
    const problems: string[] = [];
    let compared = 0;
    for (const [i, d] of downloads.entries()) {
      const cached = await readCachedFormulaValues(d.bytes);
      for (const [sheet, cells] of lo[i]!) {
        for (const [cell, value] of cells) {
          // LibreOffice holds a literal TRUE/FALSE as the formula =TRUE()/=FALSE(): not a formula of the file
          if (typeof value === 'boolean' && !cached.get(sheet)?.has(cell)) continue;
          compared++;
          const ours = cached.get(sheet)?.get(cell);
          if (!sameValue(ours ?? undefined, value)) problems.push(`${d.name}: ${sheet}!${cell}: file ${show(ours ?? undefined)}, LibreOffice ${show(value)}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(problems.slice(0, 40)).toEqual([]);
  }, 300_000);
});
