// The blob storage contract shared by the local and S3 drivers. Keys are slash-separated paths
// such as `runs/run_…/v3/workbook.xlsx` (see blob-key.ts for the accepted shape).
import type { Readable } from 'node:stream';

/** What put() accepts: bytes, a string (UTF-8), a Node stream or a web stream. */
export type BlobBody = Uint8Array | string | Readable | ReadableStream<Uint8Array>;

export interface PutOptions {
  contentType: string;
}

export interface PutResult {
  /** Bytes stored. */
  size: number;
  /** Lowercase hex SHA-256 of the stored bytes. */
  sha256: string;
}

export interface BlobInfo {
  size: number;
  contentType: string;
  /** Hex SHA-256 recorded at put() time (absent for objects written by other tools). */
  sha256?: string;
  lastModified?: Date;
}

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobObject extends BlobInfo {
  /** The bytes (only the requested range when one was given). The caller must consume or destroy it. */
  body: Readable;
  /** The range served, when one was requested. */
  range?: ByteRange;
}

export interface SignedUrlOptions {
  /** Lifetime of the URL (default SIGNED_URL_TTL_SECONDS; 1 s to 7 days). */
  expiresInSeconds?: number;
  /** File name offered to the browser (`Content-Disposition: attachment; filename="…"`). Default: the key's last segment. */
  fileName?: string;
  /** Content-Type of the download. Default: the type recorded at put() time. */
  contentType?: string;
}

export interface SignedUrl {
  url: string;
  expiresAt: Date;
}

export interface BlobStore {
  readonly driver: 'local' | 's3';
  /** Stores the bytes under key, replacing any previous object atomically. */
  put(key: string, body: BlobBody, options: PutOptions): Promise<PutResult>;
  /** The object as a stream (optionally a byte range of it), or null when there is none. */
  get(key: string, options?: { range?: ByteRange }): Promise<BlobObject | null>;
  /** The whole object in memory, or null. */
  getBytes(key: string): Promise<Buffer | null>;
  /** Size and type without the bytes, or null. */
  head(key: string): Promise<BlobInfo | null>;
  /** Removes the object; true when one existed (S3 cannot tell and always answers true). */
  delete(key: string): Promise<boolean>;
  /** Removes every object whose key starts with prefix (S3 semantics: a plain string prefix); returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** A time-limited URL that downloads the object without an API key. */
  signedUrl(key: string, options?: SignedUrlOptions): Promise<SignedUrl>;
}

/** Largest signed-URL lifetime (S3's limit for presigned URLs). */
export const MAX_SIGNED_URL_TTL_SECONDS = 604_800;
