/**
 * Webhook delivery on the embedded stack (a temporary PGlite database, a receiver on 127.0.0.1):
 *   - idle cost: one poll of the local delivery loop when nothing is due (p50 / p95 of 200 polls);
 *   - throughput: 300 pending deliveries drained by one DeliveryLoop (concurrency 4), then by three
 *     loops at once (as three instances would): deliveries/s, and the lag from "due" to "received"
 *     (p50 / p95); every delivery arrives exactly once.
 *
 *   npm run bench webhooks
 */
import { benchOrg, embeddedStack, percentile as pct, runBench, timed } from './lib/bench-kit';

const DELIVERIES = 300;
const stack = embeddedStack('hooks', { WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_ALLOW_HTTP: 'true' });

async function main(): Promise<void> {
  const { getDbHandle } = await import('../../server/db/client');
  const { newId } = await import('../../server/db/ids');
  const { hasDueDeliveries } = await import('../../server/webhooks/claim-deliveries');
  const { DeliveryLoop } = await import('../../server/webhooks/delivery-loop');
  const { startReceiver } = await import('../../server/webhooks/testing/receiver');

  const { db, org } = await benchOrg(0);
  const receiver = await startReceiver(() => ({ status: 200 }));
  const ep = await db.webhookEndpoint.create({
    data: { id: newId('wh'), orgId: org.id, url: receiver.url, events: ['run.completed'], secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  });

  const idle: number[] = [];
  for (let i = 0; i < 200; i++) idle.push((await timed(() => hasDueDeliveries(db))).ms);
  console.log(`idle poll (nothing due): p50 ${pct(idle, 50).toFixed(2)} ms, p95 ${pct(idle, 95).toFixed(2)} ms — one query per WEBHOOK_POLL_MS`);

  for (const loops of [1, 3]) {
    const payload = { type: 'run.completed', timestamp: new Date().toISOString(), data: { task_id: 'task_bench', status: 'completed', result: { summary: 'x'.repeat(400) } } };
    const before = receiver.requests.length;
    const due = new Date();
    await db.webhookDelivery.createMany({
      data: Array.from({ length: DELIVERIES }, () => ({ id: newId('whd'), orgId: org.id, endpointId: ep.id, url: receiver.url, event: 'run.completed', payload, nextAttemptAt: due })),
    });
    const started = performance.now();
    const startedAt = Date.now();
    const running = Array.from({ length: loops }, () => new DeliveryLoop(db, { pollMs: 50, concurrency: 4 }));
    running.forEach((l) => l.start());
    await receiver.waitFor(before + DELIVERIES, 300_000);
    const elapsed = performance.now() - started;
    await Promise.all(running.map((l) => l.stop()));
    const got = receiver.requests.slice(before);
    const ids = new Set(got.map((r) => r.headers['webhook-id']));
    const lags = got.map((r) => r.at - started + (startedAt - due.getTime()));
    const pending = await db.webhookDelivery.count({ where: { status: 'pending' } });
    console.log(
      `${loops} loop${loops > 1 ? 's' : ' '} × concurrency 4: ${DELIVERIES} deliveries in ${(elapsed / 1000).toFixed(2)} s = ${(DELIVERIES / (elapsed / 1000)).toFixed(0)}/s; ` +
        `backlog lag (all due at once) p50 ${Math.round(pct(lags, 50))} ms, p95 ${Math.round(pct(lags, 95))} ms; ${got.length} requests, ${ids.size} distinct webhook-ids, ${pending} left pending`,
    );
  }
  await receiver.close();
  await (await getDbHandle()).close();
}

runBench(main, stack.remove);
