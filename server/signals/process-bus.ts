// Process-wide event buses. Next's production build compiles instrumentation.ts (which starts the
// local worker) and the route handlers as separate module graphs: a module both import exists twice
// in the process (in the built app, process-bus.ts itself has one module id in the route chunks and
// another in the instrumentation chunks). An emitter kept in a module variable would exist once per
// graph, and a task finished by the worker would never reach a request waiting in a route handler.
// These buses live on globalThis under a registered Symbol, so every copy of the module shares them.
import { EventEmitter } from 'node:events';

/** The process's emitter named `name` (created on first use, no listener limit). */
export function processBus(name: string): EventEmitter {
  const key = Symbol.for(`docsmith.bus.${name}`);
  const g = globalThis as unknown as Record<symbol, EventEmitter | undefined>;
  let bus = g[key];
  if (!bus) {
    bus = new EventEmitter();
    bus.setMaxListeners(0);
    g[key] = bus;
  }
  return bus;
}

/** A value shared by every bundle of the process (created once by `make`). */
export function processSingleton<T>(name: string, make: () => T): T {
  const key = Symbol.for(`docsmith.singleton.${name}`);
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  return (g[key] ??= make());
}
