// Uploads: POST /files, POST/GET /images, GET/DELETE /images/{id} — content-based type detection,
// sha256, pagination and tag filter, org scoping, and nothing written on any rejected upload.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as uploadFile } from './files/route';
import { GET as listImages, POST as uploadImage } from './images/route';
import { DELETE as deleteImage, GET as getImage } from './images/[id]/route';
import { renderDeck, renderDocument, renderWorkbook } from '@/server/documents';
import { sampleDeck } from '@/server/documents/fixtures/sample-deck';
import { sampleDocument } from '@/server/documents/fixtures/sample-document';
import { makePng } from '@/server/documents/fixtures/sample-image';
import { sampleWorkbook } from '@/server/documents/fixtures/sample-workbook';
import { env, resetEnvForTests } from '@/server/env';
import { call } from '@/server/test/api-client';
import { fetchSigned, orgWithKey } from '@/server/test/generation-harness';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();

type Handler = Parameters<typeof call>[0];

let a: { orgId: string; key: string };
let b: { orgId: string; key: string };

beforeAll(async () => {
  a = await orgWithKey(t.db, { name: 'Uploads A' });
  b = await orgWithKey(t.db, { name: 'Uploads B' });
}, 60_000);

afterEach(() => {
  delete process.env.MAX_UPLOAD_BYTES;
  resetEnvForTests();
});

const png = makePng(4, 3, (x, y) => [x * 60, y * 80, 120]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.from([0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0])]);
// a minimal PDF poppler opens (one empty page), built with a correct xref table
const pdf = (() => {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj ${o} endobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer << /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out);
})();
const csv = Buffer.from('region,revenue\nNorth,120\nSouth,95\n');

function form(file: { bytes: Uint8Array; name: string; type?: string } | null, fields: [string, string][] = []): FormData {
  const f = new FormData();
  if (file) f.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  for (const [k, v] of fields) f.append(k, v);
  return f;
}

