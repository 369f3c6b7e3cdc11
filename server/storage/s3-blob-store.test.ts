// The S3 driver against a real S3-compatible server (s3rver) on 127.0.0.1 in this process: the
// requests are SigV4-signed and checked by the server, presigned URLs are fetched over HTTP.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnv } from '../env';
import { InvalidBlobKeyError } from './blob-key';
import { createBlobStore } from './get-blob-store';
import { LocalBlobStore } from './local-blob-store';
import { RangeNotSatisfiableError } from './range-error';
import { S3BlobStore } from './s3-blob-store';
import { presignedSigV4Problem } from './test-support/verify-presigned-sigv4';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ds-s3rver-'));
const BUCKET = 'docsmith-test';
let server: S3rver;
let endpoint = '';
let store: S3BlobStore;
let presignedCount = () => 0;
type KoaMiddleware = (
  ctx: { method: string; path: string; querystring: string; headers: Record<string, string | undefined>; status: number; body: unknown },
  next: () => Promise<void>,
) => Promise<void>;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const read = async (r: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts).toString();
};

beforeAll(async () => {
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
  // s3rver does not verify SigV4 signatures: check presigned (query-signed) requests ourselves, first.
  let presignedChecked = 0;
  (server as unknown as { middleware: KoaMiddleware[] }).middleware.unshift(async (ctx, next) => {
    if (!/(^|&)X-Amz-Signature=/.test(ctx.querystring)) return next();
    presignedChecked++;
    const problem = presignedSigV4Problem({ method: ctx.method, path: ctx.path, querystring: ctx.querystring, headers: ctx.headers }, 'S3RVER');
    if (!problem) return next();
    ctx.status = 403;
    ctx.body = `<Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`;
  });
  presignedCount = () => presignedChecked;
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  // Built through the same factory as production, from a parsed configuration.
  const built = createBlobStore(
    loadEnv({
      DATA_DIR: dir,
      AUTH_SECRET: 'test-secret-0123456789-0123456789-abcdef',
      STORAGE_DRIVER: 's3',
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: 'S3RVER', // s3rver's built-in credentials
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'instance-1/',
    }),
  );
  expect(built).toBeInstanceOf(S3BlobStore);
  store = built as S3BlobStore;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.useRealTimers());

async function rawKeys(): Promise<string[]> {
  const r = await store.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}

describe('S3BlobStore (against s3rver on loopback)', () => {
  it('puts, heads, gets and deletes objects under the configured prefix', async () => {
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256));
    const r = await store.put('runs/run_1/v1/workbook.xlsx', bytes, { contentType: 'application/vnd.ms-excel' });
    expect(r).toEqual({ size: bytes.length, sha256: sha(bytes) });
    expect(await rawKeys()).toContain('instance-1/runs/run_1/v1/workbook.xlsx');
    expect(await store.head('runs/run_1/v1/workbook.xlsx')).toMatchObject({ size: bytes.length, contentType: 'application/vnd.ms-excel', sha256: sha(bytes) });
    expect((await store.getBytes('runs/run_1/v1/workbook.xlsx'))?.equals(bytes)).toBe(true);
    const streamed = await store.put('runs/run_1/v1/notes.txt', Readable.from([Buffer.from('from '), Buffer.from('a stream')]), { contentType: 'text/plain' });
    expect(streamed).toEqual({ size: 13, sha256: sha('from a stream') });
    const obj = await store.get('runs/run_1/v1/notes.txt');
    expect([obj?.size, obj?.contentType, await read(obj!.body)]).toEqual([13, 'text/plain', 'from a stream']);

    expect(await store.get('runs/run_1/v1/missing')).toBeNull();
    expect(await store.head('runs/run_1/v1/missing')).toBeNull();
    expect(await store.getBytes('runs/run_1/v1/missing')).toBeNull();
    await store.delete('runs/run_1/v1/notes.txt');
    expect(await store.head('runs/run_1/v1/notes.txt')).toBeNull();
    await store.delete('runs/run_1/v1/notes.txt'); // idempotent
  });

  it('serves byte ranges', async () => {
    await store.put('r/digits', '0123456789', { contentType: 'text/plain' });
    const part = await store.get('r/digits', { range: { start: 3, end: 6 } });
    expect([part?.size, part?.range, await read(part!.body)]).toEqual([10, { start: 3, end: 6 }, '3456']);
    await expect(store.get('r/digits', { range: { start: 20, end: 30 } })).rejects.toBeInstanceOf(RangeNotSatisfiableError);
  });

  it('deletes by prefix (string prefix: list, then batch delete)', async () => {
    const keys = [...Array.from({ length: 25 }, (_, i) => `runs/run_x/v${i}/w.xlsx`), 'runs/run_xy/v1/w.xlsx', 'runs/run_z/v1/w.xlsx'];
    for (const k of keys) await store.put(k, k, { contentType: 'text/plain' });
    expect(await store.deletePrefix('runs/run_x/')).toBe(25);
    expect(await store.head('runs/run_xy/v1/w.xlsx')).not.toBeNull();
    expect(await store.deletePrefix('runs/run_')).toBe(3); // run_xy, run_z and run_1's workbook
    expect(await store.deletePrefix('runs/')).toBe(0);
    expect((await rawKeys()).filter((k) => k.startsWith('instance-1/runs/'))).toEqual([]);
  });

  it('rejects unsafe keys as the local driver does', async () => {
    for (const key of ['../x', 'a/../../b', '/abs', 'a//b', '.hidden']) {
      await expect(store.put(key, 'x', { contentType: 'text/plain' }), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.signedUrl(key), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
    await expect(store.deletePrefix('')).rejects.toBeInstanceOf(InvalidBlobKeyError);
  });

  it('presigns GET URLs that fetch the bytes with the download name and type, and nothing else', async () => {
    const bytes = Buffer.from('PK\u0003\u0004 deck bytes');
    await store.put('runs/run_2/v4/deck.pptx', bytes, { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' });
    const before = Date.now();
    const { url, expiresAt } = await store.signedUrl('runs/run_2/v4/deck.pptx', { fileName: 'Board deck.pptx', expiresInSeconds: 900 });
    expect(url.startsWith(`${endpoint}/${BUCKET}/instance-1/runs/run_2/v4/deck.pptx?`)).toBe(true);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('900');
    expect(Math.abs(expiresAt.getTime() - (before + 900_000))).toBeLessThan(2_000);

    const checkedBefore = presignedCount();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(presignedCount()).toBe(checkedBefore + 1); // the SigV4 verifier did see (and accept) it
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Board deck.pptx"');
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');

    const typed = await fetch((await store.signedUrl('runs/run_2/v4/deck.pptx', { contentType: 'application/octet-stream' })).url);
    expect(typed.headers.get('content-type')).toBe('application/octet-stream');
    expect(typed.headers.get('content-disposition')).toBe('attachment; filename="deck.pptx"');
    await typed.arrayBuffer();

    // The server checks the signature: another (existing) key, or an edited disposition, is refused.
    await store.put('runs/run_2/v4/deck2.pptx', 'other', { contentType: 'text/plain' });
    const otherKey = await fetch(url.replace('deck.pptx?', 'deck2.pptx?'));
    expect(otherKey.status).toBe(403);
    await otherKey.text();
    const edited = new URL(url);
    edited.searchParams.set('response-content-disposition', 'inline');
    const e = await fetch(edited);
    expect(e.status).toBe(403);
    expect(await e.text()).toContain('SignatureDoesNotMatch');
  });

  it('presigned URLs stop working when they expire', async () => {
    await store.put('exports/e/v1.pdf', '%PDF', { contentType: 'application/pdf' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 120_000); // signed two minutes ago …
    const { url } = await store.signedUrl('exports/e/v1.pdf', { expiresInSeconds: 60 }); // … for one minute
    vi.useRealTimers();
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Request has expired');
    const fresh = await fetch((await store.signedUrl('exports/e/v1.pdf', { expiresInSeconds: 60 })).url);
    expect([fresh.status, await fresh.text()]).toEqual([200, '%PDF']);
  });
});

describe('storage configuration', () => {
  const base = { DATA_DIR: dir, AUTH_SECRET: 'test-secret-0123456789-0123456789-abcdef' };
  it('defaults to the local driver in DATA_DIR/blobs with a 24 h signed URL lifetime', () => {
    const e = loadEnv(base);
    expect([e.STORAGE_DRIVER, e.SIGNED_URL_TTL_SECONDS, e.S3_REGION, e.S3_FORCE_PATH_STYLE, e.S3_PREFIX]).toEqual(['local', 86_400, 'us-east-1', false, '']);
    const s = createBlobStore(e);
    expect(s).toBeInstanceOf(LocalBlobStore);
    expect((s as LocalBlobStore).root).toBe(path.join(dir, 'blobs'));
  });

  it('refuses STORAGE_DRIVER=s3 without a bucket, half-set credentials and bad values with clear messages', () => {
    expect(() => loadEnv({ ...base, STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET: required when STORAGE_DRIVER=s3/);
    expect(() => loadEnv({ ...base, STORAGE_DRIVER: 's3', S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'x' })).toThrow(/set both or neither/);
    expect(() => loadEnv({ ...base, STORAGE_DRIVER: 'gcs' })).toThrow(/STORAGE_DRIVER/);
    expect(() => loadEnv({ ...base, SIGNED_URL_TTL_SECONDS: '0' })).toThrow(/SIGNED_URL_TTL_SECONDS/);
    expect(() => loadEnv({ ...base, SIGNED_URL_TTL_SECONDS: '604801' })).toThrow(/SIGNED_URL_TTL_SECONDS/);
    expect(() => loadEnv({ ...base, S3_PREFIX: '../x/' })).toThrow(/S3_PREFIX/);
    expect(() => loadEnv({ ...base, S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT/);
    expect(loadEnv({ ...base, STORAGE_DRIVER: 's3', S3_BUCKET: 'my-bucket', S3_PREFIX: 'a/b/' }).S3_PREFIX).toBe('a/b/');
  });
});
