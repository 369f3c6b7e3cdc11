// Edit tokens are never stored with a webhook delivery: the stored event carries no URL, and each
// attempt mints its own edit_url (and signs its own download_url) when it is sent. A real
// generation on the embedded stack (local worker, delivery loop), a registered endpoint that
// echoes what it gets (so its stored answer would hold the token) and a per-request webhook_url,
// both real receivers on 127.0.0.1; then a redelivery through the local loop and one through the
// Inngest function (deliver-webhook under @inngest/test).
import { InngestTestEngine } from '@inngest/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { POST as excel } from '@/app/api/v1/excel/generate/route';
import { GET as openEditor } from '@/app/api/v1/edit/[run_id]/route';
import { GET as getDoc } from '@/app/api/v1/edit/[run_id]/document/route';
import { hashEditToken } from '../edit-sessions/edit-token';
import { overrideEnv } from '../test/override-env';
import { stopLocalWorker } from '../jobs/executor';
import { call } from '../test/api-client';
import { fetchSigned, orgWithKey, runLocalWorker } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { createWebhookEndpoint } from './create-endpoint';
import { WEBHOOK_DELIVERY_EVENT } from './dispatch-deliveries';
import { deliverWebhookFunction } from './inngest-delivery-functions';
import { revealOrgSigningSecret } from './org-signing-secret';
import { redeliverWebhook } from './redeliver';
import { startReceiver, type ReceivedRequest, type Receiver } from './testing/receiver';

const SETTINGS = { WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_POLL_MS: '100' };
const restoreEnv = overrideEnv(SETTINGS);

const t = setupTestDb();
runLocalWorker();
const LOOPBACK = { allowLoopback: true, allowPrivateNetworks: false, allowHttp: true };
let org = { orgId: '', key: '' };
let echoRx: Receiver;
let requestRx: Receiver;
let endpointSecret = '';
let orgSecret = '';
let taskId = '';
let runId = '';

beforeAll(async () => {
  org = await orgWithKey(t.db, { name: 'Edit URL Hooks' });
  // Answers with the body it got: a stored answer would carry the token if nothing cut it out.
  echoRx = await startReceiver((_n, req) => ({ status: 200, body: req.body }), '/echo');
  requestRx = await startReceiver(() => ({ status: 202 }), '/per-request');
  endpointSecret = (await createWebhookEndpoint(t.db, { orgId: org.orgId, role: 'owner' }, { url: echoRx.url }, { policy: LOOPBACK })).secret;
  orgSecret = (await revealOrgSigningSecret(t.db, { orgId: org.orgId, role: 'owner' })).secret;
  const r = await call(excel, 'POST', '/api/v1/excel/generate', {
    key: org.key,
    json: { prompt: 'A workbook with a sheet named Pipeline, columns Stage, Deals', webhook_url: requestRx.url },
  });
  expect(r.status).toBe(200);
  taskId = r.json.task_id;
  runId = r.json.run_id;
}, 120_000);

afterAll(async () => {
  await Promise.all([echoRx, requestRx].map((r) => r?.close()));
  restoreEnv();
});

type TaskEvent = { type: string; data: { task_id: string; result: { edit_url: string | null; download_url: string | null } } };

