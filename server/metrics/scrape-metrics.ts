// GET /api/metrics: the registry in Prometheus text format, for a scraper that presents
// METRICS_TOKEN as a bearer token. Without METRICS_TOKEN the endpoint is disabled (the route answers
// 404), so an instance never exposes its metrics by default.
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from '../env';
import { refreshDatabaseGauges } from './database-gauges';
import { metrics } from './registry';

export type ScrapeResult =
  | { outcome: 'disabled' }
  | { outcome: 'unauthorized' }
  | { outcome: 'ok'; body: string; contentType: string };

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Compares the presented bearer token with the configured one in constant time. */
export function tokenMatches(authorization: string | null, token: string): boolean {
  const presented = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
  // hashes of equal length, compared whatever was presented
  const equal = timingSafeEqual(digest(presented ?? ''), digest(token));
  return equal && presented !== undefined;
}

export async function scrapeMetrics(authorization: string | null): Promise<ScrapeResult> {
  const token = env().METRICS_TOKEN;
  if (!token) return { outcome: 'disabled' };
  if (!tokenMatches(authorization, token)) return { outcome: 'unauthorized' };
  const { registry } = metrics();
  refreshDatabaseGauges();
  return { outcome: 'ok', body: await registry.metrics(), contentType: registry.contentType };
}
