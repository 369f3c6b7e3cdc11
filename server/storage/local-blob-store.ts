// The default blob driver: files under DATA_DIR/blobs, written atomically (temp file, fsync,
// rename), with a hidden sidecar `.<name>.meta.json` holding the content type and SHA-256.
// Downloads go through the app's signed URLs (/api/v1/blobs/<key>?expires=&sig=).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { assertBlobKey, assertBlobPrefix, InvalidBlobKeyError } from './blob-key';
import {
  MAX_SIGNED_URL_TTL_SECONDS,
  type BlobBody,
  type BlobInfo,
  type BlobObject,
  type BlobStore,
  type ByteRange,
  type PutOptions,
  type PutResult,
  type SignedUrl,
  type SignedUrlOptions,
} from './blob-store';
import { bodyChunks } from './body-chunks';
import { RangeNotSatisfiableError } from './range-error';
import { buildSignedBlobUrl } from './sign-blob-url';

export interface LocalBlobStoreOptions {
  /** Folder holding the blobs (created on first write). */
  root: string;
  /** Public base URL the signed URLs point at. */
  appUrl: string;
  /** HMAC key for URL signatures (deriveBlobUrlKey(AUTH_SECRET)). */
  signingKey: Buffer;
  /** Default signed URL lifetime in seconds. */
  defaultTtlSeconds: number;
}

interface Sidecar {
  contentType: string;
  sha256: string;
  size: number;
}

const missing = (err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

export class LocalBlobStore implements BlobStore {
  readonly driver = 'local' as const;
  readonly root: string;

  constructor(private readonly options: LocalBlobStoreOptions) {
    this.root = path.resolve(options.root);
  }

  /** The absolute file of a key; never outside root (checked twice: key grammar, then path). */
  private fileOf(key: string): string {
    const file = path.join(this.root, ...assertBlobKey(key));
    const rel = path.relative(this.root, file);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw new InvalidBlobKeyError(key, 'resolves outside the store');
    return file;
  }

  private static sidecarOf(file: string): string {
    return path.join(path.dirname(file), `.${path.basename(file)}.meta.json`);
  }

  async put(key: string, body: BlobBody, { contentType }: PutOptions): Promise<PutResult> {
    const file = this.fileOf(key);
    const dir = path.dirname(file);
    const tmp = path.join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    let fh: FileHandle | undefined;
    // A concurrent delete may prune the (empty) folder between mkdir and open: retry.
    for (let attempt = 0; !fh; attempt++) {
      await mkdir(dir, { recursive: true });
      try {
        fh = await open(tmp, 'wx', 0o644);
      } catch (err) {
        if (!missing(err) || attempt >= 2) throw err;
      }
    }
    const hash = createHash('sha256');
    let size = 0;
    try {
      try {
        for await (const chunk of bodyChunks(body)) {
          hash.update(chunk);
          size += chunk.byteLength;
          let off = 0;
          while (off < chunk.byteLength) off += (await fh.write(chunk, off, chunk.byteLength - off)).bytesWritten;
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      const sha256 = hash.digest('hex');
      const sidecar = LocalBlobStore.sidecarOf(file);
      const metaTmp = `${tmp}.meta`;
      await writeFile(metaTmp, JSON.stringify({ contentType, sha256, size } satisfies Sidecar), { mode: 0o644 });
      await rename(tmp, file);
      await rename(metaTmp, sidecar);
      return { size, sha256 };
    } catch (err) {
      await rm(tmp, { force: true });
      await rm(`${tmp}.meta`, { force: true });
      throw err;
    }
  }

  private async info(file: string, size: number, mtime: Date): Promise<BlobInfo> {
    let meta: Partial<Sidecar> = {};
    try {
      meta = JSON.parse(await readFile(LocalBlobStore.sidecarOf(file), 'utf8')) as Partial<Sidecar>;
    } catch {
      // No (or unreadable) sidecar: a file placed by hand. Serve it as plain bytes.
    }
    const matches = meta.size === size; // a stale sidecar (mid-replacement) is ignored
    return {
      size,
      contentType: matches && typeof meta.contentType === 'string' ? meta.contentType : 'application/octet-stream',
      ...(matches && typeof meta.sha256 === 'string' ? { sha256: meta.sha256 } : {}),
      lastModified: mtime,
    };
  }

  async head(key: string): Promise<BlobInfo | null> {
    const file = this.fileOf(key);
    try {
      const st = await stat(file);
      return st.isFile() ? await this.info(file, st.size, st.mtime) : null;
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  async get(key: string, options: { range?: ByteRange } = {}): Promise<BlobObject | null> {
    const file = this.fileOf(key);
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) {
        await fh.close();
        return null;
      }
      const info = await this.info(file, st.size, st.mtime);
      const range = options.range;
      if (range) {
        if (range.start < 0 || range.start > range.end || range.start >= st.size) throw new RangeNotSatisfiableError(st.size);
        const end = Math.min(range.end, st.size - 1);
        return { ...info, body: fh.createReadStream({ start: range.start, end }), range: { start: range.start, end } };
      }
      return { ...info, body: fh.createReadStream() };
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  async getBytes(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.fileOf(key));
    } catch (err) {
      if (missing(err) || (err as NodeJS.ErrnoException).code === 'EISDIR') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<boolean> {
    const file = this.fileOf(key);
    let existed = true;
    try {
      const st = await stat(file);
      if (!st.isFile()) return false;
      await unlink(file);
    } catch (err) {
      if (!missing(err)) throw err;
      existed = false;
    }
    await rm(LocalBlobStore.sidecarOf(file), { force: true });
    await this.prune(path.dirname(file));
    return existed;
  }

  async deletePrefix(prefix: string): Promise<number> {
    const { folders, partial } = assertBlobPrefix(prefix);
    const dir = path.join(this.root, ...folders);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if (missing(err)) return 0;
      throw err;
    }
    let count = 0;
    for (const name of names) {
      if (name.startsWith('.') || !name.startsWith(partial)) continue;
      const full = path.join(dir, name);
      const st = await stat(full).catch(() => null);
      if (!st) continue;
      if (st.isDirectory()) {
        count += await countBlobs(full);
        await rm(full, { recursive: true, force: true });
      } else {
        await rm(full, { force: true });
        await rm(LocalBlobStore.sidecarOf(full), { force: true });
        count += 1;
      }
    }
    await this.prune(dir);
    return count;
  }

  /** Removes empty folders from dir up to (not including) the root. */
  private async prune(dir: string): Promise<void> {
    let d = dir;
    while (d.startsWith(this.root + path.sep)) {
      try {
        await rmdir(d);
      } catch {
        return; // not empty (or already gone): stop
      }
      d = path.dirname(d);
    }
  }

  async signedUrl(key: string, options: SignedUrlOptions = {}): Promise<SignedUrl> {
    assertBlobKey(key);
    const ttl = options.expiresInSeconds ?? this.options.defaultTtlSeconds;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_SIGNED_URL_TTL_SECONDS) {
      throw new RangeError(`expiresInSeconds must be an integer from 1 to ${MAX_SIGNED_URL_TTL_SECONDS}`);
    }
    const expires = Math.floor(Date.now() / 1000) + ttl;
    const url = buildSignedBlobUrl(this.options.appUrl, this.options.signingKey, {
      key,
      expires,
      ...(options.fileName !== undefined ? { fileName: options.fileName } : {}),
      ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
    });
    return { url, expiresAt: new Date(expires * 1000) };
  }
}

async function countBlobs(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) n += await countBlobs(path.join(dir, entry.name));
    else if (entry.isFile()) n += 1;
  }
  return n;
}
