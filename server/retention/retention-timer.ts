// EXECUTOR=local: the retention sweep on a timer in the app process (Inngest runs it as a cron).
// The first sweep runs a minute after start-up, then every RETENTION_SWEEP_INTERVAL_MS.
import 'server-only';
import { logBackgroundError } from '../http/database-unavailable';
import type { Db } from '../db/client';
import { env } from '../env';
import { enforceRetention } from './enforce-retention';

const g = globalThis as unknown as { __docsmithRetention?: NodeJS.Timeout };

export function startRetentionTimer(db: Db, opts: { firstDelayMs?: number } = {}): void {
  if (g.__docsmithRetention) return;
  let sweeping = false;
  const sweep = () => {
    if (sweeping) return;
    sweeping = true;
    enforceRetention(db)
      .catch((err: unknown) => logBackgroundError(err, {}, 'retention sweep failed'))
      .finally(() => {
        sweeping = false;
      });
  };
  const first = setTimeout(() => {
    sweep();
    g.__docsmithRetention = setInterval(sweep, env().RETENTION_SWEEP_INTERVAL_MS);
    g.__docsmithRetention.unref();
  }, opts.firstDelayMs ?? 60_000);
  first.unref();
  g.__docsmithRetention = first;
}

export function stopRetentionTimer(): void {
  if (g.__docsmithRetention) clearTimeout(g.__docsmithRetention);
  g.__docsmithRetention = undefined;
}
