// Credit prices. A task's price is fixed at preflight (shown as the estimate) and debited once when
// the task completes; failed and cancelled tasks are not charged.
import type { RunFormat, TaskKind } from '../db/generated/enums';

const BASE: Record<RunFormat, number> = { excel: 40, word: 30, slides: 50, text: 5 };

export interface PriceInput {
  format: RunFormat;
  kind: TaskKind;
  promptChars: number;
  /** Resuming an existing run costs less: the agent starts from its memory. */
  resume: boolean;
  slideCount?: number;
  attachments?: number;
}

export function estimateCredits(p: PriceInput): number {
  if (p.kind === 'outline') return 5;
  if (p.kind === 'analyze') return 10 + Math.ceil(p.promptChars / 1000);
  const base = p.resume ? Math.ceil(BASE[p.format] / 2) : BASE[p.format];
  const slides = p.format === 'slides' ? Math.max(0, (p.slideCount ?? 8) - 8) * 3 : 0;
  return base + Math.ceil(p.promptChars / 500) + slides + 5 * (p.attachments ?? 0);
}
