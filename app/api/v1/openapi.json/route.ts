import { env } from '@/server/env';
import { buildOpenApiDocument } from '@/server/api/openapi-document';
import { openapiOp } from '@/server/http/openapi-operation';
import { withApi } from '@/server/api/with-api';

export const GET = withApi(openapiOp, async () => ({ body: buildOpenApiDocument(env().APP_URL) }));
