// The document editor's images over HTTP: an upload authenticated by the edit token (read-only
// tokens refused, other orgs' runs and images not found), hostile or oversized images refused with
// a 4xx before anything is stored, the org's library listed and inserted, and a header/footer edit
// that lands in the stored model and the downloaded .docx together with the uploaded image.
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as word } from './word/generate/route';
import { GET as getRun } from './runs/[run_id]/route';
import { GET as download } from './runs/[run_id]/download/route';
import { GET as getDoc, PUT as putDoc } from './edit/[run_id]/document/route';
import { GET as listEditorImages, POST as uploadEditorImage } from './edit/[run_id]/images/route';
import { GET as getEditorImage } from './edit/[run_id]/images/[image_id]/route';
import { POST as uploadImage } from './images/route';
import { makePng } from '@/server/documents/fixtures/sample-image';
import { MAX_EDITOR_IMAGE_BYTES } from '@/server/editor/schemas';
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
const png = makePng(40, 20, (x) => [x * 6, 80, 200]);

const tokenOf = (editUrl: string) => new URL(editUrl).searchParams.get('token')!;
async function freshToken(run = runId, key = a.key, mode?: 'view') {
  const r = await call(getRun, 'GET', `/x${mode ? '?edit_mode=view' : ''}`, { key, params: { run_id: run } });
  expect(r.status).toBe(200);
  return tokenOf(r.json.edit_url);
}

