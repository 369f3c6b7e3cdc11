import pino from 'pino';
import { env } from './env';

let logger: pino.Logger | undefined;

/** Process logger. Never log tokens or keys: log paths without query strings. */
export function log(): pino.Logger {
  logger ??= pino({ level: env().NODE_ENV === 'test' ? 'silent' : env().LOG_LEVEL, base: undefined });
  return logger;
}
