// Idempotency-Key for POSTs: the first request with a key does the work and its 2xx response is
// stored; retries with the same key and body get that response replayed (concurrent retries wait
// for it); the same key with another body is a 409. Keys live 24 hours per organization.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { processBus } from '../signals/process-bus';
import { ApiError } from './api-error';
import { openEditTokens, sealEditTokens } from './seal-edit-tokens';

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const KEY_RE = /^[\x21-\x7e]{1,255}$/;

// Waiters in this process are woken as soon as the record they wait on is completed or released;
// across instances they poll, backing off from 100 ms to 1 s (50 waiters polling every 100 ms
// starved the embedded database's single connection, so the owner's own work could not finish).
// The bus is process-wide (server/signals/process-bus.ts), not a module variable: in the built app a
// module imported from instrumentation.ts and from route handlers exists twice. Today the owner and
// its waiters are all route handlers (one copy), so this only keeps it right if that changes.
const settled = processBus('idempotency-settled');

function waitForSettle(recordId: string, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      settled.off(recordId, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    settled.on(recordId, done);
  });
}

export type IdempotencyClaim =
  | { state: 'owner'; recordId: string }
  | { state: 'replay'; status: number; body: unknown };

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

export function parseIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  if (!KEY_RE.test(header)) {
    throw new ApiError('invalid_request', 'Idempotency-Key must be 1–255 printable ASCII characters without spaces');
  }
  return header;
}

/**
 * Claims the key or returns the stored response. Waits (polling) while another request holding
 * the same key is still working, up to `waitMs`.
 */
export async function claimIdempotencyKey(
  db: Db,
  orgId: string,
  key: string,
  fingerprint: string,
  waitMs: number,
  now = () => new Date(),
): Promise<IdempotencyClaim> {
  const deadline = Date.now() + waitMs;
  let delay = 100;
  for (;;) {
    const id = newId('idem');
    const inserted = await db.$executeRaw`
      INSERT INTO "IdempotencyRecord" ("id", "orgId", "key", "requestHash", "expiresAt", "createdAt")
      VALUES (${id}, ${orgId}, ${key}, ${fingerprint}, ${new Date(now().getTime() + IDEMPOTENCY_TTL_MS)}, ${now()})
      ON CONFLICT ("orgId", "key") DO NOTHING`;
    if (inserted === 1) return { state: 'owner', recordId: id };

    const existing = await db.idempotencyRecord.findUnique({ where: { orgId_key: { orgId, key } } });
    if (!existing) continue; // released in between: try again
    if (existing.expiresAt <= now()) {
      await db.idempotencyRecord.deleteMany({ where: { id: existing.id, expiresAt: { lte: now() } } });
      continue;
    }
    if (existing.requestHash !== fingerprint) {
      throw new ApiError('idempotency_key_reused', 'this Idempotency-Key was already used with a different request body', {
        idempotency_key: key,
      });
    }
    if (existing.responseStatus !== null) {
      // Stored as JSON text (jsonb would reorder keys): the replay is byte-identical.
      return { state: 'replay', status: existing.responseStatus, body: JSON.parse(openEditTokens(existing.responseBody as string)) as unknown };
    }
    if (Date.now() >= deadline) {
      throw new ApiError('conflict', 'a request with this Idempotency-Key is still being processed; retry later', {
        idempotency_key: key,
      });
    }
    await waitForSettle(existing.id, Math.max(1, Math.min(delay, deadline - Date.now())));
    delay = Math.min(delay * 2, 1000);
  }
}

export async function completeIdempotencyKey(db: Db, recordId: string, status: number, body: unknown): Promise<void> {
  await db.idempotencyRecord.update({
    where: { id: recordId },
    // edit tokens (edit_url) are sealed, not stored raw
    data: { responseStatus: status, responseBody: sealEditTokens(JSON.stringify(body ?? null)) },
  });
  settled.emit(recordId);
}

/** The work failed (error response): forget the key so that nothing is recorded for it. */
export async function releaseIdempotencyKey(db: Db, recordId: string): Promise<void> {
  await db.idempotencyRecord.deleteMany({ where: { id: recordId } });
  settled.emit(recordId);
}
