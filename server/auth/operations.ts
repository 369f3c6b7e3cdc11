// Contracts of the accounts and API-key routes (validation + OpenAPI come from these).
import { z } from 'zod';
import { errorResponses } from '../http/common-schemas';
import { defineOperation } from '../http/define-operation';
import { cursorParam, limitParam } from '../http/pagination';
import {
  apiKeySchema,
  createApiKeyBody,
  createdApiKeySchema,
  orgKeyItemParams,
  orgKeyParams,
  signupBody,
  signupResponse,
  verifyResponse,
} from './schemas';

export const signupOp = defineOperation({
  method: 'POST',
  path: '/signup',
  operationId: 'signup',
  summary: 'Create a workspace and its first API key',
  description:
    'Session-authenticated (dashboard sign-in cookie). Creates a workspace organization owned by the signed-in user and mints its first API key, which is returned once.',
  tags: ['Accounts'],
  auth: 'session',
  body: signupBody,
  responses: { 201: { description: 'Workspace and key created', schema: signupResponse }, ...errorResponses(400, 401, 413, 415) },
});

export const verifyOp = defineOperation({
  method: 'GET',
  path: '/verify',
  operationId: 'verifyKey',
  summary: 'Validate a key and return its org context',
  tags: ['Accounts'],
  auth: 'apiKey',
  responses: { 200: { description: 'The key is valid', schema: verifyResponse }, ...errorResponses(400, 401, 429) },
});

export const mintKeyOp = defineOperation({
  method: 'POST',
  path: '/organizations/{org_id}/api-keys',
  operationId: 'createApiKey',
  summary: 'Mint an API key',
  description:
    "The new key inherits the caller's role, fixed at mint time. Owner or admin keys only (a member key gets 403). The secret is in the response once; only its hash is stored.",
  tags: ['API keys'],
  auth: 'apiKey',
  params: orgKeyParams,
  body: createApiKeyBody,
  responses: { 201: { description: 'Key minted', schema: createdApiKeySchema }, ...errorResponses(400, 401, 403, 404, 413, 415, 429) },
});

export const listKeysOp = defineOperation({
  method: 'GET',
  path: '/organizations/{org_id}/api-keys',
  operationId: 'listApiKeys',
  summary: 'List API keys',
  description: 'Newest first, with prefixes only (never secrets). Revoked keys are included with revoked_at set.',
  tags: ['API keys'],
  auth: 'apiKey',
  params: orgKeyParams,
  query: z.strictObject({ limit: limitParam, cursor: cursorParam }),
  responses: {
    200: {
      description: 'A page of keys',
      schema: z.object({ items: z.array(apiKeySchema), next_cursor: z.string().nullable() }).meta({ id: 'ApiKeyList' }),
    },
    ...errorResponses(400, 401, 404, 429),
  },
});

export const revokeKeyOp = defineOperation({
  method: 'DELETE',
  path: '/organizations/{org_id}/api-keys/{key_id}',
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key',
  description: 'Immediate: the next request with the key gets 401. Owner or admin keys only.',
  tags: ['API keys'],
  auth: 'apiKey',
  params: orgKeyItemParams,
  responses: { 200: { description: 'The revoked key', schema: apiKeySchema }, ...errorResponses(400, 401, 403, 404, 429) },
});
