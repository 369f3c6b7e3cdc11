// Endpoint isolation in the local delivery loop, with its production settings (10 s attempt
// timeout, 1 s poll, 15 s first retry): three endpoints subscribed to run.completed — one that
// never answers, one that always answers 500, one healthy — and tasks completing one after another
// through the outbox (enqueueTaskEvents in the completing transaction, then dispatchDeliveries,
// as the task pipeline does). Real receivers on 127.0.0.1, the embedded database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overrideEnv } from '../test/override-env';
import { createTask } from '../runs/create-task';
import { orgWithKey } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { createWebhookEndpoint } from './create-endpoint';
import { startDeliveryLoop, stopDeliveryLoop } from './delivery-loop';
import { DEFAULT_PER_TARGET } from './delivery-pool';
import { dispatchDeliveries } from './dispatch-deliveries';
import { enqueueTaskEvents } from './enqueue-task-events';
import { startReceiver, type Receiver } from './testing/receiver';

const SETTINGS = { WEBHOOK_ALLOW_LOOPBACK: 'true' };
const restoreEnv = overrideEnv(SETTINGS);

const t = setupTestDb();
const LOOPBACK = { allowLoopback: true, allowPrivateNetworks: false, allowHttp: true };
const EVENTS = 12;
let orgId = '';
let hanging: Receiver;
let failing: Receiver;
let healthy: Receiver;
let warm: Receiver;

beforeAll(async () => {
  ({ orgId } = await orgWithKey(t.db, { name: 'Isolation Org' }));
  hanging = await startReceiver(() => ({ status: 200, hang: true }), '/hangs');
  failing = await startReceiver(() => ({ status: 500 }), '/fails');
  healthy = await startReceiver(() => ({ status: 204 }), '/healthy');
  startDeliveryLoop(t.db);
  // Warm-up in another org (an endpoint answering 204, one answering 500): the first use of each
  // query shape and code path pays one-off compilation, which would otherwise land in the first
  // measured delays.
  const warmOrg = (await orgWithKey(t.db, { name: 'Warm-up Org' })).orgId;
  warm = await startReceiver((n) => ({ status: n % 2 ? 204 : 500 }), '/warm-up');
  for (let i = 0; i < 2; i++) await createWebhookEndpoint(t.db, { orgId: warmOrg, role: 'owner' }, { url: warm.url }, { policy: LOOPBACK });
  for (let i = 0; i < 3; i++) await completeTask(warmOrg);
  await warm.waitFor(6);
  // The hanging endpoint is registered first, so its deliveries are created (and due) first.
  for (const r of [hanging, failing, healthy]) await createWebhookEndpoint(t.db, { orgId, role: 'owner' }, { url: r.url }, { policy: LOOPBACK });
});

afterAll(async () => {
  // Closing the receivers ends the attempts still waiting on the hanging one.
  await Promise.all([hanging, failing, healthy, warm].map((r) => r?.close()));
  await stopDeliveryLoop();
  restoreEnv();
});

/** Completes a task the way the pipeline does; returns its id and when its event was committed. */
async function completeTask(inOrg = orgId): Promise<{ taskId: string; at: number; deliveries: number }> {
  const { task } = await createTask(t.db, { orgId: inOrg, apiKeyId: null, format: 'text', kind: 'text', prompt: 'Say hi', request: { prompt: 'Say hi' } });
  const ids = await t.db.$transaction(async (tx) => {
    await tx.task.update({ where: { id: task.id }, data: { status: 'completed', startedAt: new Date(), finishedAt: new Date(), result: { summary: 'hi' } } });
    return enqueueTaskEvents(tx, task.id);
  });
  const at = performance.now();
  await dispatchDeliveries(ids);
  return { taskId: task.id, at, deliveries: ids.length };
}

const taskOf = (body: string) => (JSON.parse(body) as { data: { task_id: string } }).data.task_id;

describe('endpoint isolation', () => {
  it('with one endpoint that never answers (and one answering 500), the healthy endpoint gets every event within 2 s', async () => {
    const events: { taskId: string; at: number; deliveries: number }[] = [];
    for (let i = 0; i < EVENTS; i++) {
      events.push(await completeTask());
      expect(events.at(-1)!.deliveries).toBe(3);
      await new Promise((r) => setTimeout(r, 150));
    }
    const got = await healthy.waitFor(EVENTS, 30_000);
    const arrived = new Map(got.map((q) => [taskOf(q.body), q.at]));
    const delays = events.map((e) => Math.round(arrived.get(e.taskId)! - e.at));
    console.log(
      `[webhooks] isolation: healthy endpoint delay per event ${delays.join(', ')} ms (max ${Math.max(...delays)}); ` +
        `hanging endpoint reached ${hanging.requests.length}×, failing ${failing.requests.length}×`,
    );
    expect(delays.every((d) => Number.isFinite(d))).toBe(true);
    expect(Math.max(...delays)).toBeLessThan(2_000);
    // The other endpoints were tried too (they were not simply skipped) ...
    expect(failing.requests.length).toBeGreaterThanOrEqual(EVENTS);
    // ... the hanging one with no more attempts in flight than its per-target share (none of them
    // has timed out yet: 10 s).
    expect(hanging.requests.length).toBe(DEFAULT_PER_TARGET);
  });
});
