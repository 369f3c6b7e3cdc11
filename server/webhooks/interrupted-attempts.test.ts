// Attempts interrupted by a crash. A process that dies mid-attempt leaves its claim in the
// database — the delivery's attempt number taken, its lease running, the attempt row open — and
// nothing else. Here the "crashed process" takes the claim (and even sends the request) and then
// records nothing; a delivery loop started afterwards (the restarted process) must finish the job:
// retry it after the lease under the same webhook-id, or close it when no attempt is left — and
// never leave an attempt row open.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../db/ids';
import { orgWithKey } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import type { DeliveryDeps } from './attempt-delivery';
import { claimDueDeliveries, INTERRUPTED_ATTEMPT } from './claim-deliveries';
import { createWebhookEndpoint } from './create-endpoint';
import { DeliveryLoop } from './delivery-loop';
import { drainDueDeliveries } from './drain-deliveries';
import { sendWebhook } from './send-webhook';
import { signatureHeaders } from './signing';
import { startReceiver, type Receiver } from './testing/receiver';

const t = setupTestDb();
const LOOPBACK = { allowLoopback: true, allowPrivateNetworks: false, allowHttp: true };
const LEASE_MS = 400;
let orgId = '';
const receivers: Receiver[] = [];
const loops: DeliveryLoop[] = [];

beforeAll(async () => {
  ({ orgId } = await orgWithKey(t.db, { name: 'Crash Org' }));
});
afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.stop()));
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

function deps(maxAttempts = 8): DeliveryDeps {
  return { policy: LOOPBACK, timeoutMs: 2_000, retry: { maxAttempts, baseMs: 50, factor: 2, maxMs: 10_000, jitter: 0 } };
}

async function setup(answer: number) {
  const r = await startReceiver(() => ({ status: answer }));
  receivers.push(r);
  const ep = await createWebhookEndpoint(t.db, { orgId, role: 'owner' }, { url: r.url }, { policy: LOOPBACK });
  const payload = { type: 'run.completed', timestamp: new Date().toISOString(), data: { task_id: 'task_crash', status: 'completed' } };
  const d = await t.db.webhookDelivery.create({
    data: { id: newId('whd'), orgId, endpointId: ep.id, url: r.url, event: 'run.completed', payload, nextAttemptAt: new Date() },
  });
  return { r, ep, d };
}

/** The process that dies: claims the delivery, sends it, and is gone before writing the outcome. */
async function crashMidAttempt(deliveryId: string, url: string, secret: string, maxAttempts = 8) {
  claimedAt = Date.now();
  const [claim] = await claimDueDeliveries(t.db, { limit: 1, leaseMs: LEASE_MS, maxAttempts, deliveryId });
  expect(claim).toBeDefined();
  const body = JSON.stringify({ type: 'run.completed', data: { task_id: 'task_crash' } });
  await sendWebhook(url, body, signatureHeaders(secret, deliveryId, body), { timeoutMs: 2_000, policy: LOOPBACK });
  return claim!;
}

/** When the dead process claimed (its lease runs from then, not from when its send returned). */
let claimedAt = 0;

function restartedLoop(d: DeliveryDeps) {
  const l = new DeliveryLoop(t.db, { pollMs: 50, deps: d });
  loops.push(l);
  l.start();
  return l;
}

async function settled(id: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id }, include: { attemptLog: { orderBy: { number: 'asc' } } } });
    if (d.status !== 'pending') return d;
    if (Date.now() > deadline) throw new Error(`delivery ${id} still pending after ${timeoutMs} ms (attempts ${d.attempts})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('an attempt interrupted by a crash', () => {
  it('is retried by the restarted loop once its lease runs out, under the same webhook-id, and its row is closed as interrupted', async () => {
    const { r, ep, d } = await setup(200);
    const claim = await crashMidAttempt(d.id, r.url, ep.secret);
    expect(claim.number).toBe(1);
    restartedLoop(deps());
    const done = await settled(d.id);
    const retriedAfter = Date.now() - claimedAt;
    console.log(`[webhooks] crash mid-attempt: retried and delivered ${retriedAfter} ms after the crash (lease ${LEASE_MS} ms)`);
    expect(retriedAfter).toBeGreaterThanOrEqual(LEASE_MS - 50); // not while the dead process's claim held
    expect(done).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(done.attemptLog.map((a) => ({ number: a.number, open: a.finishedAt === null, error: a.error, statusCode: a.statusCode }))).toEqual([
      { number: 1, open: false, error: INTERRUPTED_ATTEMPT, statusCode: null },
      { number: 2, open: false, error: null, statusCode: 200 },
    ]);
    // the receiver saw the dead process's request and the retry: one webhook-id to deduplicate on
    expect(r.requests.map((q) => q.headers['webhook-id'])).toEqual([d.id, d.id]);
  });

  it('when it was the last attempt, the delivery is failed with the attempt closed as interrupted (never pending for ever)', async () => {
    const { r, ep, d } = await setup(500);
    await t.db.webhookDelivery.update({ where: { id: d.id }, data: { attempts: 2 } });
    const claim = await crashMidAttempt(d.id, r.url, ep.secret, 3);
    expect(claim.number).toBe(3);
    restartedLoop(deps(3));
    const done = await settled(d.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null });
    expect(done.lastResponse).toMatchObject({ attempt: 3, status_code: null, error: INTERRUPTED_ATTEMPT });
    expect(done.attemptLog.map((a) => [a.number, a.finishedAt !== null, a.error])).toEqual([[3, true, INTERRUPTED_ATTEMPT]]);
    expect(r.requests).toHaveLength(1); // nothing was sent after the last attempt
  });

  it('when its endpoint was deleted meanwhile, the delivery and the open attempt are closed', async () => {
    const { r, ep, d } = await setup(200);
    await crashMidAttempt(d.id, r.url, ep.secret);
    await t.db.webhookEndpoint.delete({ where: { id: ep.id } });
    await new Promise((res) => setTimeout(res, LEASE_MS + 50));
    expect(await drainDueDeliveries(t.db, { deps: deps() })).toEqual([]);
    const done = await settled(d.id);
    expect(done).toMatchObject({ status: 'failed', lastResponse: { error: 'the endpoint was deleted or disabled' } });
    expect(done.attemptLog.map((a) => [a.number, a.finishedAt !== null, a.error])).toEqual([[1, true, INTERRUPTED_ATTEMPT]]);
    expect(await t.db.webhookAttempt.count({ where: { finishedAt: null, delivery: { orgId } } })).toBe(0);
  });
});
