// Strings PostgreSQL cannot store (NUL, lone surrogates) and JSON nested past MAX_JSON_DEPTH are a
// 400 naming the field on every endpoint that takes text — the same answer from /preflight and from
// generate — and nothing is written.
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from './excel/generate/route';
import { POST as word } from './word/generate/route';
import { POST as slides } from './slides/generate/route';
import { POST as outline } from './slides/outline/route';
import { POST as analyze } from './excel/analyze/route';
import { POST as textGenerate } from './text/generate/route';
import { POST as summarize } from './text/summarize/route';
import { POST as rewrite } from './text/rewrite/route';
import { POST as preflight } from './preflight/route';
import { GET as listRuns } from './runs/route';
import { GET as getRun } from './runs/[run_id]/route';
import { POST as mintKey } from './organizations/[org_id]/api-keys/route';
import { POST as createWebhook } from './webhooks/route';
import { PUT as putDoc } from './edit/[run_id]/document/route';
import { call, type CallOptions } from '@/server/test/api-client';
import { orgWithKey, runLocalWorker, taskSettled } from '@/server/test/generation-harness';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();
let org: { orgId: string; key: string };
let wordRun = '';
let wordToken = '';

beforeAll(async () => {
  org = await orgWithKey(t.db, { name: 'Text input' });
  const r = await call(word, 'POST', '/api/v1/word/generate', { key: org.key, json: { prompt: 'A memo with sections Background, Policy' } });
  expect(r.status).toBe(200);
  wordRun = r.json.run_id;
  wordToken = new URL(r.json.edit_url).searchParams.get('token')!;
  // the rows counted below: nothing of this task may still be written
  await taskSettled(t.db, r.json.task_id);
}, 120_000);

type Handler = Parameters<typeof call>[0];
const NUL = 'x\u0000y';
const LONE = 'x\uD800y';

interface Case {
  name: string;
  handler: Handler;
  path: string;
  field: string;
  body: (bad: string) => Record<string, unknown>;
  opts?: () => CallOptions;
}

const cases: Case[] = [
  { name: 'excel generate prompt', handler: excel, path: '/api/v1/excel/generate', field: 'prompt', body: (s) => ({ prompt: s }) },
  { name: 'excel generate title', handler: excel, path: '/api/v1/excel/generate', field: 'title', body: (s) => ({ prompt: 'A budget', title: s }) },
  { name: 'word generate file_name', handler: word, path: '/api/v1/word/generate', field: 'file_name', body: (s) => ({ prompt: 'A memo', file_name: s }) },
  { name: 'slides generate webhook_url', handler: slides, path: '/api/v1/slides/generate', field: 'webhook_url', body: (s) => ({ prompt: 'a deck', webhook_url: `https://example.com/${s}` }) },
  { name: 'slides generate outline bullet', handler: slides, path: '/api/v1/slides/generate', field: 'outline.slides.0.bullets.0', body: (s) => ({ prompt: 'a deck', outline: { title: 'T', slides: [{ title: 'One', bullets: [s] }] } }) },
  { name: 'outline prompt', handler: outline, path: '/api/v1/slides/outline', field: 'prompt', body: (s) => ({ prompt: s }) },
  { name: 'analyze prompt', handler: analyze, path: '/api/v1/excel/analyze', field: 'prompt', body: (s) => ({ prompt: s, run_id: 'run_x' }) },
  { name: 'text generate prompt', handler: textGenerate, path: '/api/v1/text/generate', field: 'prompt', body: (s) => ({ prompt: s }) },
  { name: 'summarize text', handler: summarize, path: '/api/v1/text/summarize', field: 'text', body: (s) => ({ text: s }) },
  { name: 'rewrite style', handler: rewrite, path: '/api/v1/text/rewrite', field: 'style', body: (s) => ({ text: 'hello', style: s }) },
  { name: 'preflight prompt', handler: preflight, path: '/api/v1/preflight', field: 'prompt', body: (s) => ({ format: 'excel', prompt: s }) },
  { name: 'api key name', handler: mintKey, path: '/x', field: 'name', body: (s) => ({ name: s }), opts: () => ({ params: { org_id: org.orgId } }) },
  { name: 'webhook description', handler: createWebhook, path: '/api/v1/webhooks', field: 'description', body: (s) => ({ url: 'https://example.com/hook', description: s }) },
  { name: 'a key of an object', handler: excel, path: '/api/v1/excel/generate', field: 'x', body: (s) => ({ prompt: 'A budget', [s]: 1 }) },
];

describe('text PostgreSQL cannot store', () => {
  for (const c of cases) {
    for (const [label, bad] of [
      ['NUL', NUL],
      ['lone surrogate', LONE],
    ] as const) {
      it(`${c.name}: ${label} → 400 naming the field, nothing written`, async () => {
        const before = await rowCounts(t.db);
        const r = await call(c.handler, 'POST', c.path, { key: org.key, ...(c.opts?.() ?? {}), json: c.body(bad) });
        expect(r.status, JSON.stringify(r.json)).toBe(400);
        expect(r.json.error.code).toBe('invalid_request');
        expect(r.json.error.message).toContain(c.field === 'x' ? 'key contains' : `"${c.field}"`);
        expect(r.json.error.message).toMatch(label === 'NUL' ? /NUL/ : /surrogate/);
        expect(await rowCounts(t.db)).toEqual(before);
      });
    }
  }

  it('a NUL in a query parameter → 400', async () => {
    const r = await call(listRuns, 'GET', '/api/v1/runs?cursor=a%00b', { key: org.key });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain('"cursor"');
  });

  it('a NUL in a path parameter → 400', async () => {
    const r = await call(getRun, 'GET', '/x', { key: org.key, params: { run_id: 'run_\u0000' } });
    expect(r.status).toBe(400);
  });

  it('paired surrogates (emoji) and ordinary control characters are fine', async () => {
    const r = await call(preflight, 'POST', '/api/v1/preflight', { key: org.key, json: { format: 'excel', prompt: 'Budget 📊\tfor Q1' } });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
  });
});

describe('nesting', () => {
  const nested = (depth: number) => {
    let node: Record<string, unknown> = { type: 'text', text: 'deep' };
    for (let i = 0; i < depth; i++) node = { type: 'blockquote', content: [node] };
    return { type: 'doc', content: [node] };
  };

  it('an editor document nested 1,000 deep → 400, nothing written', async () => {
    const before = await rowCounts(t.db);
    const r = await call(putDoc, 'PUT', '/x', { params: { run_id: wordRun }, json: { token: wordToken, base_version: 1, edit: { kind: 'document', doc: nested(1000) } } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/nested deeper than \d+ levels/);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('a body nested 100,000 deep → 400 (no stack overflow anywhere)', async () => {
    const raw = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = await call(excel, 'POST', '/api/v1/excel/generate', { key: org.key, raw, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
  });

  it('an ordinary nested document still saves', async () => {
    const r = await call(putDoc, 'PUT', '/x', { params: { run_id: wordRun }, json: { token: wordToken, base_version: 1, edit: { kind: 'document', doc: nested(10) } } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  });
});
