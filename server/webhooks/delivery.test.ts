// Durable delivery against real HTTP receivers on 127.0.0.1 and the real database: retries with
// growing gaps and one webhook-id, the attempt budget, 410, Retry-After, timeouts, leased claims
// shared by several loops, and Standard Webhooks signatures checked with the library's verify.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { orgWithKey } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { newId } from '../db/ids';
import { attemptDelivery, type DeliveryDeps } from './attempt-delivery';
import { claimDueDeliveries, INTERRUPTED_ATTEMPT } from './claim-deliveries';
import { createWebhookEndpoint } from './create-endpoint';
import { DeliveryLoop } from './delivery-loop';
import { drainDueDeliveries } from './drain-deliveries';
import { backoffMs, nextDelayMs, parseRetryAfter } from './retry-schedule';
import { signatureHeaders } from './signing';
import { startReceiver, type Receiver, type ScriptedAnswer } from './testing/receiver';

const t = setupTestDb();
const LOOPBACK = { allowLoopback: true, allowPrivateNetworks: false, allowHttp: true };
let orgId = '';
const receivers: Receiver[] = [];
const loops: DeliveryLoop[] = [];

beforeAll(async () => {
  ({ orgId } = await orgWithKey(t.db, { name: 'Webhook Org' }));
});
afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.stop()));
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(script: (n: number) => ScriptedAnswer) {
  const r = await startReceiver(script);
  receivers.push(r);
  return r;
}

function deps(retry: Partial<DeliveryDeps['retry']> = {}, timeoutMs = 2_000): DeliveryDeps {
  return { policy: LOOPBACK, timeoutMs, retry: { maxAttempts: 8, baseMs: 60, factor: 2, maxMs: 10_000, jitter: 0.2, ...retry } };
}

async function endpoint(url: string) {
  return createWebhookEndpoint(t.db, { orgId, role: 'owner' }, { url }, { policy: LOOPBACK });
}

async function delivery(endpointId: string, url: string) {
  const payload = { type: 'run.completed', timestamp: new Date().toISOString(), data: { task_id: 'task_x', run_id: 'run_x', status: 'completed' } };
  return t.db.webhookDelivery.create({
    data: { id: newId('whd'), orgId, endpointId, url, event: 'run.completed', payload, nextAttemptAt: new Date() },
  });
}

function loop(d: DeliveryDeps, concurrency = 4) {
  const l = new DeliveryLoop(t.db, { pollMs: 25, concurrency, deps: d });
  loops.push(l);
  l.start();
  return l;
}

