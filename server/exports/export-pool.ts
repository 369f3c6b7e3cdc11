// The process's LibreOffice pool, configured from server/env.ts and created on the first export
// (never at start-up). A process 'exit' hook kills any listener still running. The pool is
// process-wide (globalThis, registered Symbol): the built app's bundles each have their own copy of
// this module, and they must share one pool (and /api/metrics must see the one that converts).
import { findSoffice } from '../documents/common/soffice';
import { env } from '../env';
import { reportExportPool } from '../metrics/export-metrics';
import { LibreOfficePool } from './libreoffice-pool';

interface Holder {
  pool: LibreOfficePool | undefined;
  hooked: boolean;
  maxListeners: number;
}

const KEY = Symbol.for('docsmith.export-pool');
const holder = ((globalThis as unknown as Record<symbol, Holder | undefined>)[KEY] ??= { pool: undefined, hooked: false, maxListeners: 0 });

reportExportPool(() => {
  const s = holder.pool?.stats();
  return s && { maxListeners: holder.maxListeners, busy: s.busy, idle: s.pids.length - s.busy, queued: s.queued };
});

export function getExportPool(): LibreOfficePool {
  if (!holder.pool) {
    const e = env();
    holder.maxListeners = e.EXPORT_POOL_SIZE;
    holder.pool = new LibreOfficePool({
      soffice: e.SOFFICE_PATH ?? findSoffice(),
      python: e.EXPORT_PYTHON,
      size: e.EXPORT_POOL_SIZE,
      timeoutMs: e.EXPORT_TIMEOUT_MS,
      recycleAfter: e.EXPORT_RECYCLE_AFTER,
      idleMs: e.EXPORT_IDLE_MS,
    });
    if (!holder.hooked) {
      holder.hooked = true;
      process.once('exit', () => holder.pool?.killAll());
    }
  }
  return holder.pool;
}

/** The pool if one was started (for stats), without starting it. */
export function currentExportPool(): LibreOfficePool | undefined {
  return holder.pool;
}

/** Stops the pool's listeners; the next export starts a new pool (with the configuration of that time). */
export async function shutdownExportPool(): Promise<void> {
  const p = holder.pool;
  holder.pool = undefined;
  await p?.shutdown();
}