type Handler = Parameters<typeof call>[0];
async function upload(handler: Handler, run: string, query: string, bytes: Uint8Array | null, name = 'picture.png', extra?: [string, string]) {
  const f = new FormData();
  if (bytes) f.append('file', new Blob([new Uint8Array(bytes)]), name);
  if (extra) f.append(extra[0], extra[1]);
  const req = new Request(`http://localhost:3000/api/v1/edit/${run}/images${query}`, { method: 'POST', body: f });
  const res = await handler(req, { params: Promise.resolve({ run_id: run }) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** A PNG header declaring width × height with no pixel data after it. */
function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.from(png);
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b.subarray(0, 40);
}

beforeAll(async () => {
  a = await orgWithKey(t.db, { name: 'A' });
  b = await orgWithKey(t.db, { name: 'B' });
  const r = await call(word, 'POST', '/api/v1/word/generate', { key: a.key, json: { prompt: 'A short note with sections Summary, Details' } });
  expect(r.status).toBe(200);
  runId = r.json.run_id;
  const rb = await call(word, 'POST', '/api/v1/word/generate', { key: b.key, json: { prompt: 'A short memo' } });
  bRunId = rb.json.run_id;
  // the rows counted by the tests: nothing of these tasks may still be written
  await taskSettled(t.db, r.json.task_id);
  await taskSettled(t.db, rb.json.task_id);
}, 120_000);

describe('editor image upload', () => {
  it('stores the image in the org library and answers a data: URL with its size', async () => {
    const token = await freshToken();
    const r = await upload(uploadEditorImage, runId, `?token=${token}`, png, 'chart.png');
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json).toMatchObject({ name: 'chart.png', mime: 'image/png', width: 40, height: 20, size: png.length });
    expect(r.json.src).toBe(`data:image/png;base64,${png.toString('base64')}`);
    const row = await t.db.fileObject.findUnique({ where: { id: r.json.id } });
    expect(row).toMatchObject({ orgId: a.orgId, kind: 'image', tags: ['editor'] });
  });

  it('refuses a read-only token (403), a wrong token or another org’s run (404), and writes nothing', async () => {
    const view = await freshToken(runId, a.key, 'view');
    const token = await freshToken();
    const before = await rowCounts(t.db);
    expect((await upload(uploadEditorImage, runId, `?token=${view}`, png)).status).toBe(403);
    expect((await call(listEditorImages, 'GET', `/x?token=${view}`, { params: { run_id: runId } })).status).toBe(403);
    // a token of org A's run used on org B's run
    expect((await upload(uploadEditorImage, bRunId, `?token=${token}`, png)).status).toBe(404);
    expect((await upload(uploadEditorImage, runId, '?token=edt_madeup', png)).status).toBe(404);
    expect((await upload(uploadEditorImage, runId, '', png)).status).toBe(400);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('hostile or unsupported images are a clear 4xx and store nothing', async () => {
    const token = await freshToken();
    const before = await rowCounts(t.db);
    const cases: Array<[string, Uint8Array | null, number, RegExp, string?]> = [
      ['a huge canvas declared in a tiny PNG', pngHeader(100_000, 100_000), 413, /100,000 × 100,000 pixels/],
      ['a zero-size PNG', pngHeader(0, 10), 422, /damaged/],
      ['a PNG without its header chunk', Buffer.concat([png.subarray(0, 12), Buffer.from('XXXX'), png.subarray(16)]), 422, /damaged/],
      ['a JPEG with no frame header', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, ...Buffer.from('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]), 422, /damaged/],
      ['WebP', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(30)]), 415, /WebP/],
      ['an SVG named .png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 415, /not a PNG, JPEG or GIF/],
      ['too many bytes', Buffer.concat([png, Buffer.alloc(MAX_EDITOR_IMAGE_BYTES)]), 413, /larger than/],
      ['no file part', null, 400, /file/],
      ['an extra field', png, 400, /unknown form field/, 'caption'],
    ];
    for (const [what, bytes, status, message, extra] of cases) {
      const r = await upload(uploadEditorImage, runId, `?token=${token}`, bytes, 'x.png', extra ? [extra, 'x'] : undefined);
      expect(r.status, what).toBe(status);
      expect(r.json.error.message, what).toMatch(message);
    }
    const raw = await call(uploadEditorImage, 'POST', `/x?token=${token}`, { params: { run_id: runId }, raw: png, headers: { 'content-type': 'image/png' } });
    expect(raw.status).toBe(415);
    expect(await rowCounts(t.db)).toEqual(before);
  });
});

describe('editor image library', () => {
  it('lists the org’s images (not another org’s) and gives one as a data: URL; another org’s image is 404', async () => {
    const f = new FormData();
    f.append('file', new Blob([new Uint8Array(png)]), 'library.png');
    const up = await uploadImage(new Request('http://localhost:3000/api/v1/images', { method: 'POST', headers: { 'x-api-key': a.key }, body: f }), { params: Promise.resolve({}) });
    const libraryId = ((await up.json()) as { id: string }).id;
    const fb = new FormData();
    fb.append('file', new Blob([new Uint8Array(png)]), 'other-org.png');
    const upB = await uploadImage(new Request('http://localhost:3000/api/v1/images', { method: 'POST', headers: { 'x-api-key': b.key }, body: fb }), { params: Promise.resolve({}) });
    const otherId = ((await upB.json()) as { id: string }).id;

    const token = await freshToken();
    const list = await call(listEditorImages, 'GET', `/x?token=${token}`, { params: { run_id: runId } });
    expect(list.status).toBe(200);
    const ids = (list.json.items as Array<{ id: string; insertable: boolean; url: string }>).map((i) => i.id);
    expect(ids).toContain(libraryId);
    expect(ids).not.toContain(otherId);
    expect(list.json.items[0]).toMatchObject({ insertable: true });
    const one = await call(getEditorImage, 'GET', `/x?token=${token}`, { params: { run_id: runId, image_id: libraryId } });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: libraryId, width: 40, height: 20, mime: 'image/png' });
    expect(one.json.src.startsWith('data:image/png;base64,')).toBe(true);
    const foreign = await call(getEditorImage, 'GET', `/x?token=${token}`, { params: { run_id: runId, image_id: otherId } });
    expect(foreign.status).toBe(404);
  });
});

describe('document edit: header, footer and an uploaded image', () => {
  it('persist to the model and the downloaded .docx; absent header/footer keep the stored ones; "" removes', async () => {
    const token = await freshToken();
    const up = await upload(uploadEditorImage, runId, `?token=${token}`, png, 'chart.png');
    const current = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: runId } });
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'With a picture:' }] },
        { type: 'image', attrs: { src: up.json.src, alt: 'chart', width: 200 } },
      ],
    };
    const put = await call(putDoc, 'PUT', '/x', { params: { run_id: runId }, json: { token, base_version: current.json.version, edit: { kind: 'document', doc, header: 'Acme — confidential', footer: 'Page {page} of {pages}' } } });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    const saved = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: runId } });
    expect(saved.json.model).toMatchObject({ header: 'Acme — confidential', footer: 'Page {page} of {pages}' });

    const d = await call(download, 'GET', '/x', { key: a.key, params: { run_id: runId } });
    const zip = await JSZip.loadAsync((await fetchSigned(d.headers.get('location')!)).bytes);
    const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/') && !zip.files[n]!.dir);
    const bytes = await Promise.all(media.map(async (n) => Buffer.from(await zip.file(n)!.async('uint8array'))));
    expect(bytes.filter((m) => m.equals(png)).length).toBe(1);
    expect(await zip.file('word/document.xml')!.async('string')).toContain('<w:drawing>');
    const headers = await Promise.all(Object.keys(zip.files).filter((n) => /^word\/header\d*\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')));
    expect(headers.join('')).toContain('Acme — confidential');
    const footers = await Promise.all(Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')));
    expect(footers.join('')).toMatch(/PAGE/);

    // a body-only edit keeps them; "" removes the header
    const keep = await call(putDoc, 'PUT', '/x', { params: { run_id: runId }, json: { token, base_version: put.json.version, edit: { kind: 'document', doc } } });
    expect(keep.status).toBe(200);
    expect((await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: runId } })).json.model).toMatchObject({ header: 'Acme — confidential' });
    const drop = await call(putDoc, 'PUT', '/x', { params: { run_id: runId }, json: { token, base_version: keep.json.version, edit: { kind: 'document', doc, header: '' } } });
    expect(drop.status).toBe(200);
    const after = (await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: runId } })).json.model;
    expect(after.header).toBeUndefined();
    expect(after.footer).toBe('Page {page} of {pages}');
    const bad = await call(putDoc, 'PUT', '/x', { params: { run_id: runId }, json: { token, base_version: drop.json.version, edit: { kind: 'document', doc, footer: 'x'.repeat(2_001) } } });
    expect(bad.status).toBe(400);
  });
});
