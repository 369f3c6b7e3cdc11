// Tasks whose result is an answer rather than a new document: slide outlines, workbook analysis
// and text tasks. They run through the same pipeline (durable steps, credits, sync/async).
import type { Db } from '../db/client';
import type { Run, Task } from '../db/generated/client';
import { analyzeWorkbook } from '../agent/analyze-workbook';
import { generateOutline } from '../agent/generate-outline';
import { runTextTask } from '../agent/run-text-task';
import { readUploadedWorkbook } from '../agent/load-attachments';
import { slideCountFromPrompt } from '../runs/preflight';
import { loadCurrentModel } from '../runs/version-model';

export interface AnswerResult {
  summary: string;
  provider: string;
  usage: { inputTokens: number; outputTokens: number };
  /** Kind-specific fields merged into the task result (outline / answer + cells_used / text). */
  output: Record<string, unknown>;
}

interface AnswerRequest {
  prompt: string;
  slide_count?: number;
  text?: string;
  style?: string;
  file_id?: string;
  text_kind?: 'generate' | 'summarize' | 'rewrite';
}

export class AnswerTaskError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function workbookFor(db: Db, task: Task, run: Run, req: AnswerRequest): Promise<unknown> {
  if (req.file_id) {
    const file = await db.fileObject.findFirst({ where: { id: req.file_id, orgId: task.orgId, kind: 'file' } });
    if (!file) throw new AnswerTaskError('not_found', 'file not found');
    return readUploadedWorkbook(file);
  }
  const v = await loadCurrentModel(db, run);
  if (!v) throw new AnswerTaskError('no_document', 'this run has no workbook yet');
  return v.model;
}

async function previousText(db: Db, run: Run, taskId: string): Promise<string | undefined> {
  const prev = await db.task.findFirst({
    where: { runId: run.id, id: { not: taskId }, status: 'completed' },
    orderBy: { id: 'desc' },
  });
  return (prev?.result as { text?: string } | null)?.text;
}

export async function runAnswerTask(db: Db, task: Task, run: Run, signal?: AbortSignal): Promise<AnswerResult> {
  const req = task.request as unknown as AnswerRequest;
  if (task.kind === 'outline') {
    const o = await generateOutline({ prompt: task.prompt, slideCount: req.slide_count ?? slideCountFromPrompt(task.prompt), signal });
    return {
      summary: `Outline "${o.title}" with ${o.slides.length} slides${o.provider === 'offline' ? ' (offline model)' : ''}.`,
      provider: o.provider,
      usage: o.usage,
      output: { outline: { title: o.title, slides: o.slides } },
    };
  }
  if (task.kind === 'analyze') {
    const a = await analyzeWorkbook({ question: task.prompt, workbook: await workbookFor(db, task, run, req), signal });
    return {
      summary: a.answer,
      provider: a.provider,
      usage: a.usage,
      output: { answer: a.answer, cells_used: a.cells_used },
    };
  }
  const kind = req.text_kind ?? 'generate';
  const t = await runTextTask({
    kind,
    prompt: task.prompt,
    text: req.text ?? (kind === 'generate' ? await previousText(db, run, task.id) : undefined),
    style: req.style,
    signal,
  });
  return {
    summary: `${kind === 'generate' ? 'Generated' : kind === 'summarize' ? 'Summarized' : 'Rewrote'} ${t.text.length} characters${t.provider === 'offline' ? ' (offline model)' : ''}.`,
    provider: t.provider,
    usage: t.usage,
    output: { text: t.text },
  };
}
