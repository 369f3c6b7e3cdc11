import 'server-only';
import type { Run } from '../db/generated/client';
import { isRunExpired } from './preflight';

export function serializeRunSummary(r: Run) {
  return {
    run_id: r.id,
    format: r.format,
    // Past its retention window a run reads as expired even before the retention job marks it.
    status: isRunExpired(r) ? ('expired' as const) : r.status,
    title: r.title,
    prompt: r.prompt,
    credits_used: r.creditsUsed,
    duration_ms: r.durationMs,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    file_name: r.fileName,
    current_version: r.currentVersion,
  };
}
