import { withApi } from '@/server/api/with-api';
import { revealOrgSigningSecret } from '@/server/webhooks/org-signing-secret';
import { webhookSigningSecretOp } from '@/server/webhooks/operations';

export const GET = withApi(webhookSigningSecretOp, async ({ db, auth }) => ({ body: await revealOrgSigningSecret(db, auth) }));
