// API keys this instance verified in the last few seconds, so that a client polling a task does not
// cost a key lookup per request. An entry is only used while changes of keys reach this process at
// once (server/signals/key-signals.ts: always with the embedded database; on PostgreSQL while the
// LISTEN connection is up); a revocation anywhere drops the organization's entries before the
// revoking request answers here and within milliseconds on the other instances. A lookup that
// started before a change is never stored (a generation counter), and an entry's own expiry is
// checked on every use.
import { processSingleton } from '../signals/process-bus';
import { keySignalsReliable, onKeysChanged } from '../signals/key-signals';
import type { ApiKeyPrincipal } from './verify-api-key';

const TTL_MS = 10_000;
const MAX_KEYS = 10_000;

export interface CachedKey {
  principal: ApiKeyPrincipal;
  expiresAt: number | null;
  lastUsedAt: number | null;
  cachedAt: number;
}

interface State {
  entries: Map<string, CachedKey>;
  generation: number;
  unsubscribe: (() => void) | null;
}

const state = processSingleton<State>('api-key-cache', () => ({ entries: new Map(), generation: 0, unsubscribe: null }));

function subscribe(): void {
  if (state.unsubscribe) return;
  state.unsubscribe = onKeysChanged((orgId) => {
    state.generation++;
    if (orgId === '*') state.entries.clear();
    else for (const [hash, e] of state.entries) if (e.principal.orgId === orgId) state.entries.delete(hash);
  });
}

/** A token to pass to rememberKey: a lookup that started before a change of keys is not stored. */
export function keyCacheGeneration(): number {
  subscribe();
  return state.generation;
}

/** The still-valid entry for a key hash, when entries can be trusted right now. */
export async function cachedKey(hash: string, now: number): Promise<CachedKey | null> {
  subscribe();
  const e = state.entries.get(hash);
  if (!e) return null;
  if (now - e.cachedAt > TTL_MS || (e.expiresAt !== null && e.expiresAt <= now) || !(await keySignalsReliable())) {
    state.entries.delete(hash);
    return null;
  }
  return e;
}

export function rememberKey(hash: string, entry: CachedKey, generation: number): void {
  if (generation !== state.generation) return;
  state.entries.delete(hash);
  state.entries.set(hash, entry);
  if (state.entries.size > MAX_KEYS) state.entries.delete(state.entries.keys().next().value!);
}

/** Tests only. */
export function clearKeyCacheForTests(): void {
  state.entries.clear();
  state.generation++;
}
