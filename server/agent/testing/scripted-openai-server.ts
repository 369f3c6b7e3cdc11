/**
 * A scripted OpenAI-compatible server (POST /v1/chat/completions) for tests and benchmarks: real
 * HTTP on 127.0.0.1:0, tool calls and usage in the OpenAI format, requests recorded. Usage is
 * computed from the request received: prompt_tokens = characters / 4 of the serialized messages + tools.
 */
import { startScriptedServer, type Script, type ScriptedServer } from './scripted-http';

export type { RecordedRequest, Script, ScriptedReply, ScriptedServer, ScriptedToolCall } from './scripted-http';

export function startScriptedOpenAIServer(script: Script): Promise<ScriptedServer> {
  return startScriptedServer(
    {
      path: '/v1/chat/completions',
      promptOf: (body) => ({ messages: body.messages, tools: body.tools ?? [] }),
      render: (reply, req, index, outputTokens) => {
        const calls = reply.toolCalls ?? [];
        return {
          id: `chatcmpl-${index + 1}`,
          object: 'chat.completion',
          created: 1_700_000_000 + index,
          model: typeof req.body.model === 'string' ? req.body.model : 'scripted',
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: reply.text ?? null,
                ...(calls.length
                  ? { tool_calls: calls.map((c, k) => ({ id: `call_${index + 1}_${k + 1}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.input) } })) }
                  : {}),
              },
              finish_reason: calls.length ? 'tool_calls' : 'stop',
            },
          ],
          usage: { prompt_tokens: req.promptTokens, completion_tokens: outputTokens, total_tokens: req.promptTokens + outputTokens },
        };
      },
      renderError: (status) => ({ error: { message: status === 429 ? 'Rate limit reached' : `scripted error ${status}`, type: status === 429 ? 'rate_limit_error' : 'server_error', code: null } }),
    },
    script,
  );
}
