// The base64 content of an upload_file call: standard or URL-safe alphabet, padding optional,
// whitespace ignored. Anything else is refused (Buffer.from would silently skip it), and content
// that decodes to more than `maxBytes` is refused before it is decoded.
import 'server-only';
import { ApiError, badRequest } from '../http/api-error';

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function decodeBase64(content: string, maxBytes: number, field = 'content_base64'): Buffer {
  const compact = content.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) {
    throw badRequest(`${field} is not valid base64`, { issues: [{ location: 'body', path: field, message: 'not base64' }] });
  }
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  const decodedBytes = Math.floor((compact.length * 3) / 4) - padding;
  if (decodedBytes > maxBytes) {
    throw new ApiError('payload_too_large', `upload exceeds ${maxBytes} bytes (MAX_UPLOAD_BYTES)`, { max_bytes: maxBytes });
  }
  return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
}
