// The MCP server of one request (the transport is stateless): Docsmith's tools bound to the caller.
import 'server-only';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { version } from '../../package.json';
import type { McpTool } from './define-tool';
import type { McpToolContext } from './tool-context';
import { analyzeWorkbookTool } from './tools/analyze-workbook';
import { exportRunTool } from './tools/export-run';
import { generateExcelTool, generateSlidesTool, generateWordTool } from './tools/generate';
import { getRunTool } from './tools/get-run';
import { getTaskTool } from './tools/get-task';
import { listRunsTool } from './tools/list-runs';
import { uploadFileTool } from './tools/upload-file';

export const MCP_TOOLS: McpTool[] = [
  generateExcelTool,
  generateWordTool,
  generateSlidesTool,
  getTaskTool,
  getRunTool,
  listRunsTool,
  exportRunTool,
  analyzeWorkbookTool,
  uploadFileTool,
];

const INSTRUCTIONS =
  'Docsmith builds real Office files (Excel, Word, PowerPoint) with an AI agent. Each document is a run that later prompts keep editing (pass its run_id). ' +
  'The generate and analyze tools queue a task and answer at once: call get_task with its task_id (wait_seconds lets the call wait) until status is completed, ' +
  'then share result.download_url (the file) or result.edit_url (the web editor); export_run converts a run to pdf, csv, png and more. ' +
  'Errors come back as {"error": {code, message}} with the REST API’s codes (not_found, insufficient_credits, invalid_request…).';

export function createMcpServer(ctx: McpToolContext): McpServer {
  const server = new McpServer({ name: 'docsmith', title: 'Docsmith', version }, { instructions: INSTRUCTIONS });
  for (const tool of MCP_TOOLS) tool(server, ctx);
  return server;
}