async function nthEvent(rx: Receiver, n: number, timeoutMs = 30_000): Promise<ReceivedRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hits = rx.requests.filter((q) => (JSON.parse(q.body) as TaskEvent).data.task_id === taskId);
    if (hits[n - 1]) return hits[n - 1]!;
    if (Date.now() > deadline) throw new Error(`no webhook #${n} for ${taskId} at ${rx.url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every column of every delivery and attempt row of the org, as the database holds it. */
async function storedRows(): Promise<string> {
  const deliveries = await t.db.$queryRaw<{ row: string }[]>`SELECT d::text AS "row" FROM "WebhookDelivery" d WHERE d."orgId" = ${org.orgId}`;
  const attempts = await t.db.$queryRaw<{ row: string }[]>`
    SELECT a::text AS "row" FROM "WebhookAttempt" a JOIN "WebhookDelivery" d ON d."id" = a."deliveryId" WHERE d."orgId" = ${org.orgId}`;
  expect(deliveries.length).toBeGreaterThan(0);
  expect(attempts.length).toBeGreaterThan(0);
  return [...deliveries, ...attempts].map((r) => r.row).join('\n');
}

/** The edit_url of a received, verified event, checked to open the editor (not 404). */
async function workingEditUrl(req: ReceivedRequest, secret: string): Promise<string> {
  const e = new Webhook(secret).verify(req.body, req.headers as Record<string, string>) as TaskEvent;
  expect(e.type).toBe('run.completed');
  const editUrl = e.data.result.edit_url!;
  expect(editUrl).toMatch(new RegExp(`/api/v1/edit/${runId}\\?token=edt_[A-Za-z0-9_-]{43}$`));
  const token = new URL(editUrl).searchParams.get('token')!;
  const page = await call(openEditor, 'GET', `/api/v1/edit/${runId}?token=${token}`, { params: { run_id: runId } });
  expect(page.status).toBe(302);
  expect(page.headers.get('location')).toBe(`/edit/${runId}?token=${token}`);
  const doc = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: runId } });
  expect(doc.status).toBe(200);
  expect(doc.json.read_only).toBe(false);
  // its session is stored hashed
  expect(await t.db.editSession.count({ where: { tokenHash: hashEditToken(token), runId, orgId: org.orgId } })).toBe(1);
  expect((await fetchSigned(e.data.result.download_url!)).status).toBe(200);
  return editUrl;
}

describe('edit_url minted at send time', () => {
  it('no delivery or attempt row holds an edit token, while both receivers got a working edit_url', async () => {
    const [fromEndpoint, fromRequest] = await Promise.all([nthEvent(echoRx, 1), nthEvent(requestRx, 1)]);
    const urls = [await workingEditUrl(fromEndpoint, endpointSecret), await workingEditUrl(fromRequest, orgSecret)];
    expect(urls[0]).not.toBe(urls[1]); // one edit session per attempt

    const rows = await storedRows();
    expect(rows).not.toContain('edt_');
    expect(rows).toContain('[edit token removed]'); // the echoing receiver's answer, as stored
    const deliveries = await t.db.webhookDelivery.findMany({ where: { taskId }, orderBy: { target: 'asc' } });
    expect(deliveries.map((d) => [d.target, d.status])).toEqual([
      ['endpoint', 'delivered'],
      ['webhook_url', 'delivered'],
    ]);
    for (const d of deliveries) {
      expect(d.payload).toMatchObject({ type: 'run.completed', data: { task_id: taskId, status: 'completed', result: { edit_url: null, download_url: null } } });
    }
  });

  it('a redelivery (local loop) mints a fresh, working edit_url; still nothing stored', async () => {
    const first = await nthEvent(requestRx, 1);
    const original = await t.db.webhookDelivery.findFirstOrThrow({ where: { taskId, target: 'webhook_url', redeliveryOfId: null } });
    const again = await redeliverWebhook(t.db, { orgId: org.orgId, role: 'owner' }, original.id);
    const second = await nthEvent(requestRx, 2);
    expect(second.headers['webhook-id']).toBe(again.id);
    const [u1, u2] = [await workingEditUrl(first, orgSecret), await workingEditUrl(second, orgSecret)];
    expect(u2).not.toBe(u1);
    expect(await storedRows()).not.toContain('edt_');
  });

  it('under Inngest (deliver-webhook) the edit_url is minted at send time the same way', async () => {
    await stopLocalWorker(); // no local loop from here on: only the Inngest function sends
    const original = await t.db.webhookDelivery.findFirstOrThrow({ where: { taskId, target: 'endpoint', redeliveryOfId: null } });
    const again = await redeliverWebhook(t.db, { orgId: org.orgId, role: 'owner' }, original.id);
    expect(again.payload).toMatchObject({ data: { result: { edit_url: null } } });
    const engine = new InngestTestEngine({ function: deliverWebhookFunction });
    const { result, error } = await engine.execute({ events: [{ name: WEBHOOK_DELIVERY_EVENT, data: { deliveryId: again.id } }] as never });
    expect(error).toBeUndefined();
    expect(result).toEqual({ deliveryId: again.id, status: 'delivered', attempts: 1 });
    const sent = await nthEvent(echoRx, 2);
    expect(sent.headers['webhook-id']).toBe(again.id);
    expect(await workingEditUrl(sent, endpointSecret)).not.toBe(await workingEditUrl(await nthEvent(echoRx, 1), endpointSecret));
    expect(JSON.stringify(result)).not.toContain('edt_'); // nor in what Inngest memoizes
    expect(await storedRows()).not.toContain('edt_');
  });
});
