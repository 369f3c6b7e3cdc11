/**
 * Tool factory: the JSON schema the model sees comes from a zod schema; the input is validated
 * with zod inside execute so that a bad call returns a compact error the model can act on (rather
 * than an SDK exception), and handler errors are returned the same way.
 */
import type { JSONSchema7 } from '@ai-sdk/provider';
import { jsonSchema, tool, type Tool } from 'ai';
import { z } from 'zod';

export type ToolOutput = { ok: true; [key: string]: unknown } | { ok: false; error: string };

/** An error whose message is meant for the model (bad sheet name, unknown section id…). */
export class ToolUseError extends Error {}

export type AgentTool = Tool<unknown, ToolOutput>;
export type AgentToolSet = Record<string, AgentTool>;

/** "rows.0.2: expected number; name: required" — at most 5 issues, each one line. */
export function formatZodError(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`);
  if (error.issues.length > 5) lines.push(`…and ${error.issues.length - 5} more`);
  return lines.join('; ');
}

function compactJsonSchema(schema: z.ZodType): JSONSchema7 {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

export function defineTool<S extends z.ZodType>(
  description: string,
  schema: S,
  run: (input: z.output<S>) => Record<string, unknown> | Promise<Record<string, unknown>>,
): AgentTool {
  return tool<unknown, ToolOutput>({
    description,
    inputSchema: jsonSchema<unknown>(compactJsonSchema(schema), { validate: (value) => ({ success: true, value }) }),
    execute: async (raw): Promise<ToolOutput> => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return { ok: false, error: `invalid input: ${formatZodError(parsed.error)}` };
      try {
        return { ok: true, ...(await run(parsed.data)) };
      } catch (e) {
        if (e instanceof ToolUseError) return { ok: false, error: e.message };
        if (e instanceof z.ZodError) return { ok: false, error: `invalid result: ${formatZodError(e)}` };
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
    },
  });
}
