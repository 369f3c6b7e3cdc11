// The Idempotency-Key of the REST API, as a tool argument (an MCP client sends the same headers with
// every call): the first call with a key does the work and its result is stored; a retry with the
// same key and arguments gets that result and starts nothing; the same key with other arguments is
// idempotency_key_reused. Keys are per organization and shared with REST (the fingerprints differ).
import 'server-only';
import { claimIdempotencyKey, completeIdempotencyKey, parseIdempotencyKey, releaseIdempotencyKey, requestFingerprint } from '../http/idempotency';
import type { McpToolContext } from './tool-context';

/** How long a retry waits for a first call with the same key that is still working (tool calls answer at once). */
const WAIT_MS = 30_000;

export async function idempotentToolCall(
  ctx: McpToolContext,
  tool: string,
  args: Record<string, unknown>,
  run: () => Promise<Record<string, unknown>>,
): Promise<{ body: Record<string, unknown>; replayed: boolean }> {
  const { idempotency_key: raw, ...rest } = args;
  const key = parseIdempotencyKey(typeof raw === 'string' ? raw : null);
  if (!key) return { body: await run(), replayed: false };
  const claim = await claimIdempotencyKey(ctx.db, ctx.auth.orgId, key, requestFingerprint('MCP', `tools/${tool}`, rest), WAIT_MS);
  if (claim.state === 'replay') return { body: claim.body as Record<string, unknown>, replayed: true };
  let body: Record<string, unknown>;
  try {
    body = await run();
  } catch (err) {
    await releaseIdempotencyKey(ctx.db, claim.recordId);
    throw err;
  }
  await completeIdempotencyKey(ctx.db, claim.recordId, 200, body);
  return { body, replayed: false };
}
