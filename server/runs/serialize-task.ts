import type { Task } from '../db/generated/client';

export interface TaskUrls {
  downloadUrl: string | null;
  editUrl: string | null;
}

interface StoredResult {
  summary?: string | null;
  artifacts?: { kind: string; file_name: string; version: number }[];
  outline?: unknown;
  answer?: string;
  cells_used?: unknown;
  text?: string;
  warnings?: Array<{ code: string; message: string; location?: string }>;
}

/** The kind-specific part of a result: outline, answer + cells_used, or text. */
export function answerFields(stored: StoredResult | null): Record<string, unknown> {
  if (!stored) return {};
  const out: Record<string, unknown> = {};
  for (const k of ['outline', 'answer', 'cells_used', 'text'] as const) if (stored[k] !== undefined) out[k] = stored[k];
  return out;
}

/** The columns of a task its API object is made of. */
export type TaskView = Pick<
  Task,
  'id' | 'runId' | 'kind' | 'status' | 'phase' | 'turnIndex' | 'progress' | 'result' | 'error' | 'creditsUsed' | 'durationMs' | 'createdAt' | 'updatedAt'
>;

/** The task object of GET /tasks/{id}. URLs are minted fresh by the caller (they expire). */
export function serializeTask(t: TaskView, urls: TaskUrls = { downloadUrl: null, editUrl: null }) {
  const stored = (t.result ?? null) as StoredResult | null;
  return {
    task_id: t.id,
    run_id: t.runId,
    kind: t.kind,
    status: t.status,
    phase: t.phase,
    turn_index: t.turnIndex,
    progress: t.status === 'completed' ? 100 : t.progress,
    result:
      t.status === 'completed' && stored
        ? {
            download_url: urls.downloadUrl,
            edit_url: urls.editUrl,
            summary: stored.summary ?? null,
            artifacts: (stored.artifacts ?? []).map((a) => ({ ...a, download_url: urls.downloadUrl })),
            ...(stored.warnings?.length ? { warnings: stored.warnings } : {}),
            ...answerFields(stored),
          }
        : null,
    error: (t.error ?? null) as { code: string; message: string } | null,
    credits_used: t.creditsUsed,
    duration_ms: t.durationMs,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}
