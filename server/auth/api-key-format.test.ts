import { describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key-format';
import { verifyApiKey } from './verify-api-key';

describe('API key format', () => {
  it('mints distinct, recognisable keys whose checksum verifies', () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.secret)).size).toBe(200);
    for (const k of keys) {
      expect(k.secret).toMatch(/^dsk_[0-9A-Za-z]{46}$/);
      expect(isWellFormedApiKey(k.secret)).toBe(true);
      expect(k.prefix).toBe(k.secret.slice(0, 12));
      expect(k.hash).toBe(hashApiKey(k.secret));
      expect(k.hash).not.toContain(k.secret.slice(4));
    }
  });

  it('rejects every single-character typo, truncation and extension', () => {
    const { secret } = generateApiKey();
    let rejected = 0;
    for (let i = 4; i < secret.length; i++) {
      const c = secret[i] === 'x' ? 'y' : 'x';
      const typo = secret.slice(0, i) + c + secret.slice(i + 1);
      if (!isWellFormedApiKey(typo)) rejected++;
    }
    expect(rejected).toBe(secret.length - 4);
    expect(isWellFormedApiKey(secret.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(secret + 'a')).toBe(false);
    expect(isWellFormedApiKey('sk_' + secret.slice(4))).toBe(false);
  });

  it('refuses a mistyped key without touching the database', async () => {
    const untouchable = new Proxy({}, { get: () => { throw new Error('database was queried'); } }) as Db;
    const { secret } = generateApiKey();
    const typo = secret.slice(0, 20) + (secret[20] === 'Q' ? 'R' : 'Q') + secret.slice(21);
    await expect(verifyApiKey(untouchable, typo)).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    await expect(verifyApiKey(untouchable, null)).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });
});
