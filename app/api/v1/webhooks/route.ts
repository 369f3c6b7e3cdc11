import { withApi } from '@/server/api/with-api';
import { createWebhookEndpoint } from '@/server/webhooks/create-endpoint';
import { deleteWebhookEndpoint, webhookIdFromQueryOrBody } from '@/server/webhooks/delete-endpoint';
import { listWebhookEndpoints } from '@/server/webhooks/list-endpoints';
import { createWebhookOp, deleteWebhookByQueryOp, listWebhooksOp } from '@/server/webhooks/operations';

export const POST = withApi(createWebhookOp, async ({ db, auth, body }) => ({ status: 201, body: await createWebhookEndpoint(db, auth, body) }));

export const GET = withApi(listWebhooksOp, async ({ db, auth, query }) => ({ body: await listWebhookEndpoints(db, auth.orgId, query) }));

export const DELETE = withApi(deleteWebhookByQueryOp, async ({ db, auth, query, body }) => {
  await deleteWebhookEndpoint(db, auth, webhookIdFromQueryOrBody(query, body));
  return { status: 204 };
});
