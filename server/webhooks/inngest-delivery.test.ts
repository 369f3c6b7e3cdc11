// EXECUTOR=inngest delivery: @inngest/test's engine runs deliver-webhook — the same claim/attempt
// service as the local loop — against a real receiver on 127.0.0.1 and the test database.
import { InngestTestEngine } from '@inngest/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../db/ids';
import { resetEnvForTests } from '../env';
import { orgWithKey } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { claimDueDeliveries, INTERRUPTED_ATTEMPT } from './claim-deliveries';
import { WEBHOOK_DELIVERY_EVENT } from './dispatch-deliveries';
import { deliverWebhookFunction, sweepWebhookDeliveriesFunction } from './inngest-delivery-functions';
import { startReceiver, type Receiver } from './testing/receiver';

const t = setupTestDb();
const saved = { ...process.env };
let orgId = '';
const receivers: Receiver[] = [];

beforeAll(async () => {
  Object.assign(process.env, { WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_RETRY_FACTOR: '2' });
  resetEnvForTests();
  ({ orgId } = await orgWithKey(t.db, { name: 'Inngest Hooks' }));
});
afterAll(async () => {
  for (const k of ['WEBHOOK_ALLOW_LOOPBACK', 'WEBHOOK_RETRY_BASE_MS', 'WEBHOOK_RETRY_FACTOR']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvForTests();
  await Promise.all(receivers.map((r) => r.close()));
});

async function pendingDelivery(url: string, overdueMs = 0) {
  return t.db.webhookDelivery.create({
    data: {
      id: newId('whd'),
      orgId,
      url,
      target: 'webhook_url',
      event: 'run.completed',
      payload: { type: 'run.completed', data: { task_id: 'task_i' } },
      nextAttemptAt: new Date(Date.now() - overdueMs),
    },
  });
}

// step.sleepUntil is replaced by a real wait, so the retry really is due when the next step runs.
// A fresh list per run: the test engine keeps state in the step objects it is given.
const realSleeps = () => Array.from({ length: 20 }, (_, i) => ({ id: `wait-${i + 1}`, handler: () => new Promise((r) => setTimeout(r, 250)) }));

describe('deliver-webhook under @inngest/test', () => {
  it('retries with step.sleepUntil until the receiver accepts; one webhook-id; attempts recorded in the database', async () => {
    const r = await startReceiver((n) => ({ status: n <= 2 ? 500 : 200 }));
    receivers.push(r);
    const d = await pendingDelivery(r.url);
    const engine = new InngestTestEngine({ function: deliverWebhookFunction, steps: realSleeps() });
    const { result, error, ctx } = await engine.execute({ events: [{ name: WEBHOOK_DELIVERY_EVENT, data: { deliveryId: d.id } }] as never });
    expect(error).toBeUndefined();
    expect(result).toEqual({ deliveryId: d.id, status: 'delivered', attempts: 3 });
    const stepIds = (ctx.step.run as unknown as { mock: { calls: unknown[][] } }).mock.calls.map((c) => c[0]);
    expect(stepIds).toEqual(['attempt-1', 'attempt-2', 'attempt-3']);
    expect(r.requests.map((q) => q.headers['webhook-id'])).toEqual([d.id, d.id, d.id]);
    const attempts = await t.db.webhookAttempt.findMany({ where: { deliveryId: d.id }, orderBy: { number: 'asc' } });
    expect(attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
  });

  it('an attempt interrupted by a crash (claimed, never finished) is retried after its lease and its row closed', async () => {
    const r = await startReceiver(() => ({ status: 200 }));
    receivers.push(r);
    const d = await pendingDelivery(r.url);
    // the process running attempt 1 dies right after claiming it
    expect(await claimDueDeliveries(t.db, { limit: 1, leaseMs: 400, maxAttempts: 8, deliveryId: d.id })).toHaveLength(1);
    const engine = new InngestTestEngine({ function: deliverWebhookFunction, steps: realSleeps() });
    const { result, error } = await engine.execute({ events: [{ name: WEBHOOK_DELIVERY_EVENT, data: { deliveryId: d.id } }] as never });
    expect(error).toBeUndefined();
    expect(result).toEqual({ deliveryId: d.id, status: 'delivered', attempts: 2 });
    const attempts = await t.db.webhookAttempt.findMany({ where: { deliveryId: d.id }, orderBy: { number: 'asc' } });
    expect(attempts.map((a) => [a.number, a.finishedAt !== null, a.error ?? a.statusCode])).toEqual([
      [1, true, INTERRUPTED_ATTEMPT],
      [2, true, 200],
    ]);
    expect(r.requests.map((q) => q.headers['webhook-id'])).toEqual([d.id]);
  });

  it('the cron sweeper sends deliveries whose function never ran (overdue by more than a minute), not fresh ones', async () => {
    const r = await startReceiver(() => ({ status: 204 }));
    receivers.push(r);
    const lost = await pendingDelivery(r.url, 90_000);
    const fresh = await pendingDelivery(r.url, 0);
    const { result, error } = await new InngestTestEngine({ function: sweepWebhookDeliveriesFunction }).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ attempted: 1 });
    expect(await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ status: 'pending', attempts: 0 });
    expect(r.requests.map((q) => q.headers['webhook-id'])).toEqual([lost.id]);
  });
});
