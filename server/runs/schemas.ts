// Request and response shapes of the generation, task and run endpoints (reference documents).
import { z } from 'zod';
import { idParam, timestamp } from '../http/common-schemas';
import { cursorParam, limitParam } from '../http/pagination';
import { refineWebhookUrl } from '../http/ssrf-guard';

export const MAX_PROMPT_CHARS = 20_000;

export const runFormatSchema = z.enum(['excel', 'word', 'slides', 'text']).meta({ id: 'RunFormat' });
export const taskStatusSchema = z
  .enum(['queued', 'running', 'completed', 'failed', 'cancelled', 'expired'])
  .meta({ id: 'TaskStatus' });
export const runStatusSchema = taskStatusSchema.meta({ id: 'RunStatus' });

export const slideOutlineSchema = z
  .object({
    title: z.string().min(1).max(200),
    slides: z
      .array(
        z.object({
          title: z.string().min(1).max(200),
          bullets: z.array(z.string().max(300)).max(12),
          notes: z.string().max(4000).optional(),
        }),
      )
      .min(1)
      .max(30),
  })
  .meta({ id: 'SlideOutline' });

export const cellUsedSchema = z
  .object({ sheet: z.string(), ref: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]) })
  .meta({ id: 'CellUsed' });

/** Kind-specific results: outline (/slides/outline), answer + cells_used (/excel/analyze), text (/text/*). */
const answerResultFields = {
  outline: slideOutlineSchema.optional(),
  answer: z.string().optional(),
  cells_used: z.array(cellUsedSchema).optional(),
  text: z.string().optional(),
};

const ATTACHMENT_NOTES: Record<'file' | 'img', string> = {
  file: 'Source material from POST /files: a .csv or .xlsx becomes data the agent builds from (an Excel run imports its sheets); .docx, .pptx, .pdf, .txt and .md are read as text.',
  img: 'Images from POST /images, placed into Word documents and slide decks (PNG, JPEG or GIF; WebP cannot be embedded in Office files). Excel runs take no images.',
};

const idList = (prefix: 'file' | 'img', max: number) =>
  z
    .array(z.string().min(1).max(100))
    .max(max)
    .meta({ description: `Ids of uploaded ${prefix === 'img' ? 'images' : 'files'} (max ${max}). ${ATTACHMENT_NOTES[prefix]}` });

export const generateRequestSchema = z
  .strictObject({
    prompt: z.string().trim().min(1, 'prompt must not be empty').max(MAX_PROMPT_CHARS),
    run_id: idParam('run', 'Resume this run instead of creating one.').optional(),
    async: z.boolean().optional().meta({ description: 'Answer 202 at once and run in the background.' }),
    webhook_url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .superRefine(refineWebhookUrl)
      .optional()
      .meta({
        description:
          'POSTed a signed run.completed / run.failed event when the task ends (signed with the secret of GET /webhooks/signing-secret). Loopback, private, link-local and other internal addresses are refused.',
      }),
    file_ids: idList('file', 20).optional(),
    image_ids: idList('img', 50).optional(),
    title: z.string().trim().min(1).max(200).optional(),
    file_name: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/, 'file_name must not contain path separators or control characters')
      .optional(),
  })
  .meta({ id: 'GenerateRequest' });

export type GenerateRequest = z.infer<typeof generateRequestSchema>;
export type SlidesGenerateRequest = z.infer<typeof slidesGenerateRequestSchema>;

export const slidesGenerateRequestSchema = generateRequestSchema
  .extend({
    outline: slideOutlineSchema.optional().meta({ description: 'An outline from POST /slides/outline (possibly edited): the deck is built from it.' }),
  })
  .meta({ id: 'SlidesGenerateRequest' });

const asyncFields = {
  async: generateRequestSchema.shape.async,
  webhook_url: generateRequestSchema.shape.webhook_url,
};

export const outlineRequestSchema = z
  .strictObject({
    prompt: generateRequestSchema.shape.prompt,
    slide_count: z.number().int().min(1).max(30).optional().meta({ description: 'How many slides (1–30); default: what the prompt says.' }),
    ...asyncFields,
  })
  .meta({ id: 'OutlineRequest' });

/** The fields of an analysis request, before the one-source rule (the MCP tool derives its input from them). */
export const analyzeFields = z.strictObject({
  prompt: generateRequestSchema.shape.prompt.meta({ description: 'The question about the workbook.' }),
  file_id: idParam('file', 'An uploaded .xlsx or .csv file.').optional(),
  run_id: idParam('run', 'An Excel run whose current workbook to analyze.').optional(),
  ...asyncFields,
});

/** An analysis names exactly one workbook: an uploaded file or a run. */
export function requireOneWorkbookSource<T extends z.ZodType<{ file_id?: string; run_id?: string }>>(schema: T) {
  return schema.refine((b) => !!b.file_id !== !!b.run_id, { message: 'give exactly one of file_id or run_id', path: ['file_id'] });
}

