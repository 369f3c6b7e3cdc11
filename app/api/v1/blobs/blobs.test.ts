// The signed download route, called with real Request objects (the route handler code path).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET, HEAD } from '@/app/api/v1/blobs/[...key]/route';
import { resetEnvForTests } from '@/server/env';
import { getBlobStore, resetBlobStoreForTests } from '@/server/storage/get-blob-store';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ds-blob-route-'));
const saved = process.env.DATA_DIR;
beforeAll(() => {
  process.env.DATA_DIR = dataDir;
  resetEnvForTests();
  resetBlobStoreForTests();
});
afterAll(() => {
  process.env.DATA_DIR = saved;
  resetEnvForTests();
  resetBlobStoreForTests();
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => vi.useRealTimers());

/** Calls the route the way Next does: key segments decoded from the path. */
async function fetchUrl(url: string, init: { method?: 'GET' | 'HEAD'; headers?: Record<string, string> } = {}) {
  const u = new URL(url);
  const segments = u.pathname.replace(/^\/api\/v1\/blobs\//, '').split('/').map(decodeURIComponent);
  const handler = init.method === 'HEAD' ? HEAD : GET;
  const res = await handler(new Request(url, { method: init.method ?? 'GET', headers: init.headers }), { params: Promise.resolve({ key: segments }) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, json: () => JSON.parse(bytes.toString()) as { error: { code: string; message: string; request_id: string; details?: { reason?: string } } } };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('GET /api/v1/blobs/{key} (signed local downloads)', () => {
  it('streams the stored bytes with download headers', async () => {
    const store = getBlobStore();
    expect(store.driver).toBe('local');
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const put = await store.put('runs/run_01/v3/workbook.xlsx', bytes, { contentType: XLSX });
    const { url, expiresAt } = await store.signedUrl('runs/run_01/v3/workbook.xlsx', { fileName: 'Sales Q3.xlsx' });
    expect(url.startsWith('http://localhost:3000/api/v1/blobs/runs/run_01/v3/workbook.xlsx?expires=')).toBe(true);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(86_390_000); // SIGNED_URL_TTL_SECONDS default 24 h

    const { res, bytes: got } = await fetchUrl(url);
    expect(res.status).toBe(200);
    expect(got.equals(bytes)).toBe(true);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Sales Q3.xlsx"');
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=(86400|86399)$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('etag')).toBe(`"${put.sha256}"`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{24}$/);
  });

  it('defaults the file name to the key and encodes non-ASCII names (RFC 6266)', async () => {
    const store = getBlobStore();
    await store.put('files/f_1/report.docx', 'doc', { contentType: 'application/msword' });
    const plain = await fetchUrl((await store.signedUrl('files/f_1/report.docx')).url);
    expect(plain.res.headers.get('content-disposition')).toBe('attachment; filename="report.docx"');
    const named = await fetchUrl((await store.signedUrl('files/f_1/report.docx', { fileName: 'Übersicht "2026".docx', contentType: 'text/plain' })).url);
    expect(named.res.headers.get('content-disposition')).toBe(`attachment; filename="_bersicht _2026_.docx"; filename*=UTF-8''%C3%9Cbersicht%20_2026_.docx`);
    expect(named.res.headers.get('content-type')).toBe('text/plain'); // the signed type wins
  });

  it('answers 403 in the error shape for any tampering with the URL', async () => {
    const store = getBlobStore();
    await store.put('runs/run_02/v1/deck.pptx', 'deck', { contentType: 'application/octet-stream' });
    await store.put('runs/run_03/v1/deck.pptx', 'other org deck', { contentType: 'application/octet-stream' });
    const { url } = await store.signedUrl('runs/run_02/v1/deck.pptx', { fileName: 'deck.pptx' });
    expect((await fetchUrl(url)).res.status).toBe(200);
    const u = new URL(url);
    const sig = u.searchParams.get('sig')!;
    const variants: string[] = [
      url.replace('run_02', 'run_03'), // another key
      (() => { const v = new URL(url); v.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600)); return v.toString(); })(),
      (() => { const v = new URL(url); v.searchParams.set('name', 'evil.html'); return v.toString(); })(),
      (() => { const v = new URL(url); v.searchParams.set('type', 'text/html'); return v.toString(); })(), // adding a type
      (() => { const v = new URL(url); v.searchParams.delete('name'); return v.toString(); })(),
      (() => { const v = new URL(url); v.searchParams.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)); return v.toString(); })(),
      (() => { const v = new URL(url); v.searchParams.set('sig', sig.slice(0, 20)); return v.toString(); })(),
    ];
    for (const v of variants) {
      const r = await fetchUrl(v);
      expect(r.res.status, v).toBe(403);
      const body = r.json();
      expect(body.error).toMatchObject({ code: 'forbidden', details: { reason: 'bad_signature' } });
      expect(body.error.request_id).toBe(r.res.headers.get('x-request-id'));
      expect(r.bytes.toString()).not.toContain('deck');
    }
  });

  it('answers 403 once the link has expired (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-01T10:00:00Z'));
    const store = getBlobStore();
    await store.put('exports/x/v1.pdf', '%PDF-1.7', { contentType: 'application/pdf' });
    const { url, expiresAt } = await store.signedUrl('exports/x/v1.pdf', { expiresInSeconds: 60 });
    expect(expiresAt.toISOString()).toBe('2026-05-01T10:01:00.000Z');
    vi.setSystemTime(new Date('2026-05-01T10:00:59Z'));
    const ok = await fetchUrl(url);
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get('cache-control')).toBe('private, max-age=1');
    vi.setSystemTime(new Date('2026-05-01T10:01:00Z'));
    const late = await fetchUrl(url);
    expect(late.res.status).toBe(403);
    expect(late.json().error).toMatchObject({ code: 'forbidden', details: { reason: 'expired' } });
    expect(late.json().error.message).toMatch(/expired/);
  });

  it('answers 404 in the error shape when the blob is gone, 400 for unknown or missing parameters', async () => {
    const store = getBlobStore();
    await store.put('runs/run_04/v1/w.xlsx', 'w', { contentType: XLSX });
    const { url } = await store.signedUrl('runs/run_04/v1/w.xlsx');
    await store.deletePrefix('runs/run_04/');
    const gone = await fetchUrl(url);
    expect(gone.res.status).toBe(404);
    expect(gone.json().error.code).toBe('not_found');
    const never = await fetchUrl((await store.signedUrl('nothing/here.bin')).url);
    expect(never.res.status).toBe(404);

    const extra = await fetchUrl(url + '&utm=1');
    expect(extra.res.status).toBe(400);
    expect(extra.json().error.code).toBe('unknown_parameter');
    const noSig = await fetchUrl(url.replace(/&sig=.*$/, ''));
    expect(noSig.res.status).toBe(400);
    expect(noSig.json().error.code).toBe('invalid_request');
  });

  it('supports HEAD and single byte ranges', async () => {
    const store = getBlobStore();
    const put = await store.put('r/digits.txt', '0123456789', { contentType: 'text/plain' });
    const { url } = await store.signedUrl('r/digits.txt');

    const head = await fetchUrl(url, { method: 'HEAD' });
    expect(head.res.status).toBe(200);
    expect(head.bytes.length).toBe(0);
    expect(head.res.headers.get('content-length')).toBe('10');
    expect(head.res.headers.get('content-type')).toBe('text/plain');

    const mid = await fetchUrl(url, { headers: { range: 'bytes=2-5' } });
    expect(mid.res.status).toBe(206);
    expect(mid.bytes.toString()).toBe('2345');
    expect(mid.res.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(mid.res.headers.get('content-length')).toBe('4');

    const suffix = await fetchUrl(url, { headers: { range: 'bytes=-3' } });
    expect([suffix.res.status, suffix.bytes.toString()]).toEqual([206, '789']);
    const open = await fetchUrl(url, { headers: { range: 'bytes=8-' } });
    expect([open.res.status, open.bytes.toString(), open.res.headers.get('content-range')]).toEqual([206, '89', 'bytes 8-9/10']);

    const past = await fetchUrl(url, { headers: { range: 'bytes=10-20' } });
    expect(past.res.status).toBe(416);
    expect(past.res.headers.get('content-range')).toBe('bytes */10');
    expect(past.json().error.code).toBe('invalid_request');

    // multiple ranges, malformed ranges and a stale If-Range get the whole file
    for (const headers of [{ range: 'bytes=0-1,4-5' }, { range: 'items=0-1' }, { range: 'bytes=2-5', 'if-range': '"stale"' }] as Record<string, string>[]) {
      const r = await fetchUrl(url, { headers });
      expect([r.res.status, r.bytes.toString()]).toEqual([200, '0123456789']);
    }
    const fresh = await fetchUrl(url, { headers: { range: 'bytes=2-5', 'if-range': `"${put.sha256}"` } });
    expect(fresh.res.status).toBe(206);

    const headRange = await fetchUrl(url, { method: 'HEAD', headers: { range: 'bytes=0-0' } });
    expect([headRange.res.status, headRange.res.headers.get('content-length'), headRange.bytes.length]).toEqual([206, '1', 0]);
  });
});
