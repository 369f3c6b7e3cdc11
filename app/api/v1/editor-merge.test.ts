// Concurrent edits over HTTP: two viewers (two edit_urls of one run) save on the same version.
// Different cells / words / elements both land (the later save is merged onto the earlier one);
// the same cell changed differently is a 409 with the conflict that writes nothing, and the
// person's choice saves on the current version; an agent version in between merges too. Every new
// version is announced to the open editors' event streams.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from './excel/generate/route';
import { POST as word } from './word/generate/route';
import { POST as slides } from './slides/generate/route';
import { GET as getRun } from './runs/[run_id]/route';
import { GET as download } from './runs/[run_id]/download/route';
import { GET as getDoc, PUT as putDoc } from './edit/[run_id]/document/route';
import { GET as events } from './edit/[run_id]/events/route';
import { call } from '@/server/test/api-client';
import { fetchSigned, orgWithKey, runLocalWorker, taskSettled } from '@/server/test/generation-harness';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();
let a: { orgId: string; key: string };

const tokenOf = (editUrl: string) => new URL(editUrl).searchParams.get('token')!;
async function freshToken(run: string) {
  const r = await call(getRun, 'GET', `/api/v1/runs/${run}`, { key: a.key, params: { run_id: run } });
  expect(r.status).toBe(200);
  return tokenOf(r.json.edit_url);
}
const save = (run: string, json: object) => call(putDoc, 'PUT', '/x', { params: { run_id: run }, json });
const load = async (run: string, token: string) => (await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: run } })).json;
async function fileOf(run: string): Promise<Buffer> {
  const d = await call(download, 'GET', '/x', { key: a.key, params: { run_id: run } });
  expect(d.status).toBe(302);
  return Buffer.from((await fetchSigned(d.headers.get('location')!)).bytes);
}
async function workbookOf(run: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await fileOf(run)) as unknown as ArrayBuffer);
  return wb;
}

beforeAll(async () => {
  a = await orgWithKey(t.db, { name: 'A' });
}, 60_000);

