// Hashes of API keys this instance verified recently. A blocked address (too many failed keys) is
// refused before any lookup, except for a key on this list: a client that shares its address with
// whoever is failing (an office NAT, a proxy that hides addresses) keeps working. Only someone who
// holds a valid key can use the exception, and the key is still verified as usual.
const TTL_MS = 15 * 60_000;
const MAX_KEYS = 10_000;
/** key hash → when it was last verified (epoch ms); Map order is least recently verified first. */
const verifiedAt = new Map<string, number>();

export function rememberValidKey(hash: string, now = Date.now()): void {
  verifiedAt.delete(hash);
  verifiedAt.set(hash, now);
  if (verifiedAt.size > MAX_KEYS) verifiedAt.delete(verifiedAt.keys().next().value!);
}

export function wasRecentlyValid(hash: string, now = Date.now()): boolean {
  const at = verifiedAt.get(hash);
  if (at === undefined) return false;
  if (now - at > TTL_MS) {
    verifiedAt.delete(hash);
    return false;
  }
  return true;
}

/** Tests only. */
export function forgetValidKeysForTests(): void {
  verifiedAt.clear();
}
