// One MCP tool: its contract (name, zod input and output schemas, hints) and a thin body that calls
// the same service as the REST route. Registration adds what every tool shares: the input checks of
// the REST API (the SDK parses with the zod schema — unknown arguments refused — and this adds the
// NUL / lone-surrogate / nesting check of server/http/validate), the optional idempotency key, and
// the mapping of results and errors to tool results.
import 'server-only';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { env } from '../env';
import { assertCleanInput } from '../http/check-input-text';
import { idempotentToolCall } from './idempotent-tool-call';
import type { McpToolContext } from './tool-context';
import { toolFailure, toolSuccess } from './tool-result';

export type McpTool = (server: McpServer, ctx: McpToolContext) => void;

export interface ToolDef<S extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: S;
  /** The REST response schema of what `run` returns. */
  output: z.ZodObject;
  annotations?: ToolAnnotations;
  /** The input has an `idempotency_key`: a retry with the same key and arguments gets the first result. */
  idempotent?: boolean;
  run: (args: z.output<S>, ctx: McpToolContext) => Promise<Record<string, unknown>>;
}

/**
 * The schema as a copy without its OpenAPI component id: MCP wants `type: "object"` at the root of a
 * tool's JSON Schema, not the `$ref` to a definition that an id produces (refinements are kept).
 */
function atRoot(schema: z.ZodObject): z.ZodObject {
  return schema.safeExtend({});
}

export function defineTool<S extends z.ZodObject>(def: ToolDef<S>): McpTool {
  return (server, ctx) => {
    server.registerTool(
      def.name,
      { title: def.title, description: def.description, inputSchema: atRoot(def.input), outputSchema: atRoot(def.output), annotations: def.annotations },
      async (parsed: unknown) => {
        const args = parsed as z.output<S>;
        try {
          assertCleanInput(args, 'body', env().MAX_JSON_DEPTH);
          if (!def.idempotent) return toolSuccess(await def.run(args, ctx));
          const { body, replayed } = await idempotentToolCall(ctx, def.name, args, () => def.run(args, ctx));
          return toolSuccess(body, { replayed });
        } catch (err) {
          return toolFailure(err, ctx.requestId, def.name);
        }
      },
    );
  };
}
