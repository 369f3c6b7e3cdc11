// The fields only MCP tools have, on top of the REST request schemas the tools reuse.
import 'server-only';
import { z } from 'zod';

/** Longest wait_seconds: below the 60 s request timeout of MCP clients (the SDK's default). */
export const MAX_WAIT_SECONDS = 45;

export const waitSecondsField = z
  .number()
  .int()
  .min(0)
  .max(MAX_WAIT_SECONDS)
  .optional()
  .meta({
    description: `Wait up to this many seconds (0–${MAX_WAIT_SECONDS}, default 0) for the task to finish before answering; it keeps running past it. Poll get_task until status is completed, failed or cancelled.`,
  });

export const idempotencyKeyField = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .meta({
    description:
      'Makes the call safe to retry: a retry with the same key and arguments returns the first result and starts nothing new (keys live 24 h per organization); the same key with other arguments fails with idempotency_key_reused. 1–255 printable ASCII characters, no spaces.',
  });
