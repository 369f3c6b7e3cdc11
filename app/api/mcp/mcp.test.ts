// The MCP server end to end over real HTTP: the SDK's own Client with its Streamable HTTP transport
// against /api/mcp (route handler, PGlite or PostgreSQL, local worker, local blob store,
// LibreOffice): initialize, list tools, generate a workbook, poll it to completion, download it,
// export it to PDF; tenancy (another org's key finds nothing of it), credits, idempotency, uploads
// and analysis through the same services as REST; bad or missing keys fail cleanly, before any
// MCP processing, with the REST error shape and the failed-key throttle.
import { announceKeysChanged } from '@/server/signals/key-signals';
import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE, GET, POST } from './route';
import { resetApiKeyBlocksForTests } from '@/server/auth/api-key-failure-budget';
import { generateApiKey } from '@/server/auth/api-key-format';
import { balanceOf } from '@/server/credits/ledger';
import { findSoffice } from '@/server/documents/common/soffice';
import { resetEnvForTests } from '@/server/env';
import { shutdownExportPool } from '@/server/exports/export-pool';
import { fetchSigned, orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { startRouteServer, type RouteServer } from '@/server/test/route-server';
import { setupTestDb } from '@/server/test/test-db';

// A small failed-key budget and upload limit, so that those tests need little.
const saved = { API_KEY_FAILURE_LIMIT: process.env.API_KEY_FAILURE_LIMIT, MAX_UPLOAD_BYTES: process.env.MAX_UPLOAD_BYTES };
process.env.API_KEY_FAILURE_LIMIT = '5';
process.env.MAX_UPLOAD_BYTES = '65536';
resetEnvForTests();

const t = setupTestDb();
runLocalWorker();
const hasLibreOffice = !!findSoffice();
if (!hasLibreOffice) console.warn('LibreOffice not found: the MCP pdf export test is skipped');

let server: RouteServer;
let a: { orgId: string; key: string };
let b: { orgId: string; key: string };
let broke: { orgId: string; key: string };
const clients: Client[] = [];

async function connect(key: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'docsmith-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/api/mcp`), {
    requestInit: { headers: { 'x-api-key': key, ...headers } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

/** A tool call that must succeed: its structured content. */
async function ok(client: Client, name: string, args: Record<string, unknown>) {
  const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(res.isError, `${name}: ${JSON.stringify(res.content)}`).toBeFalsy();
  // the same JSON as text, for clients that read only text
  expect(JSON.parse((res.content[0] as { text: string }).text)).toEqual(res.structuredContent);
  return res.structuredContent as Record<string, any>;
}

/** A tool call that must fail: the REST error object of its text. */
async function fails(client: Client, name: string, args: Record<string, unknown>) {
  const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(res.isError, `${name} should fail: ${JSON.stringify(res.content)}`).toBe(true);
  expect(res.structuredContent).toBeUndefined();
  const text = (res.content[0] as { text: string }).text;
  try {
    return (JSON.parse(text) as { error: { code: string; message: string; request_id: string } }).error;
  } catch {
    return { code: 'sdk_validation', message: text, request_id: '' };
  }
}

/** get_task until the task ends (each call waits up to 20 s server-side). */
async function finished(client: Client, taskId: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const task = await ok(client, 'get_task', { task_id: taskId, wait_seconds: 20 });
    if (!['queued', 'running'].includes(task.status as string)) return task;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task.status}`);
  }
}

beforeAll(async () => {
  a = await orgWithKey(t.db, { name: 'MCP A', credits: 100_000 });
  b = await orgWithKey(t.db, { name: 'MCP B', credits: 100_000 });
  broke = await orgWithKey(t.db, { name: 'MCP broke', credits: 0 });
  server = await startRouteServer([
    { method: 'POST', path: '/api/mcp', handler: POST },
    { method: 'GET', path: '/api/mcp', handler: GET },
    { method: 'DELETE', path: '/api/mcp', handler: DELETE },
  ]);
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await server?.close();
  await shutdownExportPool();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
});

describe('an MCP client with an API key', () => {
  let client: Client;
  let runId = '';
  let taskId = '';

  it('initializes and lists the tools, each with an object input schema from the REST zod schemas', async () => {
    client = await connect(a.key);
    expect(client.getServerVersion()).toMatchObject({ name: 'docsmith' });
    expect(client.getInstructions()).toMatch(/get_task/);
    const { tools } = await client.listTools();
    const names = tools.map((x) => x.name).sort();
    expect(names).toEqual(
      ['analyze_workbook', 'export_run', 'generate_excel', 'generate_slides', 'generate_word', 'get_run', 'get_task', 'list_runs', 'upload_file'].sort(),
    );
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
    }
    const excel = tools.find((x) => x.name === 'generate_excel')!;
    expect(excel.inputSchema.required).toEqual(['prompt']);
    expect(Object.keys(excel.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['prompt', 'run_id', 'file_ids', 'webhook_url', 'wait_seconds', 'idempotency_key']),
    );
    expect(excel.inputSchema.properties).not.toHaveProperty('async');
    expect(tools.find((x) => x.name === 'generate_slides')!.inputSchema.properties).toHaveProperty('outline');
    expect(tools.find((x) => x.name === 'get_task')!.annotations?.readOnlyHint).toBe(true);
  });

  it('generates a workbook (async: queued at once), polls it to completion and downloads the xlsx; credits are debited once', async () => {
    const before = await balanceOf(t.db, a.orgId);
    const task = await ok(client, 'generate_excel', {
      prompt: 'A workbook with sheets "Revenue" and "Costs", columns Month, Amount',
      idempotency_key: 'mcp-gen-1',
    });
    expect(task).toMatchObject({ kind: 'generate', result: null });
    expect(['queued', 'running']).toContain(task.status);
    runId = task.run_id as string;
    taskId = task.task_id as string;
    expect(runId).toMatch(/^run_/);
    expect(taskId).toMatch(/^task_/);

    const done = await finished(client, taskId);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.progress).toBe(100);
    expect(done.result.summary).toMatch(/offline model/);
    expect(done.result.edit_url).toMatch(/\/api\/v1\/edit\/run_/);
    const file = await fetchSigned(done.result.download_url as string);
    expect(file.status).toBe(200);
    expect(file.bytes.subarray(0, 2).toString()).toBe('PK');
    expect(done.credits_used).toBeGreaterThan(0);
    expect(await balanceOf(t.db, a.orgId)).toBe(before - (done.credits_used as number));
  });

  it('honours idempotency_key: a retry returns the first answer and starts nothing; other arguments → idempotency_key_reused', async () => {
    const args = { prompt: 'A workbook with sheets "Revenue" and "Costs", columns Month, Amount', idempotency_key: 'mcp-gen-1' };
    const res = (await client.callTool({ name: 'generate_excel', arguments: args })) as CallToolResult;
    expect(res.isError).toBeFalsy();
    expect(res._meta).toMatchObject({ idempotent_replayed: true });
    expect(res.structuredContent).toMatchObject({ task_id: taskId, run_id: runId });
    expect(await t.db.task.count({ where: { runId } })).toBe(1);
    const err = await fails(client, 'generate_excel', { ...args, prompt: 'Something else' });
    expect(err.code).toBe('idempotency_key_reused');
    expect(await t.db.run.count({ where: { orgId: a.orgId } })).toBe(1);
  });

  it('lists the run and reads it with fresh URLs', async () => {
    const list = await ok(client, 'list_runs', { format: 'excel', limit: 5 });
    expect(list.items.map((r: { run_id: string }) => r.run_id)).toEqual([runId]);
    expect(list.next_cursor).toBeNull();
    const run = await ok(client, 'get_run', { run_id: runId, edit_mode: 'view' });
    expect(run).toMatchObject({ run_id: runId, format: 'excel', status: 'completed', current_version: 1 });
    expect(run.latest_task.task_id).toBe(taskId);
    expect((await fetchSigned(run.download_url as string)).status).toBe(200);
  });

  it('exports the run to csv (in process) through the REST export service', async () => {
    const csv = await ok(client, 'export_run', { run_id: runId, format: 'csv' });
    expect(csv).toMatchObject({ format: 'csv', run_id: runId, version: 1, content_type: 'text/csv; charset=utf-8' });
    const file = await fetchSigned(csv.download_url as string);
    expect(file.bytes.toString('utf8')).toMatch(/Month/);
  });

  it.skipIf(!hasLibreOffice)('exports the run to PDF', async () => {
    const pdf = await ok(client, 'export_run', { run_id: runId, format: 'pdf' });
    expect(pdf).toMatchObject({ format: 'pdf', run_id: runId, content_type: 'application/pdf', cached: false });
    const file = await fetchSigned(pdf.download_url as string);
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await ok(client, 'export_run', { run_id: runId, format: 'pdf' })).cached).toBe(true);
  });

  it('resumes the run with run_id (a second version), then answers a question about its workbook', async () => {
    const resumed = await ok(client, 'generate_excel', { run_id: runId, prompt: 'Add a sheet named "Forecast"', wait_seconds: 30 });
    expect(resumed.run_id).toBe(runId);
    const done = resumed.status === 'completed' ? resumed : await finished(client, resumed.task_id as string);
    expect(done.status).toBe('completed');
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).currentVersion).toBe(2);

    const analysis = await ok(client, 'analyze_workbook', { run_id: runId, prompt: 'Which sheets does this workbook have?', wait_seconds: 30 });
    const answered = analysis.status === 'completed' ? analysis : await finished(client, analysis.task_id as string);
    expect(answered).toMatchObject({ kind: 'analyze', status: 'completed', run_id: runId });
    expect(typeof answered.result.answer).toBe('string');
    expect(Array.isArray(answered.result.cells_used)).toBe(true);
  });

  it('uploads a file from base64 and builds from it; content that is not base64 or not a supported type is refused', async () => {
    const csv = 'Region,Sales\nNorth,120\nSouth,95\nEast,143\n';
    const file = await ok(client, 'upload_file', { filename: 'regions.csv', content_base64: Buffer.from(csv).toString('base64') });
    expect(file).toMatchObject({ name: 'regions.csv', mime: expect.stringMatching(/^text\/csv/), size: csv.length });
    expect(file.id).toMatch(/^file_/);
    const task = await ok(client, 'generate_excel', { prompt: 'Build a workbook from the attached figures', file_ids: [file.id], wait_seconds: 30 });
    const done = task.status === 'completed' ? task : await finished(client, task.task_id as string);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');

    expect((await fails(client, 'upload_file', { filename: 'x.csv', content_base64: 'not base64!' })).code).toBe('invalid_request');
    const binary = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10, 0x80]);
    expect((await fails(client, 'upload_file', { filename: 'blob.bin', content_base64: binary.toString('base64') })).code).toBe('unsupported_media_type');
    // past MAX_UPLOAD_BYTES once decoded: payload_too_large (far past it, the HTTP body: see the last test)
    const tooBig = Buffer.alloc(65_537, 'a').toString('base64');
    expect((await fails(client, 'upload_file', { filename: 'big.txt', content_base64: tooBig })).code).toBe('payload_too_large');
    expect(await t.db.fileObject.count({ where: { orgId: a.orgId } })).toBe(1);
  });

  it('refuses bad arguments like REST: unknown ones, out-of-range ones, a NUL character, an unknown task; nothing is created', async () => {
    const runs = await t.db.run.count();
    expect((await fails(client, 'generate_excel', { prompt: 'x', async: false })).message).toMatch(/async|Unrecognized|unrecognized/);
    expect((await fails(client, 'get_task', { task_id: 'task_x', wait_seconds: 600 })).message).toMatch(/wait_seconds/);
    expect((await fails(client, 'generate_word', { prompt: 'a\u0000b' })).code).toBe('invalid_request');
    expect((await fails(client, 'analyze_workbook', { prompt: 'Which sheets?' })).message).toMatch(/exactly one of file_id or run_id/);
    expect((await fails(client, 'get_task', { task_id: 'task_01JUNKUNKNOWN' })).code).toBe('not_found');
    expect(await t.db.run.count()).toBe(runs);
  });

  describe('with another organization’s key', () => {
    let other: Client;
    beforeAll(async () => {
      other = await connect(b.key);
    });

    it('the run and its task are not found, by any tool', async () => {
      for (const [name, args] of [
        ['get_task', { task_id: taskId }],
        ['get_run', { run_id: runId }],
        ['export_run', { run_id: runId, format: 'csv' }],
        ['generate_excel', { run_id: runId, prompt: 'Add a sheet named "Mine"' }],
        ['analyze_workbook', { run_id: runId, prompt: 'What is in it?' }],
      ] as const) {
        const err = await fails(other, name, args);
        expect(err.code, name).toBe('not_found');
        expect(err.message, name).toMatch(/not found/);
      }
      expect((await ok(other, 'list_runs', {})).items).toEqual([]);
      expect(await t.db.task.count({ where: { runId } })).toBe(3); // generate, resume, analyze: nothing was added by B
      expect(await t.db.run.count({ where: { orgId: b.orgId } })).toBe(0);
    });

    it('the same idempotency key in another org is its own key', async () => {
      const task = await ok(other, 'generate_excel', { prompt: 'A one-sheet workbook named "B"', idempotency_key: 'mcp-gen-1' });
      expect(task.run_id).not.toBe(runId);
      expect((await finished(other, task.task_id as string)).status).toBe('completed');
    });
  });

  it('an organization without credits cannot generate: insufficient_credits, and no run is created', async () => {
    const poor = await connect(broke.key);
    expect((await fails(poor, 'generate_excel', { prompt: 'A budget workbook' })).code).toBe('insufficient_credits');
    expect(await t.db.run.count({ where: { orgId: broke.orgId } })).toBe(0);
  });
});

describe('bad or missing keys', () => {
  const initialize = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  };
  const post = (headers: Record<string, string>) =>
    fetch(`${server.url}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify(initialize),
    });

  it('no key: 401 unauthorized in the REST error shape; the SDK client fails to connect with that status', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(res.headers.get('x-request-id')).toBe(body.error.request_id);
    const err = await connect('').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamableHTTPError);
    expect((err as StreamableHTTPError).code).toBe(401);
  });

  it('a malformed, an unknown or a revoked key: 401 invalid_api_key; Authorization: Bearer works like X-API-Key', async () => {
    const address = { 'x-forwarded-for': '203.0.113.10' };
    expect((await post({ ...address, 'x-api-key': 'dsk_nonsense' })).status).toBe(401);
    const unknown = await post({ ...address, authorization: `Bearer ${generateApiKey().secret}` });
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');

    const c = await orgWithKey(t.db, { name: 'MCP revoked' });
    const good = await post({ ...address, authorization: `Bearer ${c.key}` });
    expect(good.status).toBe(200);
    expect(good.headers.get('ratelimit-limit')).toMatch(/^\d+$/); // the key's request budget, as on REST
    expect(((await good.json()) as { result: { serverInfo: { name: string } } }).result.serverInfo.name).toBe('docsmith');
    await t.db.apiKey.updateMany({ where: { orgId: c.orgId }, data: { revokedAt: new Date() } });
    await announceKeysChanged(c.orgId); // as revokeApiKey does: instances forget the verified key
    const revoked = await post({ ...address, 'x-api-key': c.key });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
  });

  it('past API_KEY_FAILURE_LIMIT failed keys an address gets 429 with Retry-After, before any lookup; valid keys of other addresses still work', async () => {
    resetApiKeyBlocksForTests();
    const address = { 'x-forwarded-for': '203.0.113.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post({ ...address, 'x-api-key': generateApiKey().secret })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const blocked = await post({ ...address, 'x-api-key': generateApiKey().secret });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await post({ 'x-forwarded-for': '203.0.113.78', 'x-api-key': a.key })).status).toBe(200);
    resetApiKeyBlocksForTests();
  });

  it('a body past the room for MAX_UPLOAD_BYTES in base64 is refused with 413 before it is parsed', async () => {
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'upload_file', arguments: { filename: 'huge.txt', content_base64: 'a'.repeat(200_000) } },
    });
    // its own connection: the server stops reading the body and the connection is not reused
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.url}/api/mcp`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-api-key': a.key, 'mcp-protocol-version': '2025-06-18' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(413);
    expect(await t.db.fileObject.count({ where: { name: 'huge.txt' } })).toBe(0);
  });

  it('GET and DELETE answer 405 (a stateless server has no event stream or session)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${server.url}/api/mcp`, { method, headers: { 'x-api-key': a.key, accept: 'text/event-stream' } });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });
});
