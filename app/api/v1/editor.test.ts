// The embeddable editor over HTTP: edit_url minting, tokens (scope, sliding TTL, expiry page),
// saves (cell patches, documents, decks), conflicts and bad input, and a resumed agent task that
// keeps a person's edit.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from './excel/generate/route';
import { POST as word } from './word/generate/route';
import { POST as slides } from './slides/generate/route';
import { GET as getRun } from './runs/[run_id]/route';
import { GET as download } from './runs/[run_id]/download/route';
import { GET as openEditor } from './edit/[run_id]/route';
import { GET as getDoc, PUT as putDoc } from './edit/[run_id]/document/route';
import { POST as keepAlive } from './edit/[run_id]/keepalive/route';
import { deleteExpiredEditSessions } from '@/server/edit-sessions/delete-expired-edit-sessions';
import { EDIT_SESSION_TTL_MS, hashEditToken } from '@/server/edit-sessions/edit-token';
import { mintEditSession } from '@/server/edit-sessions/mint-edit-session';
import { openEditorPage } from '@/server/api/open-editor-page';
import { settleEditedRun } from '@/server/editor/settle-edited-run';
import { clearVersionModelCache, loadVersionModel } from '@/server/runs/version-model';
import { EditSessionError, openEditSession } from '@/server/editor/open-edit-session';
import type { RunMemory } from '@/server/agent/types';
import { call } from '@/server/test/api-client';
import { fetchSigned, orgWithKey, runLocalWorker, taskSettled } from '@/server/test/generation-harness';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();
let a: { orgId: string; key: string };
let b: { orgId: string; key: string };
let runId = '';
let bRunId = '';

const tokenOf = (editUrl: string) => new URL(editUrl).searchParams.get('token')!;

async function workbookOf(runIdArg: string, key: string) {
  const d = await call(download, 'GET', '/x', { key, params: { run_id: runIdArg } });
  expect(d.status).toBe(302);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await fetchSigned(d.headers.get('location')!)).bytes as unknown as ArrayBuffer);
  return wb;
}

async function freshToken(run = runId, key = a.key, mode?: 'view') {
  const r = await call(getRun, 'GET', `/api/v1/runs/${run}${mode ? '?edit_mode=view' : ''}`, { key, params: { run_id: run } });
  expect(r.status).toBe(200);
  return tokenOf(r.json.edit_url);
}

beforeAll(async () => {
  a = await orgWithKey(t.db, { name: 'A' });
  b = await orgWithKey(t.db, { name: 'B' });
  const r = await call(excel, 'POST', '/api/v1/excel/generate', { key: a.key, json: { prompt: 'A workbook with sheets "Revenue" and "Costs", each with columns Month, Amount' } });
  expect(r.status).toBe(200);
  runId = r.json.run_id;
  const rb = await call(excel, 'POST', '/api/v1/excel/generate', { key: b.key, json: { prompt: 'A workbook with a sheet "Private"' } });
  bRunId = rb.json.run_id;
  // the rows counted by the tests: nothing of these tasks may still be written
  await taskSettled(t.db, r.json.task_id);
  await taskSettled(t.db, rb.json.task_id);
}, 120_000);

describe('edit_url', () => {
  it('every generation response and GET /runs/{id} carry a freshly minted one, stored hashed', async () => {
    const run = await call(getRun, 'GET', '/x', { key: a.key, params: { run_id: runId } });
    const again = await call(getRun, 'GET', '/x', { key: a.key, params: { run_id: runId } });
    for (const u of [run.json.edit_url, again.json.edit_url]) expect(u).toMatch(new RegExp(`^http://localhost:\\d+/api/v1/edit/${runId}\\?token=edt_[A-Za-z0-9_-]{43}$`));
    expect(run.json.edit_url).not.toBe(again.json.edit_url);
    const token = tokenOf(run.json.edit_url);
    const row = await t.db.editSession.findUnique({ where: { tokenHash: hashEditToken(token) } });
    expect(row).toMatchObject({ runId, orgId: a.orgId, readOnly: false });
    expect(JSON.stringify(await t.db.editSession.findMany())).not.toContain(token);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(EDIT_SESSION_TTL_MS);
  });

  it('edit_mode=view mints a read-only token; saving with it is 403 and writes nothing', async () => {
    const token = await freshToken(runId, a.key, 'view');
    const doc = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: runId } });
    expect(doc.json.read_only).toBe(true);
    const before = await rowCounts(t.db);
    const r = await call(putDoc, 'PUT', '/x', { params: { run_id: runId }, json: { token, base_version: doc.json.version, edit: { kind: 'cells', changes: [{ sheet: 'Revenue', cell: 'A1', value: 'x' }] } } });
    expect(r.status).toBe(403);
    expect(await rowCounts(t.db)).toEqual(before);
    const bad = await call(getRun, 'GET', '/x?edit_mode=write', { key: a.key, params: { run_id: runId } });
    expect(bad.status).toBe(400);
  });
});

