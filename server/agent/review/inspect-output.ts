/** The inspection of a finished document, per format (filled in when the per-format inspections land). */
import type { Finding } from '@/server/documents/common/finding';
import type { AgentFormat } from '../types';

export type InspectOutput = (format: AgentFormat, model: unknown, ctx: { prompt: string; signal?: AbortSignal }) => Promise<Finding[]>;

export const inspectOutput: InspectOutput = async () => [];
