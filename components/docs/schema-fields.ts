// Flattens a JSON schema (with $refs into components) into rows for a fields table.
import type { JsonSchema, OpenApiDoc } from './openapi-types';

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  description: string;
  constraints: string[];
  depth: number;
}

const SAFE = 9007199254740991;

export function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

export function resolve(doc: OpenApiDoc, s: JsonSchema | undefined, seen: Set<string> = new Set()): JsonSchema {
  if (!s) return {};
  if (s.$ref) {
    const name = refName(s.$ref);
    if (seen.has(name)) return { description: s.description, type: 'object' };
    const target = doc.components?.schemas?.[name] ?? {};
    // Sibling keywords (description) override the referenced schema's.
    const { $ref: _ref, ...rest } = s;
    void _ref;
    return { ...resolve(doc, target, new Set([...seen, name])), ...rest };
  }
  return s;
}

function nonNull(doc: OpenApiDoc, s: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    const rest = variants.filter((v) => v.type !== 'null');
    if (rest.length === 1 && rest.length < variants.length) {
      return {
        schema: { ...resolve(doc, rest[0]), description: s.description ?? resolve(doc, rest[0]).description },
        nullable: true,
      };
    }
  }
  if (Array.isArray(s.type) && s.type.includes('null')) {
    const types = s.type.filter((t) => t !== 'null');
    return { schema: { ...s, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { schema: s, nullable: false };
}

/** A short human type: "string (date-time)", "array of ApiKey", "one of: a, b", "X | null". */
export function typeLabel(doc: OpenApiDoc, raw: JsonSchema | undefined): string {
  if (!raw) return 'any';
  const named = raw.$ref ? refName(raw.$ref) : undefined;
  const { schema: s, nullable } = nonNull(doc, resolve(doc, raw));
  let label: string;
  if (s.const !== undefined) label = JSON.stringify(s.const);
  else if (s.enum) label = s.enum.map((v) => JSON.stringify(v)).join(' | ');
  else if (s.type === 'array') label = `array of ${typeLabel(doc, s.items)}`;
  else if (s.anyOf || s.oneOf) label = (s.anyOf ?? s.oneOf ?? []).map((v) => typeLabel(doc, v)).join(' | ');
  else if (named && (s.type === 'object' || s.properties)) label = named;
  else if (Array.isArray(s.type)) label = s.type.join(' | ');
  else label = (s.type ?? (s.properties ? 'object' : 'any')) + (s.format ? ` (${s.format})` : '');
  if (named && s.enum) label = `${named}: ${label}`;
  return nullable ? `${label} | null` : label;
}

export function constraints(s: JsonSchema): string[] {
  const out: string[] = [];
  if (s.minLength !== undefined && s.minLength > 0) out.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`max length ${s.maxLength}`);
  if (s.minimum !== undefined && Math.abs(s.minimum) < SAFE) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined && Math.abs(s.maximum) < SAFE) out.push(`≤ ${s.maximum}`);
  if (s.minItems !== undefined && s.minItems > 0) out.push(`min ${s.minItems} items`);
  if (s.maxItems !== undefined) out.push(`max ${s.maxItems} items`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  const example = s.example ?? s.examples?.[0];
  if (example !== undefined && typeof example !== 'object') out.push(`example ${JSON.stringify(example)}`);
  return out;
}

/** The properties of an object schema as rows; nested objects (and arrays of objects) are indented. */
export function fieldRows(doc: OpenApiDoc, raw: JsonSchema | undefined, maxDepth = 3): FieldRow[] {
  const rows: FieldRow[] = [];
  const walk = (schema: JsonSchema | undefined, prefix: string, depth: number, seen: Set<string>) => {
    const { schema: s } = nonNull(doc, resolve(doc, schema));
    const required = new Set(s.required ?? []);
    for (const [name, propRaw] of Object.entries(s.properties ?? {})) {
      const refKey = propRaw.$ref ? refName(propRaw.$ref) : undefined;
      const { schema: prop } = nonNull(doc, resolve(doc, propRaw));
      rows.push({
        name: prefix + name,
        type: typeLabel(doc, propRaw),
        required: required.has(name),
        description: prop.description ?? propRaw.description ?? '',
        constraints: constraints(prop),
        depth,
      });
      if (depth + 1 >= maxDepth || (refKey && seen.has(refKey))) continue;
      const nextSeen = refKey ? new Set([...seen, refKey]) : seen;
      if (prop.properties) walk(prop, `${prefix}${name}.`, depth + 1, nextSeen);
      else if (prop.type === 'array' && prop.items) {
        const item = resolve(doc, prop.items);
        if (item.properties) walk(prop.items, `${prefix}${name}[].`, depth + 1, nextSeen);
      }
    }
  };
  walk(raw, '', 0, new Set());
  return rows;
}
