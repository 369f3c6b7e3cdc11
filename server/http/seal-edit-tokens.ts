// Edit tokens inside a stored API response (Idempotency-Key records) are sealed, never stored raw:
// AES-256-GCM under a key derived from AUTH_SECRET, so a replay can return the first response
// byte for byte while a database dump holds no usable `edt_` token.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { env } from '../env';

const TOKEN = /edt_[A-Za-z0-9_-]{43}/g;
const SEALED = /sealed~([A-Za-z0-9_-]+)/g;

function key(): Buffer {
  return createHash('sha256').update(`docsmith:sealed-edit-token:${env().AUTH_SECRET}`).digest();
}

/** The text with every edit token replaced by `sealed~<iv|ciphertext|tag, base64url>`. */
export function sealEditTokens(text: string): string {
  if (!text.includes('edt_')) return text;
  const k = key();
  return text.replace(TOKEN, (token) => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', k, iv);
    const body = Buffer.concat([c.update(token, 'utf8'), c.final()]);
    return `sealed~${Buffer.concat([iv, body, c.getAuthTag()]).toString('base64url')}`;
  });
}

/** The text with sealed tokens opened again (one that does not open, e.g. after AUTH_SECRET changed, becomes an invalid token). */
export function openEditTokens(text: string): string {
  if (!text.includes('sealed~')) return text;
  const k = key();
  return text.replace(SEALED, (_, b64: string) => {
    try {
      const raw = Buffer.from(b64, 'base64url');
      const d = createDecipheriv('aes-256-gcm', k, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
    } catch {
      return 'edt_invalid';
    }
  });
}
