import { z } from 'zod';
import { defineOperation } from './define-operation';

export const openapiOp = defineOperation({
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'The OpenAPI 3.1 document of this API',
  tags: ['Meta'],
  auth: 'none',
  responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) } },
});