describe('workbooks', () => {
  let runId = '';
  beforeAll(async () => {
    const r = await call(excel, 'POST', '/api/v1/excel/generate', { key: a.key, json: { prompt: 'A workbook with sheets "Revenue" and "Costs", each with columns Month, Amount' } });
    expect(r.status).toBe(200);
    runId = r.json.run_id;
    await taskSettled(t.db, r.json.task_id);
  }, 120_000);

  it('two viewers change different cells on the same version: both land, the second as a patch', async () => {
    const [ta, tb] = [await freshToken(runId), await freshToken(runId)];
    const v = (await load(runId, ta)).version;
    const ra = await save(runId, { token: ta, base_version: v, edit: { kind: 'cells', changes: [{ sheet: 'Revenue', cell: 'B2', value: 'from A' }] } });
    expect(ra.json).toMatchObject({ version: v + 1, merged: false });
    const rb = await save(runId, { token: tb, base_version: v, edit: { kind: 'workbook', ops: [{ op: 'set', sheet: 'Revenue', cell: 'H21', value: 'from B' }] } });
    expect(rb.status).toBe(200);
    expect(rb.json).toMatchObject({ version: v + 2, merged: true });
    const stored = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: v + 2 } } });
    expect(stored).toMatchObject({ source: 'editor', model: null, snapshotVersion: v });
    const wb = await workbookOf(runId);
    expect(wb.getWorksheet('Revenue')!.getCell('B2').value).toBe('from A');
    expect(wb.getWorksheet('Revenue')!.getCell('H21').value).toBe('from B');
  });

  it('the same cell changed differently: 409 with both values, nothing written; the choice saves on the current version', async () => {
    const [ta, tb] = [await freshToken(runId), await freshToken(runId)];
    const v = (await load(runId, ta)).version;
    expect((await save(runId, { token: ta, base_version: v, edit: { kind: 'cells', changes: [{ sheet: 'Costs', cell: 'B2', value: 111 }] } })).status).toBe(200);
    const before = await rowCounts(t.db);
    const edit = { kind: 'cells', changes: [{ sheet: 'Costs', cell: 'B2', value: 222 }, { sheet: 'Costs', cell: 'D5', value: 'mine too' }] };
    const r = await save(runId, { token: tb, base_version: v, edit });
    expect(r.status).toBe(409);
    expect(r.json.error.details).toEqual({ current_version: v + 1, reason: 'conflict', conflicts: [{ target: 'cell:Costs!B2', label: 'Costs!B2', yours: '222', theirs: '111' }] });
    expect(await rowCounts(t.db)).toEqual(before);
    // choices for an older current version are not taken: still the conflict
    const stale = await save(runId, { token: tb, base_version: v, edit, resolve: { version: v, choices: { 'cell:Costs!B2': 'yours' } } });
    expect(stale.status).toBe(409);
    expect(await rowCounts(t.db)).toEqual(before);
    // "keep theirs": the rest of the edit lands, B2 stays 111
    const kept = await save(runId, { token: tb, base_version: v, edit, resolve: { version: v + 1, choices: { 'cell:Costs!B2': 'theirs' } } });
    expect(kept.json).toMatchObject({ version: v + 2, merged: true });
    let wb = await workbookOf(runId);
    expect(wb.getWorksheet('Costs')!.getCell('B2').value).toBe(111);
    expect(wb.getWorksheet('Costs')!.getCell('D5').value).toBe('mine too');
    // "keep mine" on a fresh conflict
    const tc = await freshToken(runId);
    const again = await save(runId, { token: tc, base_version: v + 1, edit: { kind: 'cells', changes: [{ sheet: 'Costs', cell: 'D5', value: 'C wins' }] } });
    expect(again.status).toBe(409);
    const chose = await save(runId, { token: tc, base_version: v + 1, edit: { kind: 'cells', changes: [{ sheet: 'Costs', cell: 'D5', value: 'C wins' }] }, resolve: { version: v + 2, choices: { 'cell:Costs!D5': 'yours' } } });
    expect(chose.json).toMatchObject({ version: v + 3, merged: true });
    wb = await workbookOf(runId);
    expect(wb.getWorksheet('Costs')!.getCell('D5').value).toBe('C wins');
  });

  it('an agent version in between (a resume adding a sheet) merges with an edit made before it; the open editor hears of it', async () => {
    const token = await freshToken(runId);
    const v = (await load(runId, token)).version;
    const ctrl = new AbortController();
    const res = await events(new Request(`http://localhost/api/v1/edit/${runId}/events?token=${token}`, { signal: ctrl.signal }), { params: Promise.resolve({ run_id: runId }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (re: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!re.test(text) && Date.now() < deadline) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      return re.test(text);
    };
    expect(await readUntil(/event: hello\ndata: \{[^\n]*"version":\d+/)).toBe(true);
    const r = await call(excel, 'POST', '/x', { key: a.key, json: { run_id: runId, prompt: 'Add a sheet named "Forecast"' } });
    expect(r.status).toBe(200);
    expect(await readUntil(new RegExp(`event: version\\ndata: \\{"version":${v + 1},"by":"agent"\\}`))).toBe(true);
    const s = await save(runId, { token, base_version: v, edit: { kind: 'cells', changes: [{ sheet: 'Costs', cell: 'C3', value: 'typed during the task' }] } });
    expect(s.json).toMatchObject({ version: v + 2, merged: true });
    expect(await readUntil(new RegExp(`event: version\\ndata: \\{"version":${v + 2},"by":"you"\\}`))).toBe(true);
    ctrl.abort();
    await reader.cancel().catch(() => undefined);
    const wb = await workbookOf(runId);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Revenue', 'Costs', 'Forecast']));
    expect(wb.getWorksheet('Costs')!.getCell('C3').value).toBe('typed during the task');
  });
});

type Node = { type: string; text?: string; content?: Node[] };
const textOf = (n: Node): string => n.text ?? (n.content ?? []).map(textOf).join('');

describe('documents', () => {
  it('both edit the same paragraph at different words: both changes present; the same word: a conflict', async () => {
    const w = await call(word, 'POST', '/x', { key: a.key, json: { prompt: 'A memo with sections Background, Policy' } });
    expect(w.status).toBe(200);
    const run = w.json.run_id as string;
    const [ta, tb] = [await freshToken(run), await freshToken(run)];
    const doc = await load(run, ta);
    const blocks = doc.model.doc.content as Node[];
    const i = blocks.findIndex((b) => b.type === 'paragraph' && b.content?.length === 1 && textOf(b).split(' ').length >= 6);
    expect(i).toBeGreaterThanOrEqual(0);
    const words = textOf(blocks[i]!).split(' ');
    const withWords = (changes: Record<number, string>) => {
      const body = structuredClone(doc.model.doc) as { content: Node[] };
      body.content[i]!.content![0]!.text = words.map((x, k) => changes[k] ?? x).join(' '); // its marks stay
      return { kind: 'document', doc: body };
    };
    expect((await save(run, { token: ta, base_version: doc.version, edit: withWords({ 0: 'ALPHA' }) })).status).toBe(200);
    const rb = await save(run, { token: tb, base_version: doc.version, edit: withWords({ [words.length - 1]: 'OMEGA.' }) });
    expect(rb.json).toMatchObject({ version: doc.version + 2, merged: true });
    const merged = (await load(run, ta)).model.doc.content[i] as Node;
    expect(textOf(merged)).toBe(['ALPHA', ...words.slice(1, -1), 'OMEGA.'].join(' '));
    const xml = await (await JSZip.loadAsync(await fileOf(run))).file('word/document.xml')!.async('string');
    expect(xml).toContain('ALPHA');
    expect(xml).toContain('OMEGA.');
    // the same word changed differently by both: a conflict naming the paragraph, with both texts
    const before = await rowCounts(t.db);
    const rc = await save(run, { token: tb, base_version: doc.version, edit: withWords({ 0: 'BETA' }) });
    expect(rc.status).toBe(409);
    const c = rc.json.error.details.conflicts;
    expect(c).toHaveLength(1);
    expect(c[0].label).toMatch(/^Paragraph \d+/);
    expect(c[0].yours).toContain('BETA');
    expect(c[0].theirs).toContain('ALPHA');
    expect(await rowCounts(t.db)).toEqual(before);
  });
});

describe('decks', () => {
  it('two viewers change different parts of one slide (title and notes; two different bullets): both land in the pptx', async () => {
    const s = await call(slides, 'POST', '/x', { key: a.key, json: { prompt: 'a 4-slide deck about onboarding' } });
    expect(s.status).toBe(200);
    const run = s.json.run_id as string;
    const [ta, tb] = [await freshToken(run), await freshToken(run)];
    const deck = await load(run, ta);
    type Slide = { id: string; title?: string; elements: Array<{ kind: string }> };
    const slide = (deck.model.slides as Slide[])[1]!;
    expect((await save(run, { token: ta, base_version: deck.version, edit: { kind: 'deck', slides: [{ id: slide.id, title: 'Title by A' }] } })).status).toBe(200);
    const rb = await save(run, { token: tb, base_version: deck.version, edit: { kind: 'deck', slides: [{ id: slide.id, notes: 'Notes by B' }] } });
    expect(rb.json).toMatchObject({ version: deck.version + 2, merged: true });
    const after = (await load(run, ta)).model.slides.find((x: Slide) => x.id === slide.id);
    expect(after).toMatchObject({ title: 'Title by A', notes: 'Notes by B' });
    // two different bullets of one slide
    const v2 = deck.version + 2;
    const bullets = (slide as unknown as { bullets: Array<string | { text: string; level: number }> }).bullets;
    expect(bullets.length).toBeGreaterThanOrEqual(3);
    const withBullet = (i: number, text: string) => bullets.map((b, k) => (k === i ? text : b));
    expect((await save(run, { token: ta, base_version: v2, edit: { kind: 'deck', slides: [{ id: slide.id, bullets: withBullet(0, 'First bullet by A') }] } })).status).toBe(200);
    const rb2 = await save(run, { token: tb, base_version: v2, edit: { kind: 'deck', slides: [{ id: slide.id, bullets: withBullet(2, 'Third bullet by B') }] } });
    expect(rb2.json).toMatchObject({ version: v2 + 2, merged: true });
    const both = (await load(run, ta)).model.slides.find((x: Slide) => x.id === slide.id).bullets as Array<string | { text: string }>;
    const texts = both.map((x) => (typeof x === 'string' ? x : x.text));
    expect(texts[0]).toBe('First bullet by A');
    expect(texts[2]).toBe('Third bullet by B');
    expect(both).toHaveLength(bullets.length);
    const zip = await JSZip.loadAsync(await fileOf(run));
    const xml = (await Promise.all(Object.keys(zip.files).filter((f) => /^ppt\/(slides|notesSlides)\/\w+\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')))).join('');
    expect(xml).toContain('Title by A');
    expect(xml).toContain('Notes by B');
    expect(xml).toContain('First bullet by A');
    expect(xml).toContain('Third bullet by B');
  });
});
