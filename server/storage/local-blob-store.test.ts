import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidBlobKeyError } from './blob-key';
import { LocalBlobStore } from './local-blob-store';
import { RangeNotSatisfiableError } from './range-error';
import { deriveBlobUrlKey, verifyBlobUrl } from './sign-blob-url';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ds-blobs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const signingKey = deriveBlobUrlKey('test-secret-0123456789-0123456789-abcdef');
const newStore = () =>
  new LocalBlobStore({ root: mkdtempSync(path.join(tmp, 's-')), appUrl: 'https://docs.example.com/', signingKey, defaultTtlSeconds: 86_400 });
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const text = async (r: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts).toString();
};

describe('LocalBlobStore', () => {
  it('puts bytes atomically and reads them back with size, sha256 and content type', async () => {
    const s = newStore();
    const bytes = Buffer.from('PK\u0003\u0004 workbook bytes');
    const r = await s.put('runs/run_1/v1/workbook.xlsx', bytes, { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(r).toEqual({ size: bytes.length, sha256: sha(bytes) });
    expect(readFileSync(path.join(s.root, 'runs/run_1/v1/workbook.xlsx'))).toEqual(bytes);
    // only the file and its hidden sidecar: no temp files left behind
    expect(readdirSync(path.join(s.root, 'runs/run_1/v1')).sort()).toEqual(['.workbook.xlsx.meta.json', 'workbook.xlsx']);
    expect(await s.getBytes('runs/run_1/v1/workbook.xlsx')).toEqual(bytes);
    const head = await s.head('runs/run_1/v1/workbook.xlsx');
    expect(head).toMatchObject({ size: bytes.length, sha256: sha(bytes), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const obj = await s.get('runs/run_1/v1/workbook.xlsx');
    expect(obj?.size).toBe(bytes.length);
    expect(await text(obj!.body)).toBe(bytes.toString());
  });

  it('accepts strings, Node streams and web streams, and replaces existing objects', async () => {
    const s = newStore();
    expect(await s.put('a/t.txt', 'héllo', { contentType: 'text/plain' })).toEqual({ size: 6, sha256: sha('héllo') });
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'x');
    const chunks = [big.subarray(0, 1_000_000), big.subarray(1_000_000, 2_500_000), big.subarray(2_500_000)];
    expect(await s.put('a/t.txt', Readable.from(chunks), { contentType: 'text/plain' })).toEqual({ size: big.length, sha256: sha(big) });
    expect((await s.getBytes('a/t.txt'))?.equals(big)).toBe(true);
    const web = new Blob(['web ', 'stream']).stream();
    expect(await s.put('a/w.bin', web, { contentType: 'application/octet-stream' })).toEqual({ size: 10, sha256: sha('web stream') });
    expect((await s.getBytes('a/w.bin'))?.toString()).toBe('web stream');
  });

  it('leaves the previous object intact and no temp file when a write fails midway', async () => {
    const s = newStore();
    await s.put('k/doc.docx', 'version one', { contentType: 'text/plain' });
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('upstream broke'));
      },
    });
    await expect(s.put('k/doc.docx', failing, { contentType: 'text/plain' })).rejects.toThrow('upstream broke');
    expect((await s.getBytes('k/doc.docx'))?.toString()).toBe('version one');
    expect(readdirSync(path.join(s.root, 'k')).sort()).toEqual(['.doc.docx.meta.json', 'doc.docx']);
  });

  it('returns null for missing blobs and folders', async () => {
    const s = newStore();
    await s.put('runs/run_2/v1/a.pptx', 'x', { contentType: 'x/y' });
    expect(await s.get('runs/run_2/v1/missing.pptx')).toBeNull();
    expect(await s.head('runs/nope/x')).toBeNull();
    expect(await s.getBytes('runs/run_2/v1')).toBeNull(); // a folder is not a blob
    expect(await s.get('runs/run_2')).toBeNull();
    expect(await s.head('runs/run_2/v1/a.pptx/deeper')).toBeNull();
  });

  it('serves byte ranges and refuses ranges past the end', async () => {
    const s = newStore();
    await s.put('r/digits', '0123456789', { contentType: 'text/plain' });
    const part = await s.get('r/digits', { range: { start: 2, end: 5 } });
    expect(part?.range).toEqual({ start: 2, end: 5 });
    expect(await text(part!.body)).toBe('2345');
    const tail = await s.get('r/digits', { range: { start: 7, end: 100 } });
    expect(tail?.range).toEqual({ start: 7, end: 9 });
    expect(await text(tail!.body)).toBe('789');
    await expect(s.get('r/digits', { range: { start: 10, end: 12 } })).rejects.toBeInstanceOf(RangeNotSatisfiableError);
  });

  it('deletes single blobs and prefixes (S3 string-prefix semantics), pruning empty folders', async () => {
    const s = newStore();
    for (const k of ['runs/run_a/v1/w.xlsx', 'runs/run_a/v2/w.xlsx', 'runs/run_a/exports/v2.pdf', 'runs/run_ab/v1/w.xlsx', 'runs/run_b/v1/w.xlsx', 'files/f1']) {
      await s.put(k, k, { contentType: 'text/plain' });
    }
    expect(await s.delete('runs/run_a/v1/w.xlsx')).toBe(true);
    expect(await s.delete('runs/run_a/v1/w.xlsx')).toBe(false);
    expect(existsSync(path.join(s.root, 'runs/run_a/v1'))).toBe(false); // empty folder pruned
    expect(await s.deletePrefix('runs/run_a/')).toBe(2); // v2/w.xlsx and exports/v2.pdf, not run_ab
    expect(existsSync(path.join(s.root, 'runs/run_a'))).toBe(false);
    expect(await s.head('runs/run_ab/v1/w.xlsx')).not.toBeNull();
    expect(await s.deletePrefix('runs/run_')).toBe(2); // run_ab and run_b
    expect(await s.deletePrefix('runs/')).toBe(0);
    expect(existsSync(path.join(s.root, 'runs'))).toBe(false);
    expect((await s.getBytes('files/f1'))?.toString()).toBe('files/f1');
    expect(existsSync(s.root)).toBe(true); // the root itself is never pruned
  });

  it('rejects keys that could leave the folder or are malformed, before touching the disk', async () => {
    const s = newStore();
    const outside = path.join(path.dirname(s.root), 'outside.txt');
    writeFileSync(outside, 'secret');
    const bad = [
      '../outside.txt',
      'a/../../outside.txt',
      '/etc/passwd',
      'a//b',
      'a/',
      '/a',
      '.',
      'a/./b',
      '.hidden',
      'a/.tmp-123',
      'a\\..\\b',
      'a/b c',
      'a/%2e%2e',
      'ünïcode',
      'a\u0000b',
      '-flag',
      '',
      'x'.repeat(129),
      ('a/'.repeat(600) + 'b'),
    ];
    for (const key of bad) {
      await expect(s.put(key, 'x', { contentType: 'text/plain' }), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(s.get(key), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(s.head(key), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(s.delete(key), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(s.signedUrl(key), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
    for (const prefix of ['', '../', '..', '/', 'a/../', '.x', 'a//']) {
      await expect(s.deletePrefix(prefix), prefix).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
    expect(readFileSync(outside, 'utf8')).toBe('secret');
    expect(readdirSync(s.root)).toEqual([]);
  });

  it('signs download URLs under APP_URL that verify until they expire', async () => {
    const s = newStore();
    const before = Date.now();
    const { url, expiresAt } = await s.signedUrl('runs/run_1/v3/workbook.xlsx', { fileName: 'Q3 report.xlsx', contentType: 'text/csv', expiresInSeconds: 600 });
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe('https://docs.example.com/api/v1/blobs/runs/run_1/v3/workbook.xlsx');
    expect([...u.searchParams.keys()]).toEqual(['expires', 'name', 'type', 'sig']);
    expect(Number(u.searchParams.get('expires')) * 1000).toBe(expiresAt.getTime());
    expect(expiresAt.getTime() - before).toBeGreaterThan(599_000);
    expect(expiresAt.getTime() - before).toBeLessThanOrEqual(600_000);
    const claims = { key: 'runs/run_1/v3/workbook.xlsx', expires: Number(u.searchParams.get('expires')), fileName: 'Q3 report.xlsx', contentType: 'text/csv' };
    const sig = u.searchParams.get('sig')!;
    expect(verifyBlobUrl(signingKey, claims, sig)).toEqual({ ok: true });
    expect(verifyBlobUrl(signingKey, { ...claims, fileName: 'other.xlsx' }, sig)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyBlobUrl(signingKey, claims, sig, expiresAt.getTime())).toEqual({ ok: false, reason: 'expired' });
    expect(verifyBlobUrl(deriveBlobUrlKey('another-secret-0123456789-0123456789'), claims, sig)).toEqual({ ok: false, reason: 'bad_signature' });
    // default lifetime = the configured TTL (24 h here)
    const d = await s.signedUrl('runs/run_1/v3/workbook.xlsx');
    expect(Math.round((d.expiresAt.getTime() - Date.now()) / 1000)).toBeGreaterThan(86_390);
    expect(new URL(d.url).searchParams.has('name')).toBe(false);
    await expect(s.signedUrl('a/b', { expiresInSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(s.signedUrl('a/b', { expiresInSeconds: 604_801 })).rejects.toThrow(RangeError);
  });
});
