// A blob store with a span around each storage call (storage.put, storage.get, …), used while
// tracing is on. Keys are recorded (they name runs and versions, never secrets); bytes are not.
import { inSpan } from '../tracing/in-span';
import type { BlobBody, BlobStore, ByteRange, PutOptions, SignedUrlOptions } from './blob-store';

export function tracedBlobStore(store: BlobStore): BlobStore {
  const attrs = (key: string) => ({ 'docsmith.storage.driver': store.driver, 'docsmith.storage.key': key });
  return {
    driver: store.driver,
    put: (key: string, body: BlobBody, options: PutOptions) => inSpan('storage.put', attrs(key), () => store.put(key, body, options)),
    get: (key: string, options?: { range?: ByteRange }) => inSpan('storage.get', attrs(key), () => store.get(key, options)),
    getBytes: (key: string) => inSpan('storage.getBytes', attrs(key), () => store.getBytes(key)),
    head: (key: string) => inSpan('storage.head', attrs(key), () => store.head(key)),
    delete: (key: string) => inSpan('storage.delete', attrs(key), () => store.delete(key)),
    deletePrefix: (prefix: string) => inSpan('storage.deletePrefix', attrs(prefix), () => store.deletePrefix(prefix)),
    signedUrl: (key: string, options?: SignedUrlOptions) => store.signedUrl(key, options),
  };
}
