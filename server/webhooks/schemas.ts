// Zod shapes of the webhook endpoints (validation, types and OpenAPI from one place).
import { z } from 'zod';
import { idParam, timestamp } from '../http/common-schemas';
import { cursorParam, limitParam } from '../http/pagination';
import { WEBHOOK_EVENTS } from './events';

export const MAX_WEBHOOK_URL_LENGTH = 2000;

export const webhookEventSchema = z.enum(WEBHOOK_EVENTS).meta({ id: 'WebhookEvent', description: 'run.completed or run.failed.' });

const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'url must be an absolute http(s) URL' })
  .max(MAX_WEBHOOK_URL_LENGTH)
  .meta({
    description:
      'Where events are POSTed. https (plain http only where WEBHOOK_ALLOW_HTTP allows it). Hosts that are or resolve to loopback, private, link-local (metadata), CGNAT, multicast or reserved addresses are refused.',
    example: 'https://hooks.example.com/docsmith',
  });

export const webhookEndpointSchema = z
  .object({
    id: z.string().meta({ example: 'wh_01J9Z3V8K6Q2T4X7B1N5M0C8D3' }),
    url: z.string(),
    events: z.array(webhookEventSchema),
    description: z.string().nullable(),
    status: z.enum(['active', 'disabled']).meta({ description: 'disabled: the receiver answered 410 Gone; nothing more is sent.' }),
    disabled_at: timestamp.nullable(),
    disabled_reason: z.string().nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'WebhookEndpoint' });

export const createdWebhookEndpointSchema = webhookEndpointSchema
  .extend({
    secret: z.string().meta({
      description: 'The signing secret (Standard Webhooks, "whsec_" + base64). Shown once: keep it to verify webhook-signature.',
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  })
  .meta({ id: 'CreatedWebhookEndpoint' });

export const createWebhookBody = z
  .strictObject({
    url: webhookUrl,
    events: z
      .array(webhookEventSchema)
      .min(1, 'events must name at least one event')
      .max(WEBHOOK_EVENTS.length * 2)
      .optional()
      .meta({ description: 'Events to receive (default: all, i.e. run.completed and run.failed).' }),
    description: z.string().trim().max(200).optional().meta({ description: 'A label for the dashboard.' }),
  })
  .meta({ id: 'CreateWebhookRequest' });

export type CreateWebhookInput = z.infer<typeof createWebhookBody>;

export const webhookListQuery = z.strictObject({ limit: limitParam, cursor: cursorParam });

export const webhookListSchema = z
  .object({ items: z.array(webhookEndpointSchema), next_cursor: z.string().nullable() })
  .meta({ id: 'WebhookEndpointList' });

const webhookId = idParam('wh', 'Webhook endpoint id');
export const webhookIdParams = z.strictObject({ id: webhookId });
/** DELETE /webhooks takes the id as ?id= or in a JSON body {"id"}. */
export const deleteWebhookQuery = z.strictObject({ id: webhookId.optional() });
export const deleteWebhookBody = z.strictObject({ id: webhookId.optional() }).meta({ id: 'DeleteWebhookRequest' });

export const signingSecretSchema = z
  .object({
    secret: z.string().meta({ description: 'Signs deliveries to the per-request webhook_url of generation calls (Standard Webhooks).' }),
  })
  .meta({ id: 'WebhookSigningSecret' });

export const webhookAttemptSchema = z
  .object({
    number: z.number().int(),
    status_code: z.number().int().nullable(),
    error: z.string().nullable(),
    response_body: z.string().nullable(),
    duration_ms: z.number().int(),
    created_at: timestamp,
    finished_at: timestamp.nullable().meta({ description: 'Null while in flight (or when interrupted).' }),
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookDeliverySchema = z
  .object({
    id: z.string().meta({ description: 'Also the webhook-id header, the same on every retry.' }),
    event: webhookEventSchema,
    target: z.enum(['endpoint', 'webhook_url']),
    endpoint_id: z.string().nullable(),
    url: z.string(),
    task_id: z.string().nullable(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    next_attempt_at: timestamp.nullable(),
    delivered_at: timestamp.nullable(),
    last_response: z.unknown().nullable(),
    redelivery_of: z.string().nullable(),
    payload: z.unknown(),
    created_at: timestamp,
    attempt_log: z.array(webhookAttemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });
