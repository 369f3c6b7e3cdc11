// The configured blob store (STORAGE_DRIVER), created once per process.
import path from 'node:path';
import { env, type Env } from '../env';
import type { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';
import { S3BlobStore } from './s3-blob-store';
import { deriveBlobUrlKey } from './sign-blob-url';
import { tracedBlobStore } from './traced-blob-store';
import { tracingEnabled } from '../tracing/tracing-state';

/** Builds the store a configuration asks for (no caching; see getBlobStore). */
export function createBlobStore(e: Env): BlobStore {
  if (e.STORAGE_DRIVER === 's3') {
    return new S3BlobStore({
      bucket: e.S3_BUCKET!, // loadEnv() refuses STORAGE_DRIVER=s3 without it
      region: e.S3_REGION,
      ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
      ...(e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : {}),
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      prefix: e.S3_PREFIX,
      defaultTtlSeconds: e.SIGNED_URL_TTL_SECONDS,
    });
  }
  return new LocalBlobStore({
    root: path.join(e.DATA_DIR, 'blobs'),
    appUrl: e.APP_URL,
    signingKey: deriveBlobUrlKey(e.AUTH_SECRET),
    defaultTtlSeconds: e.SIGNED_URL_TTL_SECONDS,
  });
}

let cached: BlobStore | undefined;

/** The store; while tracing is on (set before the first call), each call gets a span. */
export function getBlobStore(): BlobStore {
  return (cached ??= tracingEnabled() ? tracedBlobStore(createBlobStore(env())) : createBlobStore(env()));
}

/** Tests only: forget the cached store (after changing the environment and resetEnvForTests()). */
export function resetBlobStoreForTests(): void {
  cached = undefined;
}
