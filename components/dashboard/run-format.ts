// Display helpers for runs and tasks shared by the dashboard pages.
import type { BadgeTone } from '@/components/ui/badge';

export type RunFormat = 'excel' | 'word' | 'slides' | 'text';
export type TaskStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';

export const FORMAT_LABEL: Record<RunFormat, string> = {
  excel: 'Excel',
  word: 'Word',
  slides: 'Slides',
  text: 'Text',
};

export const FORMAT_EXT: Record<RunFormat, string> = { excel: 'xlsx', word: 'docx', slides: 'pptx', text: 'txt' };

export const EXPORT_FORMAT_VALUES = ['pdf', 'csv', 'png', 'html', 'txt', 'odt', 'odp'] as const;
type ExportFormat = (typeof EXPORT_FORMAT_VALUES)[number];

/** Export targets per run format (POST /runs/{id}/export). */
export const EXPORT_FORMATS: Record<RunFormat, ExportFormat[]> = {
  excel: ['pdf', 'csv', 'html', 'png'],
  word: ['pdf', 'odt', 'html', 'txt'],
  slides: ['pdf', 'odp', 'png'],
  text: [],
};

export const STATUS_TONE: Record<TaskStatus, BadgeTone> = {
  queued: 'neutral',
  running: 'accent',
  completed: 'success',
  failed: 'danger',
  cancelled: 'warning',
  expired: 'warning',
};

export const isActive = (s: string) => s === 'queued' || s === 'running';

export const PHASE_LABEL: Record<string, string> = {
  queued: 'Waiting for a worker',
  preflight: 'Checking the request',
  agent_turn: 'The agent is working',
  rendering: 'Rendering the file',
  uploading_result: 'Saving the file',
  completed: 'Done',
};

export const phaseLabel = (phase: string | null) => (phase ? (PHASE_LABEL[phase] ?? phase.replace(/_/g, ' ')) : '—');

export const credits = (n: number) => n.toLocaleString('en-US');

export const VERSION_SOURCE_LABEL: Record<string, string> = {
  agent: 'Agent',
  editor: 'Editor',
  upload: 'Upload',
  restore: 'Restore',
};