describe('tokens', () => {
  it('a valid token redirects to the editor page with security headers', async () => {
    const token = await freshToken();
    const r = await call(openEditor, 'GET', `/api/v1/edit/${runId}?token=${token}`, { params: { run_id: runId } });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe(`/edit/${runId}?token=${token}`);
    expect(r.headers.get('content-security-policy')).toBe('frame-ancestors *');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a token of another run is 404 (HTML page for the iframe, JSON for the API)', async () => {
    const other = await call(excel, 'POST', '/x', { key: a.key, json: { prompt: 'A sheet "Other"' } });
    const token = await freshToken();
    const page = await call(openEditor, 'GET', `/x?token=${token}`, { params: { run_id: other.json.run_id } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('not valid');
    const api = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: other.json.run_id } });
    expect(api.status).toBe(404);
    expect(api.json.error.code).toBe('not_found');
    const missing = await call(openEditor, 'GET', '/x', { params: { run_id: runId } });
    expect(missing.status).toBe(404);
    expect(missing.text).not.toMatch(/at \w+ \(/); // no stack trace
  });

  it('another org’s token cannot open this run, and this org’s token cannot open theirs', async () => {
    const theirs = await freshToken(bRunId, b.key);
    const r = await call(getDoc, 'GET', `/x?token=${theirs}`, { params: { run_id: runId } });
    const random = await call(getDoc, 'GET', `/x?token=edt_${'x'.repeat(43)}`, { params: { run_id: runId } });
    expect([r.status, random.status]).toEqual([404, 404]);
    expect({ ...r.json.error, request_id: 0 }).toEqual({ ...random.json.error, request_id: 0 });
    // A session row whose org does not own the run (e.g. forged) opens nothing either.
    const forged = await mintEditSession(t.db, { orgId: b.orgId, runId, readOnly: false });
    expect((await call(getDoc, 'GET', `/x?token=${forged.token}`, { params: { run_id: runId } })).status).toBe(404);
  });

  it('expires 15 minutes after the last activity; activity slides the expiry (fake clock)', async () => {
    const t0 = new Date('2030-01-01T10:00:00Z');
    const s = await mintEditSession(t.db, { orgId: a.orgId, runId, readOnly: false, now: t0 });
    const at = (min: number) => new Date(t0.getTime() + min * 60_000);
    // 10 min in: activity → valid until 10 + 15 = 25 min.
    const opened = await openEditSession(t.db, { runId, token: s.token, now: at(10) });
    expect(opened.expiresAt.toISOString()).toBe(at(25).toISOString());
    // 20 min in: still valid thanks to the activity (without it, it would have expired at 15).
    await openEditSession(t.db, { runId, token: s.token, now: at(20), touch: false });
    // 26 min after t0, no activity since 10: expired; the page says so in HTML.
    await expect(openEditSession(t.db, { runId, token: s.token, now: at(26) })).rejects.toEqual(new EditSessionError('expired'));
    const page = await openEditorPage(t.db, { runId, token: s.token, now: at(26) });
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('This editing link has expired');
    // The keep-alive endpoint slides it too (real clock).
    const token = await freshToken();
    const before = (await t.db.editSession.findUniqueOrThrow({ where: { tokenHash: hashEditToken(token) } })).expiresAt;
    await new Promise((r) => setTimeout(r, 20));
    const k = await call(keepAlive, 'POST', '/x', { params: { run_id: runId }, json: { token } });
    expect(k.status).toBe(200);
    expect(new Date(k.json.expires_at).getTime()).toBeGreaterThan(before.getTime());
  });

  it('expired rows are deleted by deleteExpiredEditSessions', async () => {
    const old = await mintEditSession(t.db, { orgId: a.orgId, runId, readOnly: false, now: new Date('2020-01-01T00:00:00Z') });
    const live = await freshToken();
    const n = await deleteExpiredEditSessions(t.db, new Date());
    expect(n).toBeGreaterThanOrEqual(1);
    expect(await t.db.editSession.findUnique({ where: { tokenHash: hashEditToken(old.token) } })).toBeNull();
    expect(await t.db.editSession.findUnique({ where: { tokenHash: hashEditToken(live) } })).not.toBeNull();
  });
});

