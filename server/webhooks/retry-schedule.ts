// When the next attempt of a failed delivery is due: exponential backoff with jitter, and never
// before the receiver's Retry-After (capped by WEBHOOK_RETRY_MAX_MS).
import { env } from '../env';

export interface RetryConfig {
  maxAttempts: number;
  baseMs: number;
  factor: number;
  maxMs: number;
  jitter: number;
}

export function retryConfig(): RetryConfig {
  const e = env();
  return {
    maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    baseMs: e.WEBHOOK_RETRY_BASE_MS,
    factor: e.WEBHOOK_RETRY_FACTOR,
    maxMs: e.WEBHOOK_RETRY_MAX_MS,
    jitter: e.WEBHOOK_RETRY_JITTER,
  };
}

/** Wait after failed attempt `n` (1-based): base × factor^(n-1), capped, then spread by ± jitter. */
export function backoffMs(n: number, cfg: RetryConfig, random: () => number = Math.random): number {
  const nominal = Math.min(cfg.maxMs, cfg.baseMs * cfg.factor ** Math.max(0, n - 1));
  const spread = 1 + cfg.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(cfg.maxMs, nominal * spread)));
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The delay before the next attempt, or null when attempt `n` was the last one. */
export function nextDelayMs(n: number, retryAfterMs: number | undefined, cfg: RetryConfig, random?: () => number): number | null {
  if (n >= cfg.maxAttempts) return null;
  const backoff = backoffMs(n, cfg, random);
  return Math.min(cfg.maxMs, Math.max(backoff, retryAfterMs ?? 0));
}
