/**
 * Tool factory: the JSON schema the model sees comes from a zod schema; the input is validated
 * with zod inside execute so that a bad call returns a compact error the model can act on (rather
 * than an SDK exception), and handler errors are returned the same way.
 */
import type { JSONSchema7 } from '@ai-sdk/provider';
import { jsonSchema, tool, type Tool } from 'ai';
import { z } from 'zod';

export type ToolOutput = { ok: true; [key: string]: unknown } | { ok: false; error: string; [key: string]: unknown };

/**
 * An error whose message is meant for the model (bad sheet name, unknown section id…). `details`
 * go into the answer beside the message (e.g. what a write produced although a formula fails).
 */
export class ToolUseError extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

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
    // an enum says the type already
    if (k === 'type' && v === 'string' && Array.isArray((node as { enum?: unknown }).enum)) continue;
    // "properties" maps names to schemas: keep every name
    out[k] = k === 'properties' && v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, sub]) => [name, stripEnforced(sub)])) : stripEnforced(v);
  }
  return out;
}

export function compactJsonSchema(schema: z.ZodType): JSONSchema7 {
  return stripEnforced(z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' })) as JSONSchema7;
}

/**
 * Properties whose schema the model already saw in another tool of the set: shown as an object that
 * refers to it ("as in add_slides") instead of repeating it — every schema is sent on every turn.
 * Validation in execute still uses the whole zod schema.
 */
export interface ShownSchemaOptions {
  sameAs?: { tool: string; properties: string[] };
}

function shownSchema(schema: z.ZodType, opts: ShownSchemaOptions): JSONSchema7 {
  const json = compactJsonSchema(schema);
  const same = opts.sameAs;
  if (!same || !json.properties) return json;
  const properties = { ...json.properties };
  for (const name of same.properties) {
    const prop = properties[name];
    if (prop && typeof prop === 'object') properties[name] = { ...(prop.type ? { type: prop.type } : {}), description: `as in ${same.tool}` };
  }
  return { ...json, properties };
}

export function defineTool<S extends z.ZodType>(
  description: string,
  schema: S,
  run: (input: z.output<S>) => Record<string, unknown> | Promise<Record<string, unknown>>,
  opts: ShownSchemaOptions = {},
): AgentTool {
  return tool<unknown, ToolOutput>({
    description,
    inputSchema: jsonSchema<unknown>(shownSchema(schema, opts), { validate: (value) => ({ success: true, value }) }),
    execute: async (raw): Promise<ToolOutput> => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return { ok: false, error: `invalid input: ${formatZodError(parsed.error)}` };
      try {
        return { ok: true, ...(await run(parsed.data)) };
      } catch (e) {
        if (e instanceof ToolUseError) return { ok: false, error: e.message, ...e.details };
        if (e instanceof z.ZodError) return { ok: false, error: `invalid result: ${formatZodError(e)}` };
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
    },
  });
}
