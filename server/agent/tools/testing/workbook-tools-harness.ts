/** Tests: a new workbook with the agent's workbook tools, and a way to call them. */
import { createWorkbookState, workbookTools } from '../workbook-tools';
import { runTool } from './run-tool';

export function workbookToolsHarness() {
  const state = createWorkbookState(null);
  const tools = workbookTools(state);
  const call = (name: string, input: unknown) => runTool(tools, name, input);
  return { state, call };
}