describe('saving', () => {
  it('a cell edit becomes a new editor version; download_url serves it; styles and charts stay', async () => {
    const token = await freshToken();
    const doc = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: runId } });
    expect(doc.status).toBe(200);
    expect(doc.json).toMatchObject({ format: 'excel', read_only: false, version: 1 });
    const sheet = doc.json.model.sheets.find((s: { name: string }) => s.name === 'Revenue');
    const styledBefore = Object.entries(sheet.cells as Record<string, { style?: unknown }>).filter(([, c]) => c.style).length;
    const r = await call(putDoc, 'PUT', '/x', {
      params: { run_id: runId },
      json: { token, base_version: 1, edit: { kind: 'cells', changes: [{ sheet: 'Revenue', cell: 'H2', value: 4242 }, { sheet: 'Revenue', cell: 'H3', formula: '=H2*2' }] } },
    });
    expect(r.status).toBe(200);
    expect(r.json.version).toBe(2);
    // The autosave stored only the edit: a patch over version 1, no whole model, no file yet.
    const v = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 2 } } });
    expect(v).toMatchObject({ source: 'editor', model: null, snapshotVersion: 1, blobKey: null });
    expect(v.patch).toEqual([{ sheet: 'Revenue', cell: 'H2', value: 4242 }, { sheet: 'Revenue', cell: 'H3', formula: '=H2*2' }]);
    // The memory says a person edited it; its index is rebuilt later (stale until then).
    const stale = (await t.db.run.findUniqueOrThrow({ where: { id: runId } })).memory as unknown as RunMemory;
    expect(stale.history.at(-1)!.summary).toContain('Revenue!H2');
    expect(stale.staleIndex).toBe(true);
    // The first download renders the file.
    const wb = await workbookOf(runId, a.key);
    expect(wb.getWorksheet('Revenue')!.getCell('H2').value).toBe(4242);
    expect(wb.getWorksheet('Revenue')!.getCell('H3').value).toMatchObject({ formula: 'H2*2', result: 8484 });
    expect((await t.db.artifactVersion.findUniqueOrThrow({ where: { id: v.id } })).blobKey).toMatch(new RegExp(`^runs/${runId}/v2/`));
    // The model of version 2, rebuilt from the database alone, has the edit and keeps every style.
    clearVersionModelCache();
    const model = (await loadVersionModel(t.db, runId, 2))!.model as { sheets: { name: string; cells: Record<string, { style?: unknown; value?: unknown }> }[] };
    const after = model.sheets.find((s) => s.name === 'Revenue')!;
    expect(after.cells.H2!.value).toBe(4242);
    expect(Object.values(after.cells).filter((c) => c.style).length).toBe(styledBefore);
    // Settling re-indexes the memory: the used range now reaches column H.
    expect(stale.index.kind === 'workbook' && stale.index.sheets.find((x) => x.name === 'Revenue')!.usedRange).not.toMatch(/:H\d+$/);
    expect(await settleEditedRun(t.db, runId)).toMatchObject({ rendered: false, reindexed: true });
    const memory = (await t.db.run.findUniqueOrThrow({ where: { id: runId } })).memory as unknown as RunMemory;
    expect(memory.staleIndex).toBeUndefined();
    expect(memory.index.kind === 'workbook' && memory.index.sheets.find((x) => x.name === 'Revenue')!.usedRange).toMatch(/:H\d+$/);
    expect(memory.history).toEqual(stale.history);
    // The computed values come back to the editor.
    const reloaded = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: runId } });
    expect(reloaded.json.formula_values.Revenue.H3).toBe(8484);
  });

  it('a stale base_version that changes a cell changed since is 409 with the conflict and writes nothing', async () => {
    const token = await freshToken();
    const before = await rowCounts(t.db);
    const current = (await t.db.run.findUniqueOrThrow({ where: { id: runId } })).currentVersion;
    const r = await call(putDoc, 'PUT', '/x', { params: { run_id: runId }, json: { token, base_version: current - 1, edit: { kind: 'cells', changes: [{ sheet: 'Revenue', cell: 'H2', value: 'stale' }] } } });
    expect(r.status).toBe(409);
    expect(r.json.error).toMatchObject({ code: 'conflict', details: { current_version: current, reason: 'conflict', conflicts: [{ target: 'cell:Revenue!H2', label: 'Revenue!H2', yours: 'stale', theirs: '4242' }] } });
    expect(await rowCounts(t.db)).toEqual(before);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).currentVersion).toBe(current);
  });

  it.each([
    ['unknown sheet', { kind: 'cells', changes: [{ sheet: 'Nope', cell: 'A1', value: 1 }] }, 'invalid_request'],
    ['bad address', { kind: 'cells', changes: [{ sheet: 'Revenue', cell: 'A0', value: 1 }] }, 'invalid_request'],
    ['unknown field', { kind: 'cells', changes: [{ sheet: 'Revenue', cell: 'A1', value: 1, color: 'red' }] }, 'unknown_parameter'],
    ['no changes', { kind: 'cells', changes: [] }, 'invalid_request'],
    ['wrong kind for the format', { kind: 'document', doc: { type: 'doc', content: [] } }, 'invalid_request'],
    ['unknown kind', { kind: 'html', html: '<p>' }, 'invalid_request'],
  ])('bad input (%s) → 400 in the error shape, nothing written', async (_name, edit, code) => {
    const token = await freshToken();
    const before = await rowCounts(t.db);
    const current = (await t.db.run.findUniqueOrThrow({ where: { id: runId } })).currentVersion;
    const r = await call(putDoc, 'PUT', '/x', { params: { run_id: runId }, json: { token, base_version: current, edit } });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('malformed JSON and a missing token are 400 and write nothing', async () => {
    const before = await rowCounts(t.db);
    const r = await call(putDoc, 'PUT', '/x', { params: { run_id: runId }, raw: '{"token":', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    const r2 = await call(putDoc, 'PUT', '/x', { params: { run_id: runId }, json: { base_version: 1, edit: { kind: 'cells', changes: [{ sheet: 'Revenue', cell: 'A1', value: 1 }] } } });
    expect(r2.status).toBe(400);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('a resumed generate after an editor edit keeps the edit', async () => {
    const token = await freshToken();
    const current = (await t.db.run.findUniqueOrThrow({ where: { id: runId } })).currentVersion;
    const s = await call(putDoc, 'PUT', '/x', {
      params: { run_id: runId },
      json: { token, base_version: current, edit: { kind: 'cells', changes: [{ sheet: 'Costs', cell: 'B2', value: 'Edited by a person' }] } },
    });
    expect(s.status).toBe(200);
    const r = await call(excel, 'POST', '/x', { key: a.key, json: { run_id: runId, prompt: 'Add a sheet named "Forecast"' } });
    expect(r.status).toBe(200);
    expect(r.json.edit_url).toMatch(/\/api\/v1\/edit\//);
    const wb = await workbookOf(runId, a.key);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Revenue', 'Costs', 'Forecast']));
    expect(wb.getWorksheet('Costs')!.getCell('B2').value).toBe('Edited by a person');
    expect(wb.getWorksheet('Revenue')!.getCell('H2').value).toBe(4242);
    const versions = await t.db.artifactVersion.findMany({ where: { runId }, orderBy: { version: 'asc' }, select: { source: true } });
    expect(versions.map((v) => v.source)).toEqual(['agent', 'editor', 'editor', 'agent']);
  });
});

describe('documents and decks', () => {
  it('a docx paragraph edit and a pptx text edit + reorder reach the downloaded files', async () => {
    const w = await call(word, 'POST', '/x', { key: a.key, json: { prompt: 'A memo with sections Background, Policy' } });
    const token = tokenOf(w.json.edit_url);
    const doc = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: w.json.run_id } });
    const body = structuredClone(doc.json.model.doc);
    body.content.push({ type: 'paragraph', content: [{ type: 'text', text: 'A sentence typed in the editor.' }] });
    const saved = await call(putDoc, 'PUT', '/x', { params: { run_id: w.json.run_id }, json: { token, base_version: doc.json.version, edit: { kind: 'document', doc: body } } });
    expect(saved.status).toBe(200);
    const d = await call(download, 'GET', '/x', { key: a.key, params: { run_id: w.json.run_id } });
    const xml = await (await JSZip.loadAsync((await fetchSigned(d.headers.get('location')!)).bytes)).file('word/document.xml')!.async('string');
    expect(xml).toContain('A sentence typed in the editor.');

    const s = await call(slides, 'POST', '/x', { key: a.key, json: { prompt: 'a 4-slide deck about onboarding' } });
    const st = tokenOf(s.json.edit_url);
    const deck = await call(getDoc, 'GET', `/x?token=${st}`, { params: { run_id: s.json.run_id } });
    const ids: string[] = deck.json.model.slides.map((x: { id: string }) => x.id);
    const order = [ids[1]!, ids[0]!, ...ids.slice(2)];
    const ds = await call(putDoc, 'PUT', '/x', {
      params: { run_id: s.json.run_id },
      json: { token: st, base_version: deck.json.version, edit: { kind: 'deck', order, slides: [{ id: ids[0]!, title: 'Renamed in the editor' }] } },
    });
    expect(ds.status).toBe(200);
    const pd = await call(download, 'GET', '/x', { key: a.key, params: { run_id: s.json.run_id } });
    const zip = await JSZip.loadAsync((await fetchSigned(pd.headers.get('location')!)).bytes);
    expect(await zip.file('ppt/slides/slide2.xml')!.async('string')).toContain('Renamed in the editor');
    const badOrder = await call(putDoc, 'PUT', '/x', { params: { run_id: s.json.run_id }, json: { token: st, base_version: 2, edit: { kind: 'deck', order: [ids[0]!] } } });
    expect(badOrder.status).toBe(400);
  });
});
