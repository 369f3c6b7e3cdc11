// The SDK against the running app: every app/api/v1 route handler served over real HTTP (test
// database, local worker, local blob store, webhook delivery loop), used only through the SDK:
// a key minted through the API scopes a client, which generates a workbook, waits for the task,
// downloads a real xlsx, uploads a file, lists and exports the run; a webhook delivery received
// from the app verifies with the SDK (and a tampered body, another secret or an old one do not).
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '@/server/env';
import { startAppRouteServer } from '@/server/test/app-route-server';
import { orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import type { RouteServer } from '@/server/test/route-server';
import { setupTestDb } from '@/server/test/test-db';
import { startReceiver, type Receiver } from '@/server/webhooks/testing/receiver';
import {
  createDocsmithClient,
  DocsmithApiError,
  signWebhook,
  verifyWebhookSignature,
  WebhookSignatureError,
  type DocsmithClient,
  type DocsmithWebhookEvent,
} from './index';

// Deliveries to a receiver on 127.0.0.1, picked up quickly.
const SETTINGS: Record<string, string> = { WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_POLL_MS: '100' };
const saved: Record<string, string | undefined> = {};
for (const k of [...Object.keys(SETTINGS), 'APP_URL']) saved[k] = process.env[k];
Object.assign(process.env, SETTINGS);
resetEnvForTests();

const t = setupTestDb();
runLocalWorker();

let server: RouteServer;
let receiver: Receiver;
let owner = { orgId: '', key: '' };
let client: DocsmithClient;

beforeAll(async () => {
  server = await startAppRouteServer();
  // signed download URLs and edit URLs point at this server
  process.env.APP_URL = server.url;
  resetEnvForTests();
  receiver = await startReceiver(() => ({ status: 204 }));
  owner = await orgWithKey(t.db, { name: 'SDK Org', credits: 100_000 });
});

afterAll(async () => {
  await receiver?.close();
  await server?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
});

describe('the SDK against the app over HTTP', () => {
  let runId = '';
  let taskId = '';

  it('mints an API key through the API and scopes a client to it (base URL with or without /api/v1)', async () => {
    const admin = createDocsmithClient({ baseUrl: `${server.url}/api/v1/`, apiKey: owner.key });
    const { data, error, response } = await admin.api.POST('/organizations/{org_id}/api-keys', {
      params: { path: { org_id: owner.orgId } },
      body: { name: 'sdk test', scope: 'workspace' },
    });
    expect(response.status, JSON.stringify(error)).toBe(201);
    expect(data!.key).toMatch(/^dsk_/);
    client = createDocsmithClient({ baseUrl: server.url, apiKey: data!.key });
    const { data: me } = await client.api.GET('/verify');
    expect(me).toMatchObject({ org_id: owner.orgId, key: { name: 'sdk test', scope: 'workspace' } });
  });

  it('generates a workbook (async), waits for the task and downloads a real xlsx', async () => {
    const started = await client.generate.excel(
      {
        prompt: 'A workbook with sheets "Revenue" and "Costs", columns Month, Amount',
        async: true,
        webhook_url: receiver.url,
      },
      { idempotencyKey: 'sdk-excel-1' },
    );
    expect(started.status).toBe('queued');
    runId = started.run_id;
    taskId = started.task_id;

    const polled: string[] = [];
    const task = await client.waitForTask(taskId, {
      intervalMs: 100,
      timeoutMs: 60_000,
      onPoll: (x) => polled.push(x.status),
    });
    expect(task.status, JSON.stringify(task.error)).toBe('completed');
    expect(polled.at(-1)).toBe('completed');
    expect(task.result?.summary).toMatch(/offline model/);

    const file = await client.runs.download(runId);
    expect(file.contentType).toMatch(/spreadsheetml/);
    expect(file.fileName).toMatch(/\.xlsx$/);
    const zip = await JSZip.loadAsync(file.bytes);
    expect(zip.file('xl/workbook.xml')).not.toBeNull();
    const workbookXml = await zip.file('xl/workbook.xml')!.async('string');
    expect(workbookXml).toContain('name="Revenue"');
    expect(workbookXml).toContain('name="Costs"');

    // the task result's signed URL serves the same bytes
    const again = await client.downloadUrl(task.result!.download_url!);
    expect(Buffer.from(again.bytes).equals(Buffer.from(file.bytes))).toBe(true);
  });

  it('replays an idempotent generate call without starting a task', async () => {
    const replay = await client.generate.excel(
      {
        prompt: 'A workbook with sheets "Revenue" and "Costs", columns Month, Amount',
        async: true,
        webhook_url: receiver.url,
      },
      { idempotencyKey: 'sdk-excel-1' },
    );
    expect(replay).toMatchObject({ run_id: runId, task_id: taskId });
    expect(await t.db.task.count({ where: { runId } })).toBe(1);
  });

  it('lists and exports the run, uploads a file, and generates text (sync)', async () => {
    const list = await client.runs.list({ format: 'excel', limit: 5 });
    expect(list.items.map((r) => r.run_id)).toEqual([runId]);
    const csv = await client.runs.export(runId, { format: 'csv', sheet: 'Costs' });
    expect(csv).toMatchObject({ format: 'csv', run_id: runId, cached: false });
    expect(new TextDecoder().decode((await client.downloadUrl(csv.download_url)).bytes)).toMatch(
      /^Month,Amount\r\n[^]*^Total,\d+/m, // the Costs sheet's table (the offline model's title rows may change)
    );

    const uploaded = await client.files.upload(
      new Blob(['Region,Amount\nNorth,10\nSouth,20\n'], { type: 'text/csv' }),
      'regions.csv',
    );
    expect(uploaded).toMatchObject({ name: 'regions.csv', mime: 'text/csv' });
    expect(uploaded.id).toMatch(/^file_/);

    const text = await client.generate.text({ prompt: 'Two sentences about spreadsheets' });
    expect(text.status).toBe('completed');
    expect(text.text?.length).toBeGreaterThan(10);
  });

  it('throws DocsmithApiError with the API error code (a task of another org, an empty prompt); waits for a slides task', async () => {
    const other = await orgWithKey(t.db, { name: 'SDK Other' });
    const stranger = createDocsmithClient({ baseUrl: server.url, apiKey: other.key });
    const notFound = await stranger.getTask(taskId).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(DocsmithApiError);
    expect(notFound).toMatchObject({ status: 404, code: 'not_found', requestId: expect.stringMatching(/^req_/) });
    const bad = await client.generate.word({ prompt: '' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 'invalid_request' });

    // a slides task, waited for through the same client
    const slides = await client.generate.slides({ prompt: 'A 5-slide deck about composting', async: true });
    const done = await client.waitForTask(slides.task_id, { intervalMs: 100, timeoutMs: 60_000 });
    expect(done).toMatchObject({ status: 'completed', kind: 'generate' });
    expect((await client.runs.download(slides.run_id)).fileName).toMatch(/\.pptx$/);
  });

  it('verifies the webhook the app delivered for the task; a tampered body, another secret or a stale delivery fail', async () => {
    const { data } = await createDocsmithClient({ baseUrl: server.url, apiKey: owner.key }).api.GET(
      '/webhooks/signing-secret',
    );
    const secret = data!.secret;
    expect(secret).toMatch(/^whsec_/);
    const [req] = await receiver.waitFor(1, 30_000);
    const event: DocsmithWebhookEvent = verifyWebhookSignature(secret, req!.body, req!.headers);
    expect(event).toMatchObject({
      type: 'run.completed',
      data: { task_id: taskId, run_id: runId, status: 'completed' },
    });
    // Headers objects work as well as Node's header records
    expect(
      verifyWebhookSignature(secret, req!.body, new Headers(req!.headers as Record<string, string>)).data.task_id,
    ).toBe(taskId);

    const tampered = req!.body.replace('"completed"', '"failed"');
    expect(tampered).not.toBe(req!.body);
    expect(() => verifyWebhookSignature(secret, tampered, req!.headers)).toThrow(WebhookSignatureError);
    const otherSecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(() => verifyWebhookSignature(otherSecret, req!.body, req!.headers)).toThrow(WebhookSignatureError);
    expect(() => verifyWebhookSignature(secret, req!.body, {})).toThrow(WebhookSignatureError);
    // signed with the right secret but 10 minutes ago: refused (replay window is 5 minutes)
    const old = signWebhook(secret, 'msg_old', req!.body, new Date(Date.now() - 10 * 60_000));
    expect(() => verifyWebhookSignature(secret, req!.body, old)).toThrow(/timestamp/i);
    const fresh = signWebhook(secret, 'msg_new', req!.body);
    expect(verifyWebhookSignature(secret, req!.body, fresh).data.task_id).toBe(taskId);
  });
});