async function send(handler: Handler, url: string, key: string, body: FormData | Uint8Array | string, headers: Record<string, string> = {}) {
  const req = new Request(`http://localhost:3000${url}`, { method: 'POST', headers: { 'x-api-key': key, ...headers }, body: body as BodyInit });
  const res = await handler(req, { params: Promise.resolve({}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function blobFiles(): string[] {
  const root = path.resolve(env().DATA_DIR, 'blobs', 'uploads');
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const n of readdirSync(d)) {
      const full = path.join(d, n);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(full);
    }
  };
  for (const org of [a.orgId, b.orgId]) walk(path.join(root, org));
  return out.sort();
}

/** Runs fn and asserts that no table row and no blob appeared or vanished. */
async function expectNothingWritten(fn: () => Promise<void>) {
  const rows = await rowCounts(t.db);
  const blobs = blobFiles();
  await fn();
  expect(await rowCounts(t.db)).toEqual(rows);
  expect(blobFiles()).toEqual(blobs);
}

describe('POST /files', () => {
  it('stores every supported kind, detected by content, with the right sha256', async () => {
    const cases: { name: string; bytes: Uint8Array; mime: string }[] = [
      { name: 'model.xlsx', bytes: await renderWorkbook(sampleWorkbook()), mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      { name: 'report.docx', bytes: await renderDocument(sampleDocument()), mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
      { name: 'deck.pptx', bytes: await renderDeck(sampleDeck()), mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
      { name: 'data.csv', bytes: csv, mime: 'text/csv' },
      { name: 'notes.md', bytes: Buffer.from('# Notes\n\nHéllo — world\n'), mime: 'text/markdown' },
      { name: 'notes.txt', bytes: Buffer.from('plain text\n'), mime: 'text/plain' },
      { name: 'paper.pdf', bytes: pdf, mime: 'application/pdf' },
      { name: 'a.png', bytes: png, mime: 'image/png' },
      { name: 'b.jpg', bytes: jpeg, mime: 'image/jpeg' },
      { name: 'c.gif', bytes: gif, mime: 'image/gif' },
      { name: 'd.webp', bytes: webp, mime: 'image/webp' },
      // The name lies; the content decides.
      { name: 'actually-a-workbook.bin', bytes: await renderWorkbook(sampleWorkbook()), mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    ];
    for (const c of cases) {
      const r = await send(uploadFile, '/api/v1/files', a.key, form({ bytes: c.bytes, name: c.name }));
      expect(r.status, c.name).toBe(201);
      expect(r.json).toMatchObject({ name: c.name, mime: c.mime, size: c.bytes.length, sha256: sha(c.bytes) });
      expect(r.json.id).toMatch(/^file_/);
      expect(Object.keys(r.json).sort()).toEqual(['created_at', 'id', 'mime', 'name', 'sha256', 'size']);
      const row = await t.db.fileObject.findUniqueOrThrow({ where: { id: r.json.id } });
      expect(row).toMatchObject({ orgId: a.orgId, kind: 'file', sha256: sha(c.bytes) });
    }
  }, 60_000);

  it('refuses unsupported content (binary, a zip that is not OOXML) with 415 and writes nothing', async () => {
    await expectNothingWritten(async () => {
      const bin = await send(uploadFile, '/api/v1/files', a.key, form({ bytes: Buffer.from([0, 1, 2, 3, 0xfe, 0xff, 0]), name: 'x.xlsx' }));
      expect(bin.status).toBe(415);
      expect(bin.json.error.code).toBe('unsupported_media_type');
      const zip = await send(uploadFile, '/api/v1/files', a.key, form({ bytes: Buffer.from('PK\x03\x04garbage'), name: 'x.docx' }));
      expect(zip.status).toBe(415);
      // a legacy .xls (OLE2 compound file) is told how to get a file we take
      const xls = await send(uploadFile, '/api/v1/files', a.key, form({ bytes: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]), name: 'old.xls' }));
      expect(xls.status).toBe(415);
      expect(xls.json.error.message).toMatch(/legacy binary Office files.*Save As.*xlsx/);
    });
  });

  it('rejects a missing file field, unknown fields and a non-multipart body with 400/415, writing nothing', async () => {
    await expectNothingWritten(async () => {
      const missing = await send(uploadFile, '/api/v1/files', a.key, form(null, [['name', 'x']]));
      expect(missing.status).toBe(400);
      const noFile = await send(uploadFile, '/api/v1/files', a.key, form(null));
      expect(noFile.status).toBe(400);
      expect(noFile.json.error.message).toMatch(/file/);
      const extra = await send(uploadFile, '/api/v1/files', a.key, form({ bytes: csv, name: 'a.csv' }, [['tags', 'x']]));
      expect(extra.status).toBe(400);
      expect(extra.json.error.code).toBe('unknown_parameter');
      const textField = await send(uploadFile, '/api/v1/files', a.key, (() => { const f = new FormData(); f.append('file', 'just text'); return f; })());
      expect(textField.status).toBe(400);
      const json = await send(uploadFile, '/api/v1/files', a.key, '{"file":"x"}', { 'content-type': 'application/json' });
      expect(json.status).toBe(415);
      const noKey = await send(uploadFile, '/api/v1/files', '', form({ bytes: csv, name: 'a.csv' }));
      expect(noKey.status).toBe(401);
    });
  });

  it('answers 413 for oversized uploads (declared Content-Length, counted bytes, file part size), writing nothing', async () => {
    await expectNothingWritten(async () => {
      const declared = await send(uploadFile, '/api/v1/files', a.key, 'tiny', {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(env().MAX_UPLOAD_BYTES + 10_000_000),
      });
      expect(declared.status).toBe(413);
      expect(declared.json.error.code).toBe('payload_too_large');

      process.env.MAX_UPLOAD_BYTES = '4096';
      resetEnvForTests();
      // A streamed body (no Content-Length) far above the limit: counted while reading.
      const huge = await send(uploadFile, '/api/v1/files', a.key, form({ bytes: Buffer.alloc(200_000, 'a'), name: 'big.txt' }));
      expect(huge.status).toBe(413);
      // Just above the limit: caught on the file part's size.
      const over = await send(uploadImage, '/api/v1/images', a.key, form({ bytes: Buffer.concat([png, Buffer.alloc(5000)]), name: 'big.png' }));
      expect(over.status).toBe(413);
    });
  });
});

describe('images', () => {
  const ids: string[] = [];

  it('uploads images with tags and caption, stores the exact bytes, and serves them by signed url', async () => {
    const r = await send(uploadImage, '/api/v1/images', a.key, form({ bytes: png, name: 'chart.png', type: 'image/png' }, [['tags', 'chart, q3'], ['tags', 'brand'], ['caption', 'Revenue by region']]));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ name: 'chart.png', mime: 'image/png', size: png.length, sha256: sha(png), tags: ['chart', 'q3', 'brand'], caption: 'Revenue by region' });
    expect(r.json.id).toMatch(/^img_/);
    const dl = await fetchSigned(r.json.url);
    expect(dl.status).toBe(200);
    expect(sha(dl.bytes)).toBe(sha(png));
    ids.push(r.json.id);
    for (const [bytes, name, tag] of [[jpeg, 'p.jpg', 'photo'], [gif, 'g.gif', 'anim'], [webp, 'w.webp', 'photo']] as const) {
      const x = await send(uploadImage, '/api/v1/images', a.key, form({ bytes, name }, [['tags', tag]]));
      expect(x.status, name).toBe(201);
      expect(x.json.sha256).toBe(sha(bytes));
      ids.push(x.json.id);
    }
  });

  it('refuses a .png that is really text (415), bad tags/caption and unknown fields (400), writing nothing', async () => {
    await expectNothingWritten(async () => {
      const fake = await send(uploadImage, '/api/v1/images', a.key, form({ bytes: Buffer.from('not an image at all'), name: 'fake.png', type: 'image/png' }));
      expect(fake.status).toBe(415);
      expect(fake.json.error.code).toBe('unsupported_media_type');
      const pdfImg = await send(uploadImage, '/api/v1/images', a.key, form({ bytes: pdf, name: 'doc.png' }));
      expect(pdfImg.status).toBe(415);
      const tooMany = await send(uploadImage, '/api/v1/images', a.key, form({ bytes: png, name: 'a.png' }, [['tags', Array.from({ length: 21 }, (_, i) => `t${i}`).join(',')]]));
      expect(tooMany.status).toBe(400);
      const longTag = await send(uploadImage, '/api/v1/images', a.key, form({ bytes: png, name: 'a.png' }, [['tags', 'x'.repeat(51)]]));
      expect(longTag.status).toBe(400);
      const longCaption = await send(uploadImage, '/api/v1/images', a.key, form({ bytes: png, name: 'a.png' }, [['caption', 'c'.repeat(501)]]));
      expect(longCaption.status).toBe(400);
      const unknown = await send(uploadImage, '/api/v1/images', a.key, form({ bytes: png, name: 'a.png' }, [['title', 'x']]));
      expect(unknown.status).toBe(400);
      expect(unknown.json.error.code).toBe('unknown_parameter');
      const missing = await send(uploadImage, '/api/v1/images', a.key, form(null, [['tags', 'x']]));
      expect(missing.status).toBe(400);
    });
  });

  it('lists newest first with cursor pagination and a tag filter', async () => {
    for (let i = 0; i < 7; i++) {
      const r = await send(uploadImage, '/api/v1/images', a.key, form({ bytes: png, name: `n${i}.png` }, [['tags', i % 2 ? 'odd' : 'even']]));
      expect(r.status).toBe(201);
      ids.push(r.json.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await call(listImages, 'GET', `/api/v1/images?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { key: a.key });
      expect(r.status).toBe(200);
      expect(r.json.items.length).toBeLessThanOrEqual(3);
      for (const item of r.json.items) expect(item.url).toMatch(/^http/);
      seen.push(...r.json.items.map((x: { id: string }) => x.id));
      cursor = r.json.next_cursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(4);

    const photos = await call(listImages, 'GET', '/api/v1/images?tag=photo', { key: a.key });
    expect(photos.json.items.map((x: { name: string }) => x.name)).toEqual(['w.webp', 'p.jpg']);
    const odd = await call(listImages, 'GET', '/api/v1/images?tag=odd&limit=100', { key: a.key });
    expect(odd.json.items).toHaveLength(3);
    // Files are not images; another org sees none of them.
    expect((await call(listImages, 'GET', '/api/v1/images', { key: b.key })).json.items).toEqual([]);
    expect((await call(listImages, 'GET', '/api/v1/images?bogus=1', { key: a.key })).status).toBe(400);
    expect((await call(listImages, 'GET', '/api/v1/images?cursor=nope', { key: a.key })).status).toBe(400);
  });

  it('gets one image with a fresh url; another org’s id and a random id are 404', async () => {
    const id = ids[0]!;
    const r = await call(getImage, 'GET', `/api/v1/images/${id}`, { key: a.key, params: { id } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id, sha256: sha(png), caption: 'Revenue by region' });
    const foreign = await call(getImage, 'GET', `/api/v1/images/${id}`, { key: b.key, params: { id } });
    const random = await call(getImage, 'GET', '/api/v1/images/img_01J9Z3V8K6Q2T4X7B1N5M0C8D3', { key: a.key, params: { id: 'img_01J9Z3V8K6Q2T4X7B1N5M0C8D3' } });
    expect(foreign.status).toBe(404);
    expect(random.status).toBe(404);
    expect(foreign.json.error.code).toBe(random.json.error.code);
    expect(foreign.json.error.message).toBe(random.json.error.message);
    // A file id is not an image.
    const file = await send(uploadFile, '/api/v1/files', a.key, form({ bytes: png, name: 'f.png' }));
    expect((await call(getImage, 'GET', `/api/v1/images/${file.json.id}`, { key: a.key, params: { id: file.json.id } })).status).toBe(404);
  });

  it('deletes an image and its blob; another org cannot delete it', async () => {
    const id = ids[0]!;
    const row = await t.db.fileObject.findUniqueOrThrow({ where: { id } });
    const url = (await call(getImage, 'GET', `/api/v1/images/${id}`, { key: a.key, params: { id } })).json.url;
    await expectNothingWritten(async () => {
      expect((await call(deleteImage, 'DELETE', `/api/v1/images/${id}`, { key: b.key, params: { id } })).status).toBe(404);
    });
    const blobPath = path.resolve(env().DATA_DIR, 'blobs', row.blobKey);
    expect(existsSync(blobPath)).toBe(true);
    const del = await call(deleteImage, 'DELETE', `/api/v1/images/${id}`, { key: a.key, params: { id } });
    expect(del.status).toBe(204);
    expect(await t.db.fileObject.findUnique({ where: { id } })).toBeNull();
    expect(existsSync(blobPath)).toBe(false);
    expect((await fetchSigned(url)).status).toBe(404);
    expect((await call(getImage, 'GET', `/api/v1/images/${id}`, { key: a.key, params: { id } })).status).toBe(404);
    expect((await call(deleteImage, 'DELETE', `/api/v1/images/${id}`, { key: a.key, params: { id } })).status).toBe(404);
  });
});
