// API key format: "dsk_" + 40 random base62 characters + 6 base62 characters of CRC32 checksum.
// The checksum lets a mistyped or truncated key be rejected before any database lookup.
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const KEY_PREFIX = 'dsk_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LEN = 40;
const CHECK_LEN = 6;
const KEY_RE = new RegExp(`^${KEY_PREFIX}[0-9A-Za-z]{${BODY_LEN + CHECK_LEN}}$`);

function base62(n: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = ALPHABET[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}

function randomBase62(len: number): string {
  let out = '';
  while (out.length < len) {
    for (const b of randomBytes(len * 2)) {
      if (b < 248 && out.length < len) out += ALPHABET[b % 62]; // 248 = 4*62: no modulo bias
    }
  }
  return out;
}

const checksum = (body: string) => base62(crc32(body), CHECK_LEN);

export interface MintedKey {
  secret: string;
  /** Shown in lists: enough to recognise a key, useless to use it. */
  prefix: string;
  hash: string;
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateApiKey(): MintedKey {
  const body = randomBase62(BODY_LEN);
  const secret = KEY_PREFIX + body + checksum(body);
  return { secret, prefix: secret.slice(0, KEY_PREFIX.length + 8), hash: hashApiKey(secret) };
}

/** True when the string has the shape of a Docsmith key and its checksum is right. */
export function isWellFormedApiKey(candidate: string): boolean {
  if (!KEY_RE.test(candidate)) return false;
  const body = candidate.slice(KEY_PREFIX.length, KEY_PREFIX.length + BODY_LEN);
  return candidate.slice(-CHECK_LEN) === checksum(body);
}
