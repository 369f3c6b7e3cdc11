// The MCP server (Streamable HTTP): see server/mcp and the README's "Use Docsmith from an AI assistant (MCP)".
import { instrumentRoute } from '@/server/http/instrument-route';
import { handleMcpRequest } from '@/server/mcp/handle-mcp-request';

export const dynamic = 'force-dynamic';

const handler = instrumentRoute('/api/mcp', handleMcpRequest);

export { handler as POST, handler as GET, handler as DELETE };
