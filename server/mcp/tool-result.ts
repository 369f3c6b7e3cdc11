// Tool results: a success carries the REST response body as structuredContent (and as JSON text,
// for clients that read only text); a failure is an isError result whose text is the REST error
// shape {"error": {code, message, request_id, details}} — the same codes as the REST API.
import 'server-only';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { log } from '../log';
import { ApiError, errorBody } from '../http/api-error';
import { databaseUnavailableError, isDatabaseUnavailable } from '../http/database-unavailable';

export function toolSuccess(body: Record<string, unknown>, opts: { replayed?: boolean } = {}): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(body) }],
    structuredContent: body,
    ...(opts.replayed ? { _meta: { idempotent_replayed: true } } : {}),
  };
}

export function toolFailure(err: unknown, requestId: string, tool: string): CallToolResult {
  let apiErr: ApiError;
  if (err instanceof ApiError) apiErr = err;
  else if (isDatabaseUnavailable(err)) apiErr = databaseUnavailableError(err);
  else {
    log().error({ err, requestId, tool }, 'unhandled error in MCP tool');
    apiErr = new ApiError('internal_error', `internal error; quote request id ${requestId} when reporting it`);
  }
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(errorBody(apiErr, requestId)) }] };
}
