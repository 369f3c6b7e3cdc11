// Rejects request input that PostgreSQL or our own code cannot take: NUL characters and lone UTF-16
// surrogates in any string (PostgreSQL refuses both in text and JSON, error 22021) and nesting
// deeper than MAX_JSON_DEPTH (recursive walkers of user JSON would overflow the stack). Walks the
// parsed value iteratively, so the check itself cannot overflow.
import { ApiError } from './api-error';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null. */
export function badTextReason(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired UTF-16 surrogate';
  return null;
}

interface Frame {
  value: unknown;
  path: string;
  depth: number;
}

/** Throws a 400 naming the first offending field. */
export function assertCleanInput(input: unknown, where: 'body' | 'query' | 'path', maxDepth: number): void {
  const stack: Frame[] = [{ value: input, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const why = badTextReason(value);
      if (why) throw fieldError(where, path, why);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) {
      throw new ApiError('invalid_request', `invalid ${where}${path ? ` at "${path}"` : ''}: nested deeper than ${maxDepth} levels`, {
        issues: [{ location: where, path, message: `nested deeper than ${maxDepth} levels` }],
        max_depth: maxDepth,
      });
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: path ? `${path}.${i}` : String(i), depth: depth + 1 });
      continue;
    }
    for (const [k, v] of Object.entries(value)) {
      const childPath = path ? `${path}.${k}` : k;
      const why = badTextReason(k);
      if (why) throw fieldError(where, childPath, `key ${why}`);
      stack.push({ value: v, path: childPath, depth: depth + 1 });
    }
  }
}

function fieldError(where: string, path: string, why: string): ApiError {
  const shown = path.replace(/[\u0000-\u001f\uD800-\uDFFF]/g, '?');
  return new ApiError('invalid_request', `invalid ${where}${shown ? ` at "${shown}"` : ''}: ${why}`, {
    issues: [{ location: where, path: shown, message: why }],
  });
}
