// After the transaction that created deliveries commits: hand them to the executor. Locally the
// delivery loop is woken; under Inngest one event per delivery starts its durable function. If
// this is lost (crash, Inngest unreachable) nothing is lost: the loop's poll / the Inngest sweeper
// finds the pending rows.
import { env } from '../env';
import { log } from '../log';
import { wakeDeliveryLoop } from './delivery-loop';

export const WEBHOOK_DELIVERY_EVENT = 'docsmith/webhook.delivery.scheduled';

export async function dispatchDeliveries(deliveryIds: string[]): Promise<void> {
  if (!deliveryIds.length) return;
  try {
    if (env().EXECUTOR === 'inngest') {
      const { inngest } = await import('../inngest/inngest-client');
      await inngest.send(deliveryIds.map((id) => ({ name: WEBHOOK_DELIVERY_EVENT, data: { deliveryId: id } })));
      return;
    }
    wakeDeliveryLoop();
  } catch (err) {
    log().warn({ err, deliveryIds }, 'webhook dispatch failed; the sweeper will pick the deliveries up');
  }
}
