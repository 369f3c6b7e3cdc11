// "The API keys of organization X changed" (a key revoked, a member removed with their keys): told
// to this process at once and, on PostgreSQL, to every other instance (LISTEN/NOTIFY), so that an
// instance that remembers recently verified keys (server/auth/api-key-cache.ts) forgets them before
// its next request. `keySignalsReliable` says whether this process hears the others right now: on
// PostgreSQL without a LISTEN connection a cache must not be trusted.
import { currentDbHandle, type DbHandle } from '../db/client';
import type { DbNotifications } from '../db/notifications';
import { log } from '../log';
import { processBus, processSingleton } from './process-bus';

const KIND = 'keys_changed';
const ALL = '*';

const bus = () => processBus('key-signals');
const relayed = processSingleton('key-signals.relayed', () => new WeakSet<DbNotifications>());

function relay(handle: DbHandle): DbNotifications | null {
  const n = handle.notifications;
  if (!n || relayed.has(n)) return n;
  relayed.add(n);
  n.on('message', (kind: string, orgId: string) => {
    if (kind === KIND) bus().emit(KIND, orgId);
  });
  // messages sent while LISTEN was down were missed: forget everything
  n.on('resync', () => bus().emit(KIND, ALL));
  return n;
}

/** The keys of `orgId` changed: every instance forgets what it remembers of them. */
export async function announceKeysChanged(orgId: string): Promise<void> {
  bus().emit(KIND, orgId);
  const pending = currentDbHandle();
  if (!pending) return;
  try {
    await (await pending).notifications?.notify(KIND, orgId);
  } catch (err) {
    log().warn({ err, orgId }, 'key signal: NOTIFY failed (other instances forget their cached keys within seconds)');
  }
}

/**
 * Whether every change of keys reaches this process at once: yes for the embedded database (one
 * process); on PostgreSQL only while the LISTEN connection is in place (started here, not awaited).
 */
export async function keySignalsReliable(): Promise<boolean> {
  const pending = currentDbHandle();
  if (!pending) return false;
  const handle = await pending;
  if (handle.kind === 'pglite') return true;
  const n = relay(handle);
  if (!n) return false;
  if (!n.connected) void n.listen(0);
  return n.connected;
}

/** Calls `fn(orgId)` when an organization's keys changed (`'*'`: all of them may have). */
export function onKeysChanged(fn: (orgId: string) => void): () => void {
  const b = bus();
  b.on(KIND, fn);
  return () => b.off(KIND, fn);
}
