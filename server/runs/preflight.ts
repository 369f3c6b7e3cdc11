// Validates a generation request without spending anything: the ids it names exist in the caller's
// org, the run is resumable and of the right format, the slide guard, and the credit balance.
// POST /preflight reports every issue; generation endpoints raise the first one.
import type { Db } from '../db/client';
import type { Run } from '../db/generated/client';
import type { RunFormat, TaskKind } from '../db/generated/enums';
import { balanceOf } from '../credits/ledger';
import { estimateCredits } from '../credits/pricing';
import { ApiError, type ErrorCode } from '../http/api-error';
import { env } from '../env';

export const MAX_SLIDES_PER_CALL = 30;

export interface PreflightInput {
  format: RunFormat;
  kind: TaskKind;
  prompt: string;
  runId?: string;
  fileIds?: string[];
  imageIds?: string[];
  slideCount?: number;
}

export interface PreflightIssue {
  code: ErrorCode;
  field: string;
  message: string;
}

export interface PreflightResult {
  ok: boolean;
  issues: PreflightIssue[];
  estimate: number;
  balance: number;
  run: Run | null;
}

/** Whether a run has passed its retention window (a timer also marks it; this is exact at any time). */
export function isRunExpired(run: Run, now = new Date()): boolean {
  return run.status === 'expired' || run.expiredAt !== null || now.getTime() - run.lastTaskAt.getTime() > env().RUN_RETENTION_DAYS * 86_400_000;
}

export async function preflight(db: Db, orgId: string, input: PreflightInput): Promise<PreflightResult> {
  const issues: PreflightIssue[] = [];
  let run: Run | null = null;
  if (input.runId) {
    run = await db.run.findFirst({ where: { id: input.runId, orgId } });
    if (!run) issues.push({ code: 'not_found', field: 'run_id', message: 'run not found' });
    else if (isRunExpired(run)) issues.push({ code: 'gone', field: 'run_id', message: 'run has expired; start a new run' });
    else if (run.format !== input.format) {
      issues.push({ code: 'invalid_request', field: 'run_id', message: `run ${run.id} is a ${run.format} run, not ${input.format}` });
    }
  }
  for (const [field, ids, kind] of [
    ['file_ids', input.fileIds ?? [], 'file'],
    ['image_ids', input.imageIds ?? [], 'image'],
  ] as const) {
    if (!ids.length) continue;
    const unique = [...new Set(ids)];
    const found = await db.fileObject.findMany({ where: { id: { in: unique }, orgId, kind }, select: { id: true, mime: true } });
    const have = new Map(found.map((f) => [f.id, f.mime]));
    for (const id of unique) if (!have.has(id)) issues.push({ code: 'not_found', field, message: `${kind} ${id} not found` });
    if (kind !== 'image' || have.size === 0) continue;
    if (input.format === 'excel') {
      issues.push({ code: 'invalid_request', field, message: 'images are placed in Word documents and slide decks; an Excel run takes file_ids (.csv or .xlsx data)' });
    } else if (input.format === 'word' || input.format === 'slides') {
      for (const [id, mime] of have) {
        if (mime === 'image/webp') issues.push({ code: 'invalid_request', field, message: `image ${id} is WebP, which .docx and .pptx files cannot embed; upload it as PNG or JPEG` });
      }
    }
  }
  if (input.format === 'slides' && input.slideCount !== undefined && input.slideCount > MAX_SLIDES_PER_CALL) {
    issues.push({
      code: 'invalid_request',
      field: 'prompt',
      message: `at most ${MAX_SLIDES_PER_CALL} slides per call; build larger decks across calls with run_id`,
    });
  }
  const estimate = estimateCredits({
    format: input.format,
    kind: input.kind,
    promptChars: input.prompt.length,
    resume: !!run,
    slideCount: input.slideCount,
    attachments: (input.fileIds?.length ?? 0) + (input.imageIds?.length ?? 0),
  });
  const balance = await balanceOf(db, orgId);
  if (balance < estimate) {
    issues.push({ code: 'insufficient_credits', field: 'credits', message: `this request needs about ${estimate} credits; the balance is ${balance}` });
  }
  return { ok: issues.length === 0, issues, estimate, balance, run };
}

/** For generation endpoints: the first issue as the API error it stands for. */
export function raiseFirstIssue(r: PreflightResult): void {
  const first = r.issues[0];
  if (!first) return;
  throw new ApiError(first.code, first.message, {
    field: first.field,
    ...(first.code === 'insufficient_credits' ? { estimate: r.estimate, balance: r.balance } : {}),
  });
}

/** "a 40-slide deck", "12 slides": the slide count a prompt asks for, if it says one. */
export function slideCountFromPrompt(prompt: string): number | undefined {
  const m = /(\d{1,3})\s*-?\s*(?:slide|page)s?\b/i.exec(prompt);
  return m ? Number(m[1]) : undefined;
}
