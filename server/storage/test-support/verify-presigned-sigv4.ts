// Tests only. s3rver checks a presigned URL's expiry and access key but not its SigV4 signature,
// so the S3 tests put this independent verifier (written from AWS's SigV4 specification, not with
// the SDK's signer) in front of it: a URL whose signature does not match gets 403 SignatureDoesNotMatch.
import { createHash, createHmac } from 'node:crypto';

const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

export interface PresignedRequest {
  method: string;
  /** Raw (still percent-encoded) path, as received. */
  path: string;
  /** Raw query string without "?". */
  querystring: string;
  headers: Record<string, string | undefined>;
}

/** Null when the query-presigned request carries a valid signature for secretAccessKey, else why not. */
export function presignedSigV4Problem(req: PresignedRequest, secretAccessKey: string): string | null {
  const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  const pairs = req.querystring
    .split('&')
    .filter(Boolean)
    .map((p): [string, string] => {
      const i = p.indexOf('=');
      return i < 0 ? [dec(p), ''] : [dec(p.slice(0, i)), dec(p.slice(i + 1))];
    });
  const q = new Map(pairs);
  const given = q.get('X-Amz-Signature');
  const credential = q.get('X-Amz-Credential');
  const date = q.get('X-Amz-Date');
  const signedHeaders = q.get('X-Amz-SignedHeaders');
  if (!given || !credential || !date || !signedHeaders) return 'missing presign parameters';
  const [, scopeDate, region, service] = credential.split('/');
  if (!scopeDate || !region || !service) return 'bad credential scope';
  const canonicalQuery = pairs
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headerNames = signedHeaders.split(';');
  const canonicalHeaders = headerNames.map((h) => `${h}:${(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalPath = req.path.split('/').map((s) => uriEncode(decodeURIComponent(s))).join('/');
  const canonicalRequest = [req.method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders, q.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD'].join('\n');
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac('AWS4' + secretAccessKey, scopeDate), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  return expected === given ? null : 'signature does not match';
}
