import { errorResponses } from '../http/common-schemas';
import { defineOperation } from '../http/define-operation';
import { registerBody, registerResponse } from './schemas';

/** Not under /api/v1 (it lives at /api/auth/register) but uses the same plumbing and error shape. */
export const registerOp = defineOperation({
  method: 'POST',
  path: '/auth/register',
  operationId: 'register',
  summary: 'Register a dashboard user',
  tags: ['Accounts'],
  auth: 'none',
  body: registerBody,
  responses: { 201: { description: 'User created', schema: registerResponse }, ...errorResponses(400, 403, 409, 413, 415) },
});
