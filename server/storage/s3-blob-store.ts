// The S3 driver (AWS S3 or any S3-compatible service: MinIO, R2, …) on AWS SDK v3. Signed URLs are
// presigned GetObject URLs served by the bucket itself, with the download file name and type set
// through ResponseContentDisposition / ResponseContentType.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { assertBlobKey, assertBlobPrefix, blobKeyBaseName } from './blob-key';
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
import { bodyToBuffer } from './body-chunks';
import { attachmentDisposition } from './content-disposition';
import { RangeNotSatisfiableError } from './range-error';

export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  /** Endpoint of an S3-compatible service; AWS when unset. */
  endpoint?: string;
  /** Static credentials; the AWS default credential chain when unset. */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
  /** Prefix prepended to every key inside the bucket ("" or ending with "/"). */
  prefix?: string;
  /** Default signed URL lifetime in seconds. */
  defaultTtlSeconds: number;
}

const isNotFound = (err: unknown) =>
  err instanceof S3ServiceException
    ? err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404
    : false;

export class S3BlobStore implements BlobStore {
  readonly driver = 's3' as const;
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      // Only the checksums S3 requires: many S3-compatible servers reject the SDK's newer default
      // (aws-chunked CRC32 trailers). Integrity is covered by our own SHA-256.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private objectKey(key: string): string {
    assertBlobKey(key);
    return this.prefix + key;
  }

  async put(key: string, body: BlobBody, { contentType }: PutOptions): Promise<PutResult> {
    const Key = this.objectKey(key);
    // Buffered so the SHA-256 is known before upload (it is stored as object metadata) and the
    // request has a Content-Length; documents are megabytes, not gigabytes.
    const bytes = await bodyToBuffer(body);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key,
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentType: contentType,
        Metadata: { sha256 },
      }),
    );
    return { size: bytes.byteLength, sha256 };
  }

  async head(key: string): Promise<BlobInfo | null> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return {
        size: r.ContentLength ?? 0,
        contentType: r.ContentType ?? 'application/octet-stream',
        ...(r.Metadata?.sha256 ? { sha256: r.Metadata.sha256 } : {}),
        ...(r.LastModified ? { lastModified: r.LastModified } : {}),
      };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async get(key: string, options: { range?: ByteRange } = {}): Promise<BlobObject | null> {
    const Key = this.objectKey(key);
    const { range } = options;
    if (range && (range.start < 0 || range.start > range.end)) throw new RangeNotSatisfiableError((await this.head(key))?.size ?? 0);
    try {
      const r = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      if (!(r.Body instanceof Readable)) throw new Error('S3 GetObject returned no Node stream');
      // "bytes 0-9/100": the served range and the whole object's size.
      const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(r.ContentRange ?? '');
      const size = m ? Number(m[3]) : (r.ContentLength ?? 0);
      return {
        body: r.Body,
        size,
        contentType: r.ContentType ?? 'application/octet-stream',
        ...(r.Metadata?.sha256 ? { sha256: r.Metadata.sha256 } : {}),
        ...(r.LastModified ? { lastModified: r.LastModified } : {}),
        ...(range && m ? { range: { start: Number(m[1]), end: Number(m[2]) } } : {}),
      };
    } catch (err) {
      if (isNotFound(err)) return null;
      if (err instanceof S3ServiceException && (err.name === 'InvalidRange' || err.$metadata.httpStatusCode === 416)) {
        throw new RangeNotSatisfiableError((await this.head(key))?.size ?? 0);
      }
      throw err;
    }
  }

  async getBytes(key: string): Promise<Buffer | null> {
    const obj = await this.get(key);
    if (!obj) return null;
    const parts: Buffer[] = [];
    for await (const chunk of obj.body) parts.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(parts);
  }

  async delete(key: string): Promise<boolean> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    return true;
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertBlobPrefix(prefix);
    let count = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ...(token ? { ContinuationToken: token } : {}) }),
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length) {
        const r = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }));
        if (r.Errors?.length) {
          const first = r.Errors[0];
          throw new Error(`S3 DeleteObjects failed for ${r.Errors.length} object(s), e.g. ${first?.Key}: ${first?.Code} ${first?.Message}`);
        }
        count += keys.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return count;
  }

  async signedUrl(key: string, options: SignedUrlOptions = {}): Promise<SignedUrl> {
    const Key = this.objectKey(key);
    const ttl = options.expiresInSeconds ?? this.options.defaultTtlSeconds;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_SIGNED_URL_TTL_SECONDS) {
      throw new RangeError(`expiresInSeconds must be an integer from 1 to ${MAX_SIGNED_URL_TTL_SECONDS}`);
    }
    const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key,
      ResponseContentDisposition: attachmentDisposition(options.fileName ?? blobKeyBaseName(key)),
      ...(options.contentType ? { ResponseContentType: options.contentType } : {}),
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: ttl, signingDate: signedAt });
    return { url, expiresAt: new Date(signedAt.getTime() + ttl * 1000) };
  }
}
