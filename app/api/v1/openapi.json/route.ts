import { env } from '@/server/env';
import { buildOpenApiDocument } from '@/server/http/openapi-document';
import { openapiOp } from '@/server/http/openapi-operation';
import { withApi } from '@/server/http/with-api';

export const GET = withApi(openapiOp, async () => ({ body: buildOpenApiDocument(env().APP_URL) }));
