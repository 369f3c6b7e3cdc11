/**
 * A scripted Anthropic-compatible server (POST /v1/messages) for tests: real HTTP on 127.0.0.1:0,
 * tool_use blocks and usage in the Anthropic format, requests recorded. input_tokens is computed
 * from the request received: characters / 4 of the serialized system, messages and tools.
 */
import { startScriptedServer, type Script, type ScriptedServer } from './scripted-http';

export type { RecordedRequest, Script, ScriptedReply, ScriptedServer, ScriptedToolCall } from './scripted-http';

export function startScriptedAnthropicServer(script: Script): Promise<ScriptedServer> {
  return startScriptedServer(
    {
      path: '/v1/messages',
      promptOf: (body) => ({ system: body.system ?? '', messages: body.messages, tools: body.tools ?? [] }),
      render: (reply, req, index, outputTokens) => {
        const calls = reply.toolCalls ?? [];
        return {
          id: `msg_${index + 1}`,
          type: 'message',
          role: 'assistant',
          model: typeof req.body.model === 'string' ? req.body.model : 'scripted',
          content: [
            ...(reply.text ? [{ type: 'text', text: reply.text }] : []),
            ...calls.map((c, k) => ({ type: 'tool_use', id: `toolu_${index + 1}_${k + 1}`, name: c.name, input: c.input })),
          ],
          stop_reason: calls.length ? 'tool_use' : 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: req.promptTokens, output_tokens: outputTokens },
        };
      },
      renderError: (status) => ({ type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message: `scripted error ${status}` } }),
    },
    script,
  );
}
