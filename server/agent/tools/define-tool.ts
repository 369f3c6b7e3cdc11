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

/** Constraints that zod enforces in execute anyway; leaving them out of the schema the model sees saves tokens on every turn. */
const ENFORCED_KEYS = new Set(['minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'default', 'pattern', 'additionalProperties', '$schema']);

function stripEnforced(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripEnforced);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (ENFORCED_KEYS.has(k)) continue;
    // "properties" maps names to schemas: keep every name
    out[k] = k === 'properties' && v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, sub]) => [name, stripEnforced(sub)])) : stripEnforced(v);
  }
  return out;
}

export function compactJsonSchema(schema: z.ZodType): JSONSchema7 {
  return stripEnforced(z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' })) as JSONSchema7;
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
