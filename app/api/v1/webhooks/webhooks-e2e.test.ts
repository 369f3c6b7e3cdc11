// End to end on the embedded stack: a registered endpoint and a per-request webhook_url, real
// receivers on 127.0.0.1 (loopback allowed for this test), the generate endpoints, the local task
// worker and the delivery loop. Each gets exactly one signed run.completed / run.failed per task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { POST as analyze } from '@/app/api/v1/excel/analyze/route';
import { POST as excel } from '@/app/api/v1/excel/generate/route';
import { POST as uploadFile } from '@/app/api/v1/files/route';
import { GET as getTask } from '@/app/api/v1/tasks/[task_id]/route';
import { overrideEnv } from '@/server/test/override-env';
import { call } from '@/server/test/api-client';
import { fetchSigned, orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { setupTestDb } from '@/server/test/test-db';
import { startReceiver, type ReceivedRequest, type Receiver } from '@/server/webhooks/testing/receiver';
import { POST as createWebhook } from './route';
import { GET as signingSecret } from './signing-secret/route';

const SETTINGS = { WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_POLL_MS: '100' };
const restoreEnv = overrideEnv(SETTINGS);

const t = setupTestDb();
runLocalWorker();
let org = { orgId: '', key: '' };
let other = { orgId: '', key: '' };
let endpointRx: Receiver;
let requestRx: Receiver;
let otherRx: Receiver;
let endpointSecret = '';
let orgSecret = '';

beforeAll(async () => {
  org = await orgWithKey(t.db, { name: 'E2E Hooks' });
  other = await orgWithKey(t.db, { name: 'Other Hooks' });
  endpointRx = await startReceiver(() => ({ status: 200 }), '/registered');
  requestRx = await startReceiver(() => ({ status: 202 }), '/per-request');
  otherRx = await startReceiver(() => ({ status: 200 }), '/other');
  const ep = await call(createWebhook, 'POST', '/api/v1/webhooks', { key: org.key, json: { url: endpointRx.url } });
  expect(ep.status).toBe(201);
  endpointSecret = ep.json.secret;
  expect((await call(createWebhook, 'POST', '/api/v1/webhooks', { key: other.key, json: { url: otherRx.url } })).status).toBe(201);
  orgSecret = (await call(signingSecret, 'GET', '/api/v1/webhooks/signing-secret', { key: org.key })).json.secret;
});

afterAll(async () => {
  await Promise.all([endpointRx, requestRx, otherRx].map((r) => r?.close()));
  restoreEnv();
});

function eventsFor(rx: Receiver, taskId: string) {
  return rx.requests.filter((q) => (JSON.parse(q.body) as { data: { task_id: string } }).data.task_id === taskId);
}

async function eventFor(rx: Receiver, taskId: string, timeoutMs = 30_000): Promise<ReceivedRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [hit] = eventsFor(rx, taskId);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no webhook for ${taskId} at ${rx.url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function verified(req: ReceivedRequest, secret: string) {
  return new Webhook(secret).verify(req.body, req.headers as Record<string, string>) as { type: string; timestamp: string; data: Record<string, any> };
}

describe('webhooks end to end', () => {
  it('an async generation: the registered endpoint and the webhook_url each get one signed run.completed', async () => {
    const started = Date.now();
    const r = await call(excel, 'POST', '/api/v1/excel/generate', {
      key: org.key,
      json: { prompt: 'A workbook with a sheet named Pipeline, columns Stage, Deals', async: true, webhook_url: requestRx.url },
    });
    expect(r.status).toBe(202);
    const taskId = r.json.task_id as string;
    const [fromEndpoint, fromRequest] = await Promise.all([eventFor(endpointRx, taskId), eventFor(requestRx, taskId)]);
    console.log(`[webhooks] async excel → both webhooks received ${Date.now() - started} ms after the 202`);

    const e1 = verified(fromEndpoint, endpointSecret);
    const e2 = verified(fromRequest, orgSecret);
    // each is signed with its own secret only
    expect(() => verified(fromEndpoint, orgSecret)).toThrow();
    expect(() => verified(fromRequest, endpointSecret)).toThrow();
    for (const e of [e1, e2]) {
      expect(e.type).toBe('run.completed');
      expect(e.data).toMatchObject({ task_id: taskId, run_id: r.json.run_id, status: 'completed', error: null, credits_used: expect.any(Number) });
      expect(e.data.result.summary).toMatch(/offline model/);
      expect(e.data.result.download_url).toEqual(expect.any(String));
    }
    // the payload is the task object of GET /tasks/{id} (apart from freshly signed URLs and edit tokens)
    const polled = (await call(getTask, 'GET', `/api/v1/tasks/${taskId}`, { key: org.key, params: { task_id: taskId } })).json;
    const strip = (o: Record<string, any>) => ({ ...o, result: { ...o.result, download_url: null, edit_url: null, artifacts: o.result.artifacts.map((a: object) => ({ ...a, download_url: null })) } });
    expect(strip(e1.data)).toEqual(strip(polled));
    expect((await fetchSigned(e1.data.result.download_url as string)).status).toBe(200);
    expect(e1.data.result.edit_url).toMatch(new RegExp(`/api/v1/edit/${r.json.run_id}\\?token=`));

    expect(fromEndpoint.headers['webhook-id']).not.toBe(fromRequest.headers['webhook-id']);
    const deliveries = await t.db.webhookDelivery.findMany({ where: { taskId }, orderBy: { target: 'asc' } });
    expect(deliveries.map((d) => [d.target, d.status, d.attempts])).toEqual([
      ['endpoint', 'delivered', 1],
      ['webhook_url', 'delivered', 1],
    ]);
    expect(deliveries.map((d) => d.id).sort()).toEqual([fromEndpoint.headers['webhook-id'], fromRequest.headers['webhook-id']].sort());
    // nothing more arrives, and the other org's endpoint heard nothing of this task
    await new Promise((res) => setTimeout(res, 400));
    expect(eventsFor(endpointRx, taskId)).toHaveLength(1);
    expect(eventsFor(requestRx, taskId)).toHaveLength(1);
    expect(eventsFor(otherRx, taskId)).toHaveLength(0);
  });

  it('a failing task (analyze a text file): both get one signed run.failed with the error', async () => {
    const f = new FormData();
    f.append('file', new Blob([new TextEncoder().encode('just some notes, not a spreadsheet')]), 'notes.txt');
    const up = await uploadFile(new Request('http://localhost:3000/api/v1/files', { method: 'POST', headers: { 'x-api-key': org.key }, body: f }), {
      params: Promise.resolve({}),
    });
    expect(up.status).toBe(201);
    const fileId = ((await up.json()) as { id: string }).id;
    const r = await call(analyze, 'POST', '/api/v1/excel/analyze', {
      key: org.key,
      json: { file_id: fileId, prompt: 'What is the total?', async: true, webhook_url: requestRx.url },
    });
    expect(r.status).toBe(202);
    const taskId = r.json.task_id as string;
    const [fromEndpoint, fromRequest] = await Promise.all([eventFor(endpointRx, taskId), eventFor(requestRx, taskId)]);
    for (const e of [verified(fromEndpoint, endpointSecret), verified(fromRequest, orgSecret)]) {
      expect(e.type).toBe('run.failed');
      expect(e.data).toMatchObject({ task_id: taskId, status: 'failed', result: null, error: { code: 'unreadable_file', message: expect.any(String) } });
    }
    await new Promise((res) => setTimeout(res, 300));
    expect(eventsFor(endpointRx, taskId)).toHaveLength(1);
    expect(eventsFor(requestRx, taskId)).toHaveLength(1);
  });

  it('a sync generation without webhook_url still notifies the registered endpoint (and only it)', async () => {
    const r = await call(excel, 'POST', '/api/v1/excel/generate', { key: org.key, json: { prompt: 'A workbook with a sheet named Notes' } });
    expect(r.status).toBe(200);
    const e = verified(await eventFor(endpointRx, r.json.task_id as string), endpointSecret);
    expect(e.data).toMatchObject({ task_id: r.json.task_id, status: 'completed' });
    expect(eventsFor(requestRx, r.json.task_id as string)).toHaveLength(0);
  });
});