async function settled(id: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id }, include: { attemptLog: { orderBy: { number: 'asc' } } } });
    if (d.status !== 'pending') return d;
    if (Date.now() > deadline) throw new Error(`delivery ${id} still pending after ${timeoutMs} ms (attempts ${d.attempts})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const gaps = (times: number[]) => times.slice(1).map((at, i) => Math.round(at - times[i]!));

describe('retry schedule', () => {
  it('grows exponentially within the jitter band, honours Retry-After and stops after the last attempt', () => {
    const cfg = { maxAttempts: 8, baseMs: 15_000, factor: 4, maxMs: 43_200_000, jitter: 0.2 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(n, cfg, () => 0.5))).toEqual([15_000, 60_000, 240_000, 960_000, 3_840_000, 15_360_000, 43_200_000]);
    expect(backoffMs(1, cfg, () => 0)).toBe(12_000);
    expect(backoffMs(1, cfg, () => 1)).toBe(18_000);
    expect(nextDelayMs(8, undefined, cfg)).toBeNull();
    expect(nextDelayMs(1, 120_000, cfg, () => 0.5)).toBe(120_000);
    expect(nextDelayMs(1, 5, cfg, () => 0.5)).toBe(15_000);
    expect(parseRetryAfter('7')).toBe(7_000);
    expect(parseRetryAfter(new Date(Date.now() + 30_000).toUTCString())).toBeGreaterThan(28_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('delivery', () => {
  it('fails 3 times then succeeds: exactly 4 attempts, growing gaps, one stable webhook-id, a verifiable signature', async () => {
    // Warm-up: the first use of each query shape pays Prisma's one-off query compilation, which
    // would otherwise land in the first measured gap.
    const warm = await receiver((n) => ({ status: n === 1 ? 500 : 200 }));
    const warmEp = await endpoint(warm.url);
    const warmD = await delivery(warmEp.id, warm.url);
    const warmLoop = loop(deps({ baseMs: 1 }));
    await settled(warmD.id);
    await warmLoop.stop();

    const r = await receiver((n) => (n <= 3 ? { status: 500 } : { status: 204 }));
    const ep = await endpoint(r.url);
    const d = await delivery(ep.id, r.url);
    // Gaps long enough to dominate the bookkeeping (~50–150 ms per attempt on embedded PGlite).
    loop(deps({ baseMs: 300, factor: 3 }));
    const done = await settled(d.id);
    expect(done.status).toBe('delivered');
    expect(done.attempts).toBe(4);
    expect(done.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 500, 204]);
    expect(done.attemptLog.every((a) => a.finishedAt)).toBe(true);
    expect(r.requests).toHaveLength(4);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id']))).toEqual(new Set([d.id]));
    const g = gaps(r.requests.map((q) => q.at));
    console.log(`[webhooks] 3 failures then success: gaps ${g.join(', ')} ms (nominal 300, 900, 2700 ± 20 %)`);
    expect(g[1]!).toBeGreaterThan(g[0]!);
    expect(g[2]!).toBeGreaterThan(g[1]!);
    // each gap is the backoff (within its jitter band), plus a little bookkeeping
    [300, 900, 2700].forEach((nominal, i) => {
      expect(g[i]!).toBeGreaterThanOrEqual(nominal * 0.8 - 2);
      expect(g[i]!).toBeLessThan(nominal * 1.2 + 1000);
    });
    // every attempt verifies with the endpoint secret (Standard Webhooks' own verify)
    for (const q of r.requests) {
      expect(new Webhook(ep.secret).verify(q.body, q.headers as Record<string, string>)).toMatchObject({ type: 'run.completed' });
    }
  });

  it('a receiver that always fails gets exactly 8 attempts, then the delivery is failed', async () => {
    const r = await receiver(() => ({ status: 503, body: 'down for maintenance' }));
    const ep = await endpoint(r.url);
    const d = await delivery(ep.id, r.url);
    loop(deps({ baseMs: 20, factor: 1.5 }));
    const done = await settled(d.id);
    await new Promise((res) => setTimeout(res, 300)); // nothing more arrives
    expect(done.status).toBe('failed');
    expect(done.attempts).toBe(8);
    expect(done.attemptLog.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r.requests).toHaveLength(8);
    expect(done.nextAttemptAt).toBeNull();
    expect(done.lastResponse).toMatchObject({ attempt: 8, status_code: 503, body: 'down for maintenance' });
    console.log(`[webhooks] always failing: 8 attempts, gaps ${gaps(r.requests.map((q) => q.at)).join(', ')} ms`);
  });

  it('410 Gone disables the endpoint and closes its other pending deliveries', async () => {
    const r = await receiver(() => ({ status: 410 }));
    const ep = await endpoint(r.url);
    const first = await delivery(ep.id, r.url);
    const claims = await claimDueDeliveries(t.db, { limit: 1, leaseMs: 30_000, maxAttempts: 8, deliveryId: first.id });
    const second = await delivery(ep.id, r.url);
    const outcome = await attemptDelivery(t.db, claims[0]!, deps());
    expect(outcome).toMatchObject({ status: 'failed', statusCode: 410 });
    const row = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(row.disabledAt).not.toBeNull();
    expect(row.disabledReason).toMatch(/410/);
    expect(await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ status: 'failed', attempts: 0 });
    // nothing is claimed for a disabled endpoint any more
    await t.db.webhookDelivery.update({ where: { id: second.id }, data: { status: 'pending' } });
    expect(await claimDueDeliveries(t.db, { limit: 5, leaseMs: 30_000, maxAttempts: 8, deliveryId: second.id })).toEqual([]);
    expect(r.requests).toHaveLength(1);
  });

  it('honours Retry-After: the next attempt waits for it, not for the (shorter) backoff', async () => {
    const r = await receiver((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const ep = await endpoint(r.url);
    const d = await delivery(ep.id, r.url);
    loop(deps({ baseMs: 30 }));
    const done = await settled(d.id);
    expect(done.status).toBe('delivered');
    const [gap] = gaps(r.requests.map((q) => q.at));
    console.log(`[webhooks] Retry-After: 1 → gap ${gap} ms (backoff alone would be ~30 ms)`);
    expect(gap!).toBeGreaterThanOrEqual(1000);
    expect(gap!).toBeLessThan(2500);
  });

  it('a slow receiver hits the attempt timeout and that counts as a failed attempt', async () => {
    const r = await receiver((n) => (n === 1 ? { status: 200, delayMs: 3_000 } : { status: 200 }));
    const ep = await endpoint(r.url);
    const d = await delivery(ep.id, r.url);
    loop(deps({ baseMs: 30 }, 300));
    const done = await settled(d.id);
    expect(done.status).toBe('delivered');
    expect(done.attempts).toBe(2);
    const [slow, fast] = done.attemptLog;
    expect(slow).toMatchObject({ number: 1, statusCode: null, error: 'timed out after 300 ms' });
    expect(slow!.durationMs).toBeGreaterThanOrEqual(295);
    expect(slow!.durationMs).toBeLessThan(1500);
    expect(fast).toMatchObject({ number: 2, statusCode: 200, error: null });
  });

  it('several loops share the queue without sending any attempt twice', async () => {
    const r = await receiver(() => ({ status: 200 }));
    const ep = await endpoint(r.url);
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push((await delivery(ep.id, r.url)).id);
    const d = deps();
    loop(d, 3);
    loop(d, 3);
    loop(d, 3);
    for (const id of ids) expect((await settled(id)).status).toBe('delivered');
    expect(r.requests).toHaveLength(12);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id']))).toEqual(new Set(ids));
    expect(await t.db.webhookAttempt.count({ where: { deliveryId: { in: ids } } })).toBe(12);
  });

  it('an attempt interrupted mid-flight (process died) is retried after its lease, under the same webhook-id', async () => {
    const r = await receiver(() => ({ status: 200 }));
    const ep = await endpoint(r.url);
    const d = await delivery(ep.id, r.url);
    const [claim] = await claimDueDeliveries(t.db, { limit: 1, leaseMs: 100, maxAttempts: 8, deliveryId: d.id });
    expect(claim).toEqual({ deliveryId: d.id, number: 1, targetKey: `endpoint:${ep.id}` });
    // … and the process dies: nothing recorded. While the lease holds nobody else takes it.
    expect(await drainDueDeliveries(t.db, { deps: deps() })).toEqual([]);
    await new Promise((res) => setTimeout(res, 150));
    const outcomes = await drainDueDeliveries(t.db, { deps: deps() });
    expect(outcomes).toEqual([expect.objectContaining({ deliveryId: d.id, number: 2, status: 'delivered' })]);
    const done = await settled(d.id);
    // the interrupted attempt is closed as such by the claim of the next one (never left open)
    expect(done.attemptLog.map((a) => [a.number, a.finishedAt !== null, a.error])).toEqual([
      [1, true, INTERRUPTED_ATTEMPT],
      [2, true, null],
    ]);
    expect(r.requests.map((q) => q.headers['webhook-id'])).toEqual([d.id]);
  });
});

describe('signatures (Standard Webhooks)', () => {
  it("verify with the library's Webhook.verify; a tampered body or a 6-minute-old timestamp fails", async () => {
    const ep = await endpoint('http://127.0.0.1:9/never');
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: 'run.failed', data: { task_id: 'task_1' } });
    const wh = new Webhook(ep.secret);
    const headers = signatureHeaders(ep.secret, 'whd_1', body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(wh.verify(body, headers)).toEqual({ type: 'run.failed', data: { task_id: 'task_1' } });
    expect(() => wh.verify(body.replace('task_1', 'task_2'), headers)).toThrow(/signature/i);
    expect(() => wh.verify(body, { ...headers, 'webhook-id': 'whd_2' })).toThrow(/signature/i);
    const old = signatureHeaders(ep.secret, 'whd_1', body, new Date(Date.now() - 6 * 60_000));
    expect(() => wh.verify(body, old)).toThrow(/too old/);
    const other = await endpoint('http://127.0.0.1:9/other');
    expect(() => new Webhook(other.secret).verify(body, headers)).toThrow(/signature/i);
  });
});
