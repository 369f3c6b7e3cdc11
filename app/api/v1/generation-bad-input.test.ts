// Generation endpoints under hostile and broken input:
//  - cross-org: another org's run_id, task_id, file_ids and image_ids are a 404 indistinguishable
//    from a random id on every endpoint that takes them, and nothing is written or spent;
//  - bad input on every generate endpoint and on /preflight: the documented status and code, the one
//    error shape, nothing written (row counts of every table), balance unchanged; /preflight reports
//    the request-level problems as issues (ok:false) with an estimate and spends nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from './excel/generate/route';
import { POST as word } from './word/generate/route';
import { POST as slides } from './slides/generate/route';
import { POST as preflight } from './preflight/route';
import { GET as getTask } from './tasks/[task_id]/route';
import { POST as cancelTask } from './tasks/[task_id]/cancel/route';
import { GET as getRun } from './runs/[run_id]/route';
import { GET as download } from './runs/[run_id]/download/route';
import { balanceOf } from '@/server/credits/ledger';
import { newId } from '@/server/db/ids';
import type { RunFormat } from '@/server/db/generated/enums';
import { call, type CallOptions } from '@/server/test/api-client';
import { orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();

type Handler = Parameters<typeof call>[0];
type GenFormat = Exclude<RunFormat, 'text'>;
const GENERATE: Record<GenFormat, Handler> = { excel, word, slides };
const FORMATS: GenFormat[] = ['excel', 'word', 'slides'];
const PROMPT: Record<GenFormat, string> = {
  excel: 'A workbook with a sheet named Budget',
  word: 'A memo with sections Background, Policy',
  slides: 'a 5-slide deck about onboarding',
};

/** An error body with what must not differ between a foreign id and a random one. */
function comparable(body: unknown, id: string): unknown {
  const copy = JSON.parse(JSON.stringify(body).replaceAll(id, '<id>')) as { error?: { request_id?: unknown } };
  if (copy.error) delete copy.error.request_id;
  return copy;
}

async function insertFile(orgId: string, kind: 'file' | 'image') {
  const id = newId(kind === 'file' ? 'file' : 'img');
  await t.db.fileObject.create({
    data: {
      id,
      orgId,
      kind,
      name: kind === 'file' ? 'data.csv' : 'logo.png',
      mime: kind === 'file' ? 'text/csv' : 'image/png',
      size: 10,
      sha256: '0'.repeat(64),
      blobKey: `files/${orgId}/${id}`,
    },
  });
  return id;
}

/** Runs `fn` (one request or a series of them) and asserts that no table gained or lost a row and no balance moved. */
async function writesNothing<T>(orgIds: string[], fn: () => Promise<T>): Promise<T> {
  const rows = await rowCounts(t.db);
  const balances = await Promise.all(orgIds.map((o) => balanceOf(t.db, o)));
  const out = await fn();
  expect(await rowCounts(t.db)).toEqual(rows);
  expect(await Promise.all(orgIds.map((o) => balanceOf(t.db, o)))).toEqual(balances);
  return out;
}

describe('cross-org ids are 404, indistinguishable from random ids, on every endpoint', () => {
  let a: { orgId: string; key: string };
  let b: { orgId: string; key: string };
  let bRun = '';
  let bTask = '';
  let bFile = '';
  let bImage = '';

  beforeAll(async () => {
    a = await orgWithKey(t.db, { name: 'Org A' });
    b = await orgWithKey(t.db, { name: 'Org B' });
    const r = await call(excel, 'POST', '/api/v1/excel/generate', { key: b.key, json: { prompt: PROMPT.excel } });
    expect(r.status).toBe(200);
    bRun = r.json.run_id;
    bTask = r.json.task_id;
    bFile = await insertFile(b.orgId, 'file');
    bImage = await insertFile(b.orgId, 'image');
  });

  /** Org A calls with B's id and with a random id of the same kind: both 404, same body. */
  async function sameAsRandom(label: string, foreign: string, random: string, send: (id: string) => Promise<{ status: number; json: unknown }>) {
    const theirs = await send(foreign);
    const made_up = await send(random);
    expect(theirs.status, label).toBe(404);
    expect(made_up.status, label).toBe(404);
    expect(comparable(theirs.json, foreign), label).toEqual(comparable(made_up.json, random));
    expect(theirs.json, label).toMatchObject({ error: { code: 'not_found', request_id: expect.stringMatching(/^req_/) } });
  }

  it('run_id (generate resume on each format, GET /runs/{id}, /download), task_id (GET, cancel), file_ids, image_ids', async () => {
    await writesNothing([a.orgId, b.orgId], async () => {
      for (const format of FORMATS) {
        const gen = GENERATE[format];
        await sameAsRandom(`${format} resume`, bRun, newId('run'), (id) => call(gen, 'POST', `/api/v1/${format}/generate`, { key: a.key, json: { run_id: id, prompt: 'more' } }));
        await sameAsRandom(`${format} async resume`, bRun, newId('run'), (id) =>
          call(gen, 'POST', `/api/v1/${format}/generate`, { key: a.key, json: { run_id: id, prompt: 'more', async: true } }),
        );
        await sameAsRandom(`${format} file_ids`, bFile, newId('file'), (id) => call(gen, 'POST', '/x', { key: a.key, json: { prompt: PROMPT[format], file_ids: [id] } }));
        await sameAsRandom(`${format} image_ids`, bImage, newId('img'), (id) => call(gen, 'POST', '/x', { key: a.key, json: { prompt: PROMPT[format], image_ids: [id] } }));
      }
      await sameAsRandom('GET /runs/{id}', bRun, newId('run'), (id) => call(getRun, 'GET', `/api/v1/runs/${id}`, { key: a.key, params: { run_id: id } }));
      await sameAsRandom('GET /runs/{id}/download', bRun, newId('run'), (id) => call(download, 'GET', `/api/v1/runs/${id}/download`, { key: a.key, params: { run_id: id } }));
      await sameAsRandom('GET /tasks/{id}', bTask, newId('task'), (id) => call(getTask, 'GET', `/api/v1/tasks/${id}`, { key: a.key, params: { task_id: id } }));
      // B's task is completed: B itself would get 409 here; A must not learn even that.
      await sameAsRandom('POST /tasks/{id}/cancel', bTask, newId('task'), (id) => call(cancelTask, 'POST', `/api/v1/tasks/${id}/cancel`, { key: a.key, params: { task_id: id } }));

      // /preflight reports them as not_found issues, exactly as for random ids.
      for (const [field, foreign, random] of [
        ['run_id', bRun, newId('run')],
        ['file_ids', bFile, newId('file')],
        ['image_ids', bImage, newId('img')],
      ] as const) {
        const body = (id: string) => ({ format: 'excel', prompt: PROMPT.excel, ...(field === 'run_id' ? { run_id: id } : { [field]: [id] }) });
        const theirs = await call(preflight, 'POST', '/api/v1/preflight', { key: a.key, json: body(foreign) });
        const made_up = await call(preflight, 'POST', '/api/v1/preflight', { key: a.key, json: body(random) });
        expect(theirs.status).toBe(200);
        expect(theirs.json).toMatchObject({ ok: false, issues: [{ code: 'not_found', field }] });
        expect(comparable(theirs.json, foreign)).toEqual(comparable(made_up.json, random));
      }
    });
    // B's things are untouched and B still sees them.
    expect((await t.db.task.findUniqueOrThrow({ where: { id: bTask } })).status).toBe('completed');
    expect((await call(getRun, 'GET', '/x', { key: b.key, params: { run_id: bRun } })).status).toBe(200);
    expect((await call(cancelTask, 'POST', '/x', { key: b.key, params: { task_id: bTask } })).status).toBe(409);
  });
});

describe('bad input on every generate endpoint and on /preflight', () => {
  let key = '';
  let orgId = '';
  let poor: { orgId: string; key: string };
  const runs: Record<string, string> = {};

  beforeAll(async () => {
    ({ key, orgId } = await orgWithKey(t.db, { name: 'Bad Input Org', credits: 10_000 }));
    poor = await orgWithKey(t.db, { name: 'Poor Org', credits: 10 });
    const day = 86_400_000;
    for (const format of FORMATS) {
      runs[format] = (await t.db.run.create({ data: { id: newId('run'), orgId, format, status: 'completed', prompt: 'p', lastTaskAt: new Date() } })).id;
      runs[`expired_${format}`] = (
        await t.db.run.create({ data: { id: newId('run'), orgId, format, status: 'completed', prompt: 'p', lastTaskAt: new Date(Date.now() - 31 * day) } })
      ).id;
    }
  });

  interface Case {
    name: string;
    /** what to send (the endpoint's format is given) */
    opts: (format: GenFormat) => CallOptions;
    status: number;
    code: string;
    /** the code /preflight answers with, when it differs (it has no async / webhook_url) */
    preflight?: { status: number; code: string };
    only?: GenFormat[];
  }

  const json = (body: (f: GenFormat) => Record<string, unknown>) => (f: GenFormat) => ({ json: body(f) });
  const raw = (text: string, type = 'application/json') => () => ({ raw: text, headers: { 'content-type': type } });
  const mismatched = (f: GenFormat) => (f === 'excel' ? runs.word! : runs.excel!);

  const schemaCases: Case[] = [
    { name: 'empty prompt', opts: json(() => ({ prompt: '' })), status: 400, code: 'invalid_request' },
    { name: 'blank prompt', opts: json(() => ({ prompt: '   \n ' })), status: 400, code: 'invalid_request' },
    { name: 'missing prompt', opts: json(() => ({})), status: 400, code: 'invalid_request' },
    { name: 'empty body', opts: raw(''), status: 400, code: 'invalid_request' },
    { name: 'oversized prompt (20001 chars)', opts: json(() => ({ prompt: 'x'.repeat(20_001) })), status: 400, code: 'invalid_request' },
    { name: 'unknown parameter', opts: json((f) => ({ prompt: PROMPT[f], temperature: 0.2 })), status: 400, code: 'unknown_parameter' },
    { name: 'prompt of the wrong type', opts: json(() => ({ prompt: 42 })), status: 400, code: 'invalid_request' },
    { name: 'file_ids of the wrong type', opts: json((f) => ({ prompt: PROMPT[f], file_ids: 'file_1' })), status: 400, code: 'invalid_request' },
    {
      name: 'async of the wrong type',
      opts: json((f) => ({ prompt: PROMPT[f], async: 'yes' })),
      status: 400,
      code: 'invalid_request',
      preflight: { status: 400, code: 'unknown_parameter' },
    },
    { name: 'body not an object', opts: json(() => [1, 2] as unknown as Record<string, unknown>), status: 400, code: 'invalid_request' },
    { name: 'malformed JSON', opts: raw('{"prompt": "a'), status: 400, code: 'invalid_json' },
    { name: 'wrong content type', opts: raw('prompt=hello', 'application/x-www-form-urlencoded'), status: 415, code: 'unsupported_media_type' },
    { name: 'text/plain body', opts: raw('{"prompt":"hello"}', 'text/plain'), status: 415, code: 'unsupported_media_type' },
    { name: 'body over 1 MB', opts: raw(JSON.stringify({ prompt: 'x'.repeat(1_100_000) })), status: 413, code: 'payload_too_large' },
    {
      name: 'webhook_url not http(s)',
      opts: json((f) => ({ prompt: PROMPT[f], webhook_url: 'ftp://example.com/hook' })),
      status: 400,
      code: 'invalid_request',
      preflight: { status: 400, code: 'unknown_parameter' },
    },
    {
      name: 'webhook_url javascript:',
      opts: json((f) => ({ prompt: PROMPT[f], webhook_url: 'javascript:alert(1)' })),
      status: 400,
      code: 'invalid_request',
      preflight: { status: 400, code: 'unknown_parameter' },
    },
    { name: '21 file_ids', opts: json((f) => ({ prompt: PROMPT[f], file_ids: Array.from({ length: 21 }, () => newId('file')) })), status: 400, code: 'invalid_request' },
    { name: 'run_id of the wrong type', opts: json((f) => ({ prompt: PROMPT[f], run_id: 7 })), status: 400, code: 'invalid_request' },
  ];

  // Well-formed requests that preflight refuses: the generate endpoints answer with the first issue;
  // /preflight answers 200 with ok:false, the issue and an estimate.
  const preflightCases: Array<Case & { field: string }> = [
    { name: 'expired run (last task 31 days ago)', opts: json((f) => ({ prompt: 'more', run_id: runs[`expired_${f}`] })), status: 410, code: 'gone', field: 'run_id' },
    { name: 'format mismatch', opts: json((f) => ({ prompt: 'more', run_id: mismatched(f) })), status: 400, code: 'invalid_request', field: 'run_id' },
    { name: 'unknown run_id', opts: json(() => ({ prompt: 'more', run_id: newId('run') })), status: 404, code: 'not_found', field: 'run_id' },
    { name: 'unknown file_ids', opts: json((f) => ({ prompt: PROMPT[f], file_ids: [newId('file')] })), status: 404, code: 'not_found', field: 'file_ids' },
    { name: 'too many slides ("a 40-slide deck")', opts: json(() => ({ prompt: 'a 40-slide deck about onboarding' })), status: 400, code: 'invalid_request', field: 'prompt', only: ['slides'] },
  ];

  const withFormat = (f: GenFormat, o: CallOptions): CallOptions =>
    o.json !== undefined && typeof o.json === 'object' && o.json !== null && !Array.isArray(o.json) ? { ...o, json: { format: f, ...(o.json) } } : o;

  for (const format of FORMATS) {
    it(`POST /${format}/generate: schema errors → documented status and code, nothing written`, async () => {
      await writesNothing([orgId], async () => {
        for (const c of schemaCases) {
          const r = await call(GENERATE[format], 'POST', `/api/v1/${format}/generate`, { key, ...c.opts(format) });
          expect([r.status, r.json?.error?.code], `${format}: ${c.name}`).toEqual([c.status, c.code]);
          expect(r.json.error).toMatchObject({ message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
        }
      });
    });

    it(`POST /${format}/generate: preflight refusals → documented status and code, nothing written`, async () => {
      await writesNothing([orgId, poor.orgId], async () => {
        for (const c of preflightCases.filter((x) => !x.only || x.only.includes(format))) {
          const r = await call(GENERATE[format], 'POST', `/api/v1/${format}/generate`, { key, ...c.opts(format) });
          expect([r.status, r.json?.error?.code], `${format}: ${c.name}`).toEqual([c.status, c.code]);
          expect(r.json.error.details).toMatchObject({ field: c.field });
        }
        // The slide guard is per call on the slides endpoint only; 30 is allowed.
        if (format === 'slides') {
          const ok = await call(preflight, 'POST', '/x', { key, json: { format: 'slides', prompt: 'a 30-slide deck about onboarding' } });
          expect(ok.json.ok).toBe(true);
        }
        // Insufficient credits: 402 with the estimate and the balance, sync and async.
        for (const extra of [{}, { async: true }]) {
          const r = await call(GENERATE[format], 'POST', '/x', { key: poor.key, json: { prompt: PROMPT[format], ...extra } });
          expect(r.status).toBe(402);
          expect(r.json.error).toMatchObject({ code: 'insufficient_credits', details: { field: 'credits', balance: 10, estimate: expect.any(Number) } });
          expect(r.json.error.details.estimate).toBeGreaterThan(10);
        }
      });
    });
  }

  it('POST /preflight: schema errors → 400/413/415 and nothing written', async () => {
    await writesNothing([orgId], async () => {
      for (const format of FORMATS) {
        for (const c of schemaCases) {
          const expected = c.preflight ?? c;
          const r = await call(preflight, 'POST', '/api/v1/preflight', { key, ...withFormat(format, c.opts(format)) });
          expect([r.status, r.json?.error?.code], `preflight ${format}: ${c.name}`).toEqual([expected.status, expected.code]);
        }
      }
      for (const body of [{ prompt: 'x' }, { format: 'text', prompt: 'x' }, { format: 'pdf', prompt: 'x' }]) {
        const r = await call(preflight, 'POST', '/x', { key, json: body });
        expect([r.status, r.json.error.code]).toEqual([400, 'invalid_request']);
      }
    });
  });

  it('POST /preflight: refusals are issues with ok:false and an estimate; nothing is spent', async () => {
    const rows = await rowCounts(t.db);
    const balances = [await balanceOf(t.db, orgId), await balanceOf(t.db, poor.orgId)];
    for (const format of FORMATS) {
      for (const c of preflightCases.filter((x) => !x.only || x.only.includes(format))) {
        const r = await call(preflight, 'POST', '/api/v1/preflight', { key, ...withFormat(format, c.opts(format)) });
        expect(r.status, `preflight ${format}: ${c.name}`).toBe(200);
        expect(r.json, `preflight ${format}: ${c.name}`).toMatchObject({
          ok: false,
          issues: [{ code: c.code, field: c.field, message: expect.any(String) }],
          estimated_credits: expect.any(Number),
          balance: await balanceOf(t.db, orgId),
        });
        expect(r.json.estimated_credits).toBeGreaterThan(0);
      }
      const poorR = await call(preflight, 'POST', '/x', { key: poor.key, json: { format, prompt: PROMPT[format] } });
      expect(poorR.json).toMatchObject({ ok: false, issues: [{ code: 'insufficient_credits', field: 'credits' }], balance: 10 });
      expect(poorR.json.estimated_credits).toBeGreaterThan(10);
      // A good request: ok, an estimate, still nothing written or spent.
      const good = await call(preflight, 'POST', '/x', { key, json: { format, prompt: PROMPT[format] } });
      expect(good.json).toMatchObject({ ok: true, issues: [] });
      expect(good.json.estimated_credits).toBeGreaterThan(0);
    }
    // Several problems at once are all reported.
    const many = await call(preflight, 'POST', '/x', {
      key: poor.key,
      json: { format: 'slides', prompt: 'a 40-slide deck', run_id: newId('run'), file_ids: [newId('file')], image_ids: [newId('img')] },
    });
    expect(many.json.ok).toBe(false);
    expect(many.json.issues.map((i: { field: string }) => i.field).sort()).toEqual(['credits', 'file_ids', 'image_ids', 'prompt', 'run_id']);
    // None of it wrote a row or moved a balance.
    expect(await rowCounts(t.db)).toEqual(rows);
    expect([await balanceOf(t.db, orgId), await balanceOf(t.db, poor.orgId)]).toEqual(balances);
  });
});
