import type { z } from 'zod';
import { ApiError } from './api-error';
import { assertCleanInput } from './check-input-text';
import { env } from '../env';

/** Parses input with a zod schema; unknown keys, bad values, NUL/lone surrogates and deep nesting become one 400 error. */
export function validate<T extends z.ZodType>(schema: T, input: unknown, where: 'body' | 'query' | 'path'): z.infer<T> {
  assertCleanInput(input, where, env().MAX_JSON_DEPTH);
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys : undefined;
    return {
      location: where,
      path: [...i.path.map(String), ...(keys && keys.length === 1 ? keys : [])].join('.'),
      message: i.message,
      ...(keys ? { unknown_keys: keys } : {}),
    };
  });
  const allUnknown = r.error.issues.every((i) => i.code === 'unrecognized_keys');
  const first = issues[0]!;
  const message = allUnknown
    ? `unknown ${where} parameter${issues.flatMap((i) => i.unknown_keys ?? []).length > 1 ? 's' : ''}: ${issues.flatMap((i) => i.unknown_keys ?? []).join(', ')}`
    : `invalid ${where}${first.path ? ` at "${first.path}"` : ''}: ${first.message}`;
  throw new ApiError(allUnknown ? 'unknown_parameter' : 'invalid_request', message, { issues });
}
