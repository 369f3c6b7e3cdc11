// The webhook event types. The reference fires on run.completed and run.failed only.
export const WEBHOOK_EVENTS = ['run.completed', 'run.failed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** Per-request webhook_url deliveries are "webhook_url"; registered endpoints are "endpoint". */
export type DeliveryTarget = 'endpoint' | 'webhook_url';
