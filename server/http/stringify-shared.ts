// JSON text of a value that never changes once built (a cached document model, its formula
// values): serialized once per object, for as long as the object is alive.
import 'server-only';
const serialized = new WeakMap<object, string>();

export function stringifyShared(value: object): string {
  let s = serialized.get(value);
  if (s === undefined) {
    s = JSON.stringify(value);
    serialized.set(value, s);
  }
  return s;
}
