/** Tests: calls a tool of a set as the agent loop would, and gives its answer ({ok, …}). */
import type { AgentToolSet } from '../define-tool';

export async function runTool(tools: AgentToolSet, name: string, input: unknown): Promise<Record<string, unknown>> {
  const execute = tools[name]?.execute;
  if (!execute) throw new Error(`no tool "${name}"; tools: ${Object.keys(tools).join(', ')}`);
  return (await execute(input, { toolCallId: 't', messages: [] })) as Record<string, unknown>;
}
