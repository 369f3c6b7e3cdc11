// Builds the OpenAPI 3.1 document from the same zod schemas that validate requests.
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import type { OperationDef } from '../http/define-operation';
import { operations } from './operation-registry';

function toOperation(op: OperationDef): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    const examples = op.examples?.responses?.[Number(status)];
    responses[status] = {
      description: r.description,
      ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: r.schema, ...(examples ? { examples } : {}) } } } : {}),
      ...(r.headers ? { headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, { description: v.description, schema: { type: 'string' } }])) } : {}),
    };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    ...(op.deprecated ? { deprecated: true } : {}),
    security: op.auth === 'apiKey' ? [{ ApiKeyHeader: [] }, { BearerKey: [] }] : op.auth === 'session' ? [{ SessionCookie: [] }] : [],
    requestParams: {
      ...(op.params ? { path: op.params as never } : {}),
      ...(op.query ? { query: op.query as never } : {}),
    },
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: op.body, ...(op.examples?.request ? { examples: op.examples.request } : {}) } } } }
      : {}),
    ...(op.form ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: op.form } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(serverUrl: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    (item as Record<string, ZodOpenApiOperationObject>)[op.method.toLowerCase()] = toOperation(op);
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Docsmith API',
      version: '1.0.0',
      description:
        'Generate Excel workbooks, Word documents and PowerPoint decks from prompts. Errors always have the shape {"error": {"code", "message", "request_id", "details"}}.',
    },
    servers: [{ url: `${serverUrl.replace(/\/$/, '')}/api/v1` }],
    paths,
    components: {
      securitySchemes: {
        ApiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        BearerKey: { type: 'http', scheme: 'bearer', description: 'The API key as a bearer token.' },
        SessionCookie: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token', description: 'Dashboard sign-in session.' },
      },
    },
  });
}
