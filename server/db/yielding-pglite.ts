// PGlite runs PostgreSQL in this thread: each query is synchronous WebAssembly behind a promise that
// is already settled when it returns. A task that runs many queries back to back therefore never
// lets the event loop reach its I/O phase, and every other request of the instance waits for the
// whole chain (a 1,500-row import held /verify for 0.5 s in one stretch of small queries). The
// client Prisma gets from here starts every statement after one turn of the event loop
// (setImmediate), so other requests are served between a task's statements. A transaction's own
// statements yield the same way; PGlite still runs one transaction at a time.
import type { PGlite } from '@electric-sql/pglite';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const YIELDING = new Set<PropertyKey>(['query', 'exec', 'sql']);

function yielding<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (YIELDING.has(prop))
        return async (...args: unknown[]) => {
          await turn();
          return fn.apply(t, args);
        };
      if (prop === 'transaction')
        return async (callback: (tx: object) => unknown) => {
          await turn();
          return fn.call(t, (tx: object) => callback(yielding(tx)));
        };
      return fn.bind(t);
    },
  });
}

/** The same PGlite, whose statements (and transactions' statements) each start on a new event-loop turn. */
export function yieldingPglite(db: PGlite): PGlite {
  return yielding(db);
}
