// A database that cannot be reached is a fault of the service, not of the request: 503
// service_unavailable with Retry-After, and one log line per interval instead of a stack trace
// per request.
import { log } from '../log';
import { ApiError } from './api-error';

const PRISMA_UNREACHABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '57P01', '57P03']);
const NET_TEXT = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|Connection terminated|Can't reach database server|the database system is (starting up|shutting down)|terminating connection/i;

export const RETRY_AFTER_SECONDS = 5;
const LOG_INTERVAL_MS = 10_000;
let lastLogged = 0;
let suppressed = 0;

/** Whether the error (or one of its causes) says the database could not be reached. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (PRISMA_UNREACHABLE.has(code) || NET_CODES.has(code))) return true;
    const meta = (e as { meta?: unknown }).meta;
    const message = (e as { message?: unknown }).message;
    if ((typeof message === 'string' && NET_TEXT.test(message)) || (meta && NET_TEXT.test(JSON.stringify(meta)))) return true;
  }
  return false;
}

/** The 503 answer, logging at most one line per 10 s (with how many were not logged). */
export function databaseUnavailableError(err: unknown, now = Date.now()): ApiError {
  if (now - lastLogged >= LOG_INTERVAL_MS) {
    const code = (err as { code?: unknown })?.code;
    log().error({ code, suppressed }, 'database unreachable: answering 503 service_unavailable');
    lastLogged = now;
    suppressed = 0;
  } else suppressed++;
  return new ApiError('service_unavailable', 'the database is unreachable; retry shortly', undefined, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}

/** Tests: forget the log interval. */
export function resetDatabaseUnavailableLog(): void {
  lastLogged = 0;
  suppressed = 0;
}

/**
 * For background loops (worker claims, webhook refills, retention): an unreachable database is
 * logged once per interval like the API's 503s; any other error is logged as it is.
 */
export function logBackgroundError(err: unknown, context: Record<string, unknown>, message: string): void {
  if (isDatabaseUnavailable(err)) databaseUnavailableError(err);
  else log().error({ err, ...context }, message);
}