export const analyzeRequestSchema = requireOneWorkbookSource(analyzeFields).meta({ id: 'AnalyzeRequest' });

export type AnalyzeRequest = z.infer<typeof analyzeRequestSchema>;

const textBase = {
  run_id: idParam('run', 'Continue a text run.').optional(),
  ...asyncFields,
};

export const textGenerateRequestSchema = z
  .strictObject({ prompt: generateRequestSchema.shape.prompt, ...textBase })
  .meta({ id: 'TextGenerateRequest' });

export const textSummarizeRequestSchema = z
  .strictObject({
    text: z.string().trim().min(1).max(200_000).meta({ description: 'The text to summarize.' }),
    prompt: z.string().trim().min(1).max(MAX_PROMPT_CHARS).optional().meta({ description: 'Instructions, e.g. "three bullet points".' }),
    ...textBase,
  })
  .meta({ id: 'TextSummarizeRequest' });

export const textRewriteRequestSchema = z
  .strictObject({
    text: z.string().trim().min(1).max(200_000).meta({ description: 'The text to rewrite.' }),
    style: z.string().trim().min(1).max(100).optional().meta({ description: 'e.g. formal, concise, friendly.' }),
    prompt: z.string().trim().min(1).max(MAX_PROMPT_CHARS).optional(),
    ...textBase,
  })
  .meta({ id: 'TextRewriteRequest' });

export const taskWarningSchema = z
  .object({
    code: z.string().meta({ description: 'What was not kept or could not be done, e.g. edit_not_written, pivot_source_deleted.' }),
    message: z.string(),
    location: z.string().optional().meta({ description: 'Where: a sheet, a cell or a part of the file.' }),
  })
  .meta({ id: 'TaskWarning' });

export const generateResponseSchema = z
  .object({
    run_id: z.string(),
    task_id: z.string(),
    status: taskStatusSchema,
    download_url: z.string().nullable().optional(),
    edit_url: z.string().nullable().optional(),
    summary: z.string().nullable().optional(),
    warnings: z.array(taskWarningSchema).optional().meta({ description: 'What the task could not keep or do (see TaskResult.warnings).' }),
    credits_used: z.number().int().optional(),
    duration_ms: z.number().int().nullable().optional(),
    ...answerResultFields,
    code: z.string().optional().meta({ description: 'sync_timeout_upgrade_async when a sync call outlived the ceiling.' }),
    message: z.string().optional(),
    error: z.object({ code: z.string(), message: z.string() }).nullable().optional(),
  })
  .meta({ id: 'GenerateResponse' });

export const taskResultSchema = z
  .object({
    download_url: z.string().nullable(),
    edit_url: z.string().nullable(),
    summary: z.string().nullable(),
    artifacts: z.array(z.object({ kind: z.string(), file_name: z.string(), download_url: z.string().nullable(), version: z.number().int() })),
    warnings: z.array(taskWarningSchema).optional().meta({ description: 'What the task could not keep or do: the document was completed without it.' }),
    ...answerResultFields,
  })
  .meta({ id: 'TaskResult' });

export const taskSchema = z
  .object({
    task_id: z.string(),
    run_id: z.string(),
    kind: z.enum(['generate', 'outline', 'analyze', 'text']),
    status: taskStatusSchema,
    phase: z.string().nullable(),
    turn_index: z.number().int(),
    progress: z.number().int().min(0).max(100),
    result: taskResultSchema.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    credits_used: z.number().int(),
    duration_ms: z.number().int().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Task' });

export const runSummarySchema = z
  .object({
    run_id: z.string(),
    format: runFormatSchema,
    status: runStatusSchema,
    title: z.string().nullable(),
    prompt: z.string(),
    credits_used: z.number().int(),
    duration_ms: z.number().int().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
    file_name: z.string().nullable(),
    current_version: z.number().int(),
  })
  .meta({ id: 'RunSummary' });

export const runSchema = runSummarySchema
  .extend({
    download_url: z.string().nullable(),
    edit_url: z.string().nullable(),
    last_task_at: timestamp,
    expires_at: timestamp.nullable().meta({ description: 'When the run expires (30 days after its last task by default).' }),
    latest_task: taskSchema.nullable(),
  })
  .meta({ id: 'Run' });

export const runListQuery = z.strictObject({
  limit: limitParam,
  cursor: cursorParam,
  format: runFormatSchema.optional(),
  status: runStatusSchema.optional(),
});

export const runListSchema = z
  .object({ items: z.array(runSummarySchema), next_cursor: z.string().nullable() })
  .meta({ id: 'RunList' });

export const taskIdParams = z.strictObject({ task_id: idParam('task', 'Task id') });
export const runIdParams = z.strictObject({ run_id: idParam('run', 'Run id') });

export const getRunQuery = z.strictObject({
  edit_mode: z
    .enum(['edit', 'view'])
    .optional()
    .meta({ description: 'The kind of edit_url minted for this viewer: `edit` (default) or `view` (read-only editor).' }),
});
