// Webhook delivery under EXECUTOR=inngest, on the same delivery service as the local loop:
//  - deliver-webhook: one durable function per delivery (started by dispatchDeliveries), which
//    attempts it and sleeps with step.sleepUntil until each retry is due;
//  - sweep-webhook-deliveries: a cron that drains deliveries overdue by more than a minute, e.g.
//    when the event was lost between the task's commit and inngest.send.
// Both claim through the database lease, so they never send the same attempt twice, and both
// attempt through attemptDelivery: the event's URLs (edit token included) are minted when it is
// sent, so neither the database nor what the steps return holds one.
import 'server-only';
import { getDb, type Db } from '../db/client';
import { inngest } from '../inngest/inngest-client';
import { attemptDelivery, deliveryDeps, leaseMsFor, type DeliveryDeps } from './attempt-delivery';
import { claimDueDeliveries } from './claim-deliveries';
import { WEBHOOK_DELIVERY_EVENT } from './dispatch-deliveries';
import { drainDueDeliveries } from './drain-deliveries';

export type DeliveryStep =
  | { state: 'done'; status: 'pending' | 'delivered' | 'failed' | 'missing'; attempts: number }
  | { state: 'wait'; until: string };

/** Attempts the delivery if it is due, then says whether it is finished or when to look again. */
export async function stepDelivery(db: Db, deliveryId: string, deps: DeliveryDeps = deliveryDeps()): Promise<DeliveryStep> {
  const [claim] = await claimDueDeliveries(db, { limit: 1, leaseMs: leaseMsFor(deps), maxAttempts: deps.retry.maxAttempts, deliveryId });
  if (claim) await attemptDelivery(db, claim, deps);
  const d = await db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!d) return { state: 'done', status: 'missing', attempts: 0 };
  // Not pending, or out of attempts (an interrupted last attempt: the sweeper closes it).
  if (d.status !== 'pending' || !d.nextAttemptAt || (!claim && d.attempts >= deps.retry.maxAttempts)) {
    return { state: 'done', status: d.status, attempts: d.attempts };
  }
  return { state: 'wait', until: d.nextAttemptAt.toISOString() };
}

export const deliverWebhookFunction = inngest.createFunction(
  { id: 'deliver-webhook', name: 'Deliver a webhook', triggers: [{ event: WEBHOOK_DELIVERY_EVENT }] },
  async ({ event, step }) => {
    const deliveryId = (event.data as { deliveryId: string }).deliveryId;
    const db = await getDb();
    // Each attempt is a step; a claim that finds the delivery not yet due (another worker took
    // it) just waits again, so the bound leaves room for that.
    const maxSteps = deliveryDeps().retry.maxAttempts * 2 + 2;
    for (let i = 1; i <= maxSteps; i++) {
      const r = await step.run(`attempt-${i}`, () => stepDelivery(db, deliveryId));
      if (r.state === 'done') return { deliveryId, status: r.status, attempts: r.attempts };
      await step.sleepUntil(`wait-${i}`, r.until);
    }
    return { deliveryId, status: 'pending', handedTo: 'sweeper' };
  },
);

export const sweepWebhookDeliveriesFunction = inngest.createFunction(
  { id: 'sweep-webhook-deliveries', name: 'Send overdue webhook deliveries', triggers: [{ cron: '* * * * *' }] },
  async ({ step }) => {
    const db = await getDb();
    const attempted = await step.run('drain-overdue', async () => (await drainDueDeliveries(db, { overdueMs: 60_000, maxAttempts: 50 })).length);
    return { attempted };
  },
);

export const webhookFunctions = [deliverWebhookFunction, sweepWebhookDeliveriesFunction];
