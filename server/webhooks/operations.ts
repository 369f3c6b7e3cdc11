// Contracts of the webhook routes (validation + OpenAPI come from these).
import { errorResponses } from '../http/common-schemas';
import { defineOperation } from '../http/define-operation';
import {
  createdWebhookEndpointSchema,
  createWebhookBody,
  deleteWebhookBody,
  deleteWebhookQuery,
  signingSecretSchema,
  webhookIdParams,
  webhookListQuery,
  webhookListSchema,
} from './schemas';

const DELIVERY_NOTE =
  'Each event is POSTed as JSON `{"type": "run.completed" | "run.failed", "timestamp", "data"}` where `data` is the task object of GET /tasks/{task_id} ' +
  '(task_id, run_id, status, result or error, credits_used, duration_ms, …), signed the Standard Webhooks way: headers `webhook-id` (stable across retries), ' +
  '`webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>`; reject timestamps more than 5 minutes off. ' +
  'A 2xx answer within WEBHOOK_TIMEOUT_MS (default 10 s) is a delivery; anything else is retried up to 7 times with exponential backoff and jitter, ' +
  'never before a `Retry-After`; redirects are not followed; 410 Gone disables the endpoint.';

export const createWebhookOp = defineOperation({
  method: 'POST',
  path: '/webhooks',
  operationId: 'createWebhook',
  summary: 'Subscribe to run events',
  description: `Registers an endpoint for run.completed / run.failed of every task of the organization. The signing secret is in the response once. Owner or admin keys only. ${DELIVERY_NOTE}`,
  tags: ['Webhooks'],
  auth: 'apiKey',
  body: createWebhookBody,
  responses: { 201: { description: 'Endpoint registered', schema: createdWebhookEndpointSchema }, ...errorResponses(400, 401, 403, 409, 413, 415, 429) },
});

export const listWebhooksOp = defineOperation({
  method: 'GET',
  path: '/webhooks',
  operationId: 'listWebhooks',
  summary: 'List webhook subscriptions',
  description: 'Newest first; never the secrets. Disabled endpoints (410 Gone) are listed with status disabled.',
  tags: ['Webhooks'],
  auth: 'apiKey',
  query: webhookListQuery,
  responses: { 200: { description: 'A page of endpoints', schema: webhookListSchema }, ...errorResponses(400, 401, 429) },
});

export const deleteWebhookOp = defineOperation({
  method: 'DELETE',
  path: '/webhooks/{id}',
  operationId: 'deleteWebhook',
  summary: 'Remove a webhook subscription',
  description: 'Stops deliveries at once (pending ones are closed as failed). Owner or admin keys only.',
  tags: ['Webhooks'],
  auth: 'apiKey',
  params: webhookIdParams,
  responses: { 204: { description: 'Removed' }, ...errorResponses(400, 401, 403, 404, 429) },
});

export const deleteWebhookByQueryOp = defineOperation({
  method: 'DELETE',
  path: '/webhooks',
  operationId: 'deleteWebhookByQuery',
  summary: 'Remove a webhook subscription (id in the query or body)',
  description: 'The same as DELETE /webhooks/{id}, with the id as `?id=wh_…` or a JSON body `{"id": "wh_…"}`.',
  tags: ['Webhooks'],
  auth: 'apiKey',
  query: deleteWebhookQuery,
  body: deleteWebhookBody,
  responses: { 204: { description: 'Removed' }, ...errorResponses(400, 401, 403, 404, 413, 415, 429) },
});

export const webhookSigningSecretOp = defineOperation({
  method: 'GET',
  path: '/webhooks/signing-secret',
  operationId: 'getWebhookSigningSecret',
  summary: 'The signing secret of per-request webhook_url deliveries',
  description:
    'Deliveries to the `webhook_url` of a generation request are signed with this organization-wide secret (created on first use); registered endpoints use their own. Owner or admin keys only.',
  tags: ['Webhooks'],
  auth: 'apiKey',
  responses: { 200: { description: 'The secret', schema: signingSecretSchema }, ...errorResponses(400, 401, 403, 429) },
});
