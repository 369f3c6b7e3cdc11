// Serves GET/HEAD /api/v1/blobs/<key>?expires=&sig=: checks the signature and expiry, then streams
// the blob with download headers. Errors use the API's single error shape.
import 'server-only';
import { Readable } from 'node:stream';
import { env } from '../env';
import { ApiError, errorBody, notFound } from '../http/api-error';
import { newRequestId } from '../http/request-id';
import { validate } from '../http/validate';
import { log } from '../log';
import { blobKeyBaseName, InvalidBlobKeyError, isValidBlobKey } from '../storage/blob-key';
import type { BlobStore } from '../storage/blob-store';
import { attachmentDisposition } from '../storage/content-disposition';
import { getBlobStore } from '../storage/get-blob-store';
import { signedBlobQuery } from '../storage/operations';
import { parseRange } from '../storage/parse-range';
import { RangeNotSatisfiableError } from '../storage/range-error';
import { deriveBlobUrlKey, verifyBlobUrl } from '../storage/sign-blob-url';

export async function serveSignedBlob(req: Request, keyParam: string | string[] | undefined, store: BlobStore = getBlobStore()): Promise<Response> {
  const requestId = newRequestId();
  const headers = new Headers({ 'X-Request-Id': requestId, 'X-Content-Type-Options': 'nosniff' });
  try {
    const key = Array.isArray(keyParam) ? keyParam.join('/') : (keyParam ?? '');
    const url = new URL(req.url);
    const q = validate(signedBlobQuery, Object.fromEntries(url.searchParams), 'query');
    const expires = Number(q.expires);
    const check = verifyBlobUrl(
      deriveBlobUrlKey(env().AUTH_SECRET),
      { key, expires, ...(q.name !== undefined ? { fileName: q.name } : {}), ...(q.type !== undefined ? { contentType: q.type } : {}) },
      q.sig,
    );
    if (!check.ok) {
      throw new ApiError(
        'forbidden',
        check.reason === 'expired' ? 'this download link has expired; request a new one' : 'invalid download link signature',
        { reason: check.reason },
      );
    }
    if (!isValidBlobKey(key)) throw notFound('file');
    const info = await store.head(key);
    if (!info) throw notFound('file');

    const etag = info.sha256 ? `"${info.sha256}"` : undefined;
    const ifRange = req.headers.get('if-range');
    const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.get('range'), info.size);
    if (range === 'unsatisfiable') throw new RangeNotSatisfiableError(info.size);

    headers.set('Content-Type', q.type ?? info.contentType);
    headers.set('Content-Disposition', attachmentDisposition(q.name ?? blobKeyBaseName(key)));
    headers.set('Cache-Control', `private, max-age=${Math.max(0, expires - Math.floor(Date.now() / 1000))}`);
    headers.set('Accept-Ranges', 'bytes');
    if (etag) headers.set('ETag', etag);
    if (info.lastModified) headers.set('Last-Modified', info.lastModified.toUTCString());

    if (req.method === 'HEAD') {
      headers.set('Content-Length', String(range ? range.end - range.start + 1 : info.size));
      if (range) headers.set('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
      return new Response(null, { status: range ? 206 : 200, headers });
    }
    const obj = await store.get(key, range ? { range } : {});
    if (!obj) throw notFound('file');
    const served = obj.range ?? (range ? range : null);
    headers.set('Content-Length', String(served ? served.end - served.start + 1 : obj.size));
    if (served) headers.set('Content-Range', `bytes ${served.start}-${served.end}/${obj.size}`);
    const body = Readable.toWeb(obj.body) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, { status: served ? 206 : 200, headers });
  } catch (err) {
    let status: number;
    let body: ReturnType<typeof errorBody>;
    if (err instanceof RangeNotSatisfiableError) {
      // 416 has no code of its own in the error table; invalid_request with the file size.
      status = 416;
      headers.set('Content-Range', `bytes */${err.size}`);
      body = errorBody(new ApiError('invalid_request', err.message, { size: err.size }), requestId);
    } else {
      const apiErr =
        err instanceof ApiError
          ? err
          : err instanceof InvalidBlobKeyError
            ? notFound('file')
            : new ApiError('internal_error', `internal error; quote request id ${requestId} when reporting it`);
      if (!(err instanceof ApiError) && !(err instanceof InvalidBlobKeyError)) {
        log().error({ err, requestId, path: new URL(req.url).pathname }, 'blob download failed');
      }
      status = apiErr.status;
      body = errorBody(apiErr, requestId);
    }
    headers.set('Cache-Control', 'no-store');
    if (req.method === 'HEAD') return new Response(null, { status, headers });
    return Response.json(body, { status, headers });
  }
}
