import type { Run } from '../db/generated/client';

export function serializeRunSummary(r: Run) {
  return {
    run_id: r.id,
    format: r.format,
    status: r.status,
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
