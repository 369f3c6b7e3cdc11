import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema, loadEnv } from './env';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'ds-env-'));

describe('configuration', () => {
  it('has safe defaults for the embedded mode and persists a generated secret', () => {
    const dir = tmp();
    const e = loadEnv({ DATA_DIR: dir });
    expect(e.embeddedDatabase).toBe(true);
    expect(e.DB_AUTO_MIGRATE).toBe(true);
    expect(e.APP_URL).toBe('http://localhost:3000');
    expect(e.SIGNUP_CREDITS).toBe(1000);
    expect(e.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, 'secret.key'), 'utf8').trim()).toBe(e.AUTH_SECRET);
    expect(loadEnv({ DATA_DIR: dir }).AUTH_SECRET).toBe(e.AUTH_SECRET); // stable across restarts
  });

  it('switches to PostgreSQL with DATABASE_URL and treats empty strings as unset', () => {
    const e = loadEnv({ DATA_DIR: tmp(), DATABASE_URL: 'postgresql://u@db:5432/x', DB_AUTO_MIGRATE: '', RATE_LIMIT_PER_MINUTE: '0' });
    expect(e.embeddedDatabase).toBe(false);
    expect(e.DB_AUTO_MIGRATE).toBe(false);
    expect(e.RATE_LIMIT_PER_MINUTE).toBe(0);
  });

  it('refuses invalid settings with a message naming each one', () => {
    expect(() => loadEnv({ DATA_DIR: tmp(), APP_URL: 'not a url', RATE_LIMIT_PER_MINUTE: '-3', ALLOW_REGISTRATION: 'maybe' })).toThrow(
      /APP_URL[\s\S]*RATE_LIMIT_PER_MINUTE[\s\S]*ALLOW_REGISTRATION|APP_URL[\s\S]*ALLOW_REGISTRATION[\s\S]*RATE_LIMIT_PER_MINUTE/,
    );
  });

  it('requires a shared AUTH_SECRET in production with PostgreSQL', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', DATA_DIR: tmp(), DATABASE_URL: 'postgresql://u@db/x' })).toThrow(/AUTH_SECRET/);
    expect(loadEnv({ NODE_ENV: 'production', DATA_DIR: tmp(), DATABASE_URL: 'postgresql://u@db/x', AUTH_SECRET: 'x'.repeat(40) }).AUTH_SECRET).toBe('x'.repeat(40));
  });
});

describe('WORKER', () => {
  it('is on by default; off needs PostgreSQL (nothing else could run the tasks of the embedded database)', () => {
    expect(loadEnv({ DATA_DIR: tmp() }).WORKER).toBe('on');
    expect(() => loadEnv({ DATA_DIR: tmp(), WORKER: 'off' })).toThrow(/WORKER: off needs DATABASE_URL/);
    expect(loadEnv({ DATA_DIR: tmp(), WORKER: 'off', DATABASE_URL: 'postgresql://u@db/x' }).WORKER).toBe('off');
    expect(() => loadEnv({ DATA_DIR: tmp(), WORKER: 'no' })).toThrow(/WORKER/);
  });
});

describe('.env.example', () => {
  it('lists every setting the server reads', () => {
    const example = readFileSync('.env.example', 'utf8');
    const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = Object.keys(envSchema.shape).filter((k) => !listed.has(k));
    expect(missing).toEqual([]);
  });
});
