import { withApi } from '@/server/api/with-api';
import { deleteWebhookEndpoint } from '@/server/webhooks/delete-endpoint';
import { deleteWebhookOp } from '@/server/webhooks/operations';

export const DELETE = withApi(deleteWebhookOp, async ({ db, auth, params }) => {
  await deleteWebhookEndpoint(db, auth, params.id);
  return { status: 204 };
});
