import { z } from 'zod';
import { ApiError } from './api-error';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `limit` for list endpoints: clamped into 1..100 rather than rejected. */
export const limitParam = z.coerce
  .number()
  .int()
  .optional()
  .transform((n) => Math.min(MAX_PAGE_SIZE, Math.max(1, n ?? DEFAULT_PAGE_SIZE)))
  .meta({ description: `Page size, 1–${MAX_PAGE_SIZE} (values outside are clamped); default ${DEFAULT_PAGE_SIZE}.` });

export const cursorParam = z
  .string()
  .max(200)
  .optional()
  .meta({ description: 'The next_cursor of the previous page.' });

/** Opaque cursor: the id of the last item returned (lists are ordered by id, newest first). */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ k: lastId })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof v.k === 'string' && v.k.length < 100) return v.k;
  } catch {
    /* fall through */
  }
  throw new ApiError('invalid_request', 'cursor is not valid (pass the next_cursor of a previous page)');
}

/**
 * Takes `limit + 1` rows ordered newest first and returns the page and the cursor for the next one.
 * Callers query `where id < cursorId orderBy id desc take limit + 1`.
 */
export function page<T extends { id: string }>(rows: T[], limit: number): { items: T[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items, next_cursor: more && items.length ? encodeCursor(items[items.length - 1]!.id) : null };
}
