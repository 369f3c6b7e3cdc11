// /api/mcp: the MCP Streamable HTTP endpoint, stateless (no session: each POST carries JSON-RPC
// messages and gets JSON back, so any instance can answer any request). Authenticated with the same
// API keys as the REST API; a failure answers in the REST error shape (401, 429 with Retry-After)
// before any MCP processing. GET (a server-to-client event stream) and DELETE (end a session) do
// not apply to a stateless server: 405.
import 'server-only';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { getDb } from '../db/client';
import { env } from '../env';
import { log } from '../log';
import { errorBody } from '../http/api-error';
import { asApiError } from '../http/unexpected-error';
import { newRequestId } from '../http/request-id';
import { authenticateMcpRequest } from './authenticate-mcp-request';
import { createMcpServer } from './create-mcp-server';

/** Room for the JSON-RPC envelope around an upload's base64 content. */
const ENVELOPE_BYTES = 64 * 1024;

export async function handleMcpRequest(req: Request): Promise<Response> {
  const requestId = newRequestId();
  const started = Date.now();
  const headers: Record<string, string> = { 'X-Request-Id': requestId };
  let response: Response;
  try {
    response = req.method === 'POST' ? await handlePost(req, requestId, headers) : methodNotAllowed();
  } catch (err) {
    const apiErr = asApiError(err, requestId, '/api/mcp');
    Object.assign(headers, apiErr.headers);
    response = Response.json(errorBody(apiErr, requestId), { status: apiErr.status });
  }
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  log().info({ requestId, method: req.method, path: '/api/mcp', status: response.status, ms: Date.now() - started }, 'mcp');
  return response;
}

async function handlePost(req: Request, requestId: string, headers: Record<string, string>): Promise<Response> {
  const db = await getDb();
  const caller = await authenticateMcpRequest(db, req.headers);
  Object.assign(headers, caller.headers);
  const server = createMcpServer({ db, auth: caller.principal, requestId });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    // an upload_file call carries up to MAX_UPLOAD_BYTES as base64 (4 characters per 3 bytes)
    maxRequestBodySize: Math.ceil(env().MAX_UPLOAD_BYTES / 3) * 4 + ENVELOPE_BYTES,
  });
  try {
    await server.connect(transport);
    return await transport.handleRequest(req);
  } finally {
    await server.close();
  }
}

function methodNotAllowed(): Response {
  return Response.json(
    { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP server is stateless; POST JSON-RPC messages to /api/mcp' }, id: null },
    { status: 405, headers: { Allow: 'POST' } },
  );
}
