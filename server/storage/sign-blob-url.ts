// Signed download URLs of the local driver: GET {APP_URL}/api/v1/blobs/<key>?expires=<unix>
// [&name=<file name>][&type=<content type>]&sig=<HMAC-SHA256>, the MAC covering the key, the expiry
// and the optional name and type, keyed by a key derived from AUTH_SECRET.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface BlobUrlClaims {
  key: string;
  /** Expiry, unix seconds. */
  expires: number;
  fileName?: string;
  contentType?: string;
}

export type BlobUrlCheck = { ok: true } | { ok: false; reason: 'bad_signature' | 'expired' };

/** The HMAC key for URL signatures, derived from AUTH_SECRET so it is used for nothing else. */
export function deriveBlobUrlKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', authSecret, 'docsmith', 'blob-url-signature-v1', 32));
}

function mac(signingKey: Buffer, c: BlobUrlClaims): Buffer {
  // Length-prefixed fields: no two different claim sets share a canonical string.
  const fields = ['v1', c.key, String(c.expires), c.fileName ?? '', c.contentType ?? ''];
  const canonical = fields.map((f) => `${Buffer.byteLength(f)}:${f}`).join('\n');
  return createHmac('sha256', signingKey).update(canonical).digest();
}

export function blobUrlSignature(signingKey: Buffer, claims: BlobUrlClaims): string {
  return mac(signingKey, claims).toString('base64url');
}

/** Checks signature (constant time) then expiry, against `nowMs` (default Date.now()). */
export function verifyBlobUrl(signingKey: Buffer, claims: BlobUrlClaims, sig: string, nowMs = Date.now()): BlobUrlCheck {
  const expected = mac(signingKey, claims);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (!Number.isSafeInteger(claims.expires) || claims.expires * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true };
}

/** Builds the absolute signed URL under appUrl. */
export function buildSignedBlobUrl(appUrl: string, signingKey: Buffer, claims: BlobUrlClaims): string {
  const path = claims.key.split('/').map(encodeURIComponent).join('/');
  const q = new URLSearchParams({ expires: String(claims.expires) });
  if (claims.fileName !== undefined) q.set('name', claims.fileName);
  if (claims.contentType !== undefined) q.set('type', claims.contentType);
  q.set('sig', blobUrlSignature(signingKey, claims));
  return `${appUrl.replace(/\/+$/, '')}/api/v1/blobs/${path}?${q.toString()}`;
}
