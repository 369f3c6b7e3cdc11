// What every MCP tool call runs with: the database, the caller's API key (its org scopes every
// lookup) and the id of the HTTP request that carried the call.
import 'server-only';
import type { ApiKeyPrincipal } from '../auth/verify-api-key';
import type { Db } from '../db/client';

export interface McpToolContext {
  db: Db;
  auth: ApiKeyPrincipal;
  requestId: string;
}
