// The outcome of each webhook delivery attempt.
import { metrics } from './registry';

/** delivered: 2xx; pending: another attempt is scheduled; failed: the delivery was given up. */
export function recordWebhookAttempt(status: 'delivered' | 'pending' | 'failed'): void {
  metrics().webhookAttempts.inc({ outcome: status === 'pending' ? 'retrying' : status });
}
