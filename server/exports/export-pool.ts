// The process's LibreOffice pool, configured from server/env.ts and created on the first export
// (never at start-up). A process 'exit' hook kills any listener still running.
import { findSoffice } from '../documents/common/soffice';
import { env } from '../env';
import { LibreOfficePool } from './libreoffice-pool';

let pool: LibreOfficePool | undefined;
let hooked = false;

export function getExportPool(): LibreOfficePool {
  if (!pool) {
    const e = env();
    pool = new LibreOfficePool({
      soffice: e.SOFFICE_PATH ?? findSoffice(),
      python: e.EXPORT_PYTHON,
      size: e.EXPORT_POOL_SIZE,
      timeoutMs: e.EXPORT_TIMEOUT_MS,
      recycleAfter: e.EXPORT_RECYCLE_AFTER,
      idleMs: e.EXPORT_IDLE_MS,
    });
    if (!hooked) {
      hooked = true;
      process.once('exit', () => pool?.killAll());
    }
  }
  return pool;
}

/** The pool if one was started (for stats), without starting it. */
export function currentExportPool(): LibreOfficePool | undefined {
  return pool;
}

/** Stops the pool's listeners; the next export starts a new pool (with the configuration of that time). */
export async function shutdownExportPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.shutdown();
}
