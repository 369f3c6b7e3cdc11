// Contracts of the generate endpoints (one per format) and of POST /preflight.
import { z } from 'zod';
import { errorResponses } from '../http/common-schemas';
import { defineOperation, type OperationDef } from '../http/define-operation';
import {
  analyzeExamples,
  excelGenerateExamples,
  outlineExamples,
  preflightExamples,
  slidesGenerateExamples,
  textGenerateExamples,
  textRewriteExamples,
  textSummarizeExamples,
  wordGenerateExamples,
} from './generate-examples';
import {
  analyzeRequestSchema,
  generateRequestSchema,
  generateResponseSchema,
  outlineRequestSchema,
  runFormatSchema,
  slidesGenerateRequestSchema,
  textGenerateRequestSchema,
  textRewriteRequestSchema,
  textSummarizeRequestSchema,
} from './schemas';

const TASK_ERRORS = errorResponses(400, 401, 402, 404, 409, 410, 413, 415, 429);
const SYNC_ASYNC =
  'Sync by default: waits up to the sync ceiling (300 s), then answers 202 with code sync_timeout_upgrade_async while the task continues. ' +
  'With async: true answers 202 at once; poll GET /tasks/{task_id} (or pass webhook_url). Honours Idempotency-Key.';

function taskOp<B extends z.ZodType>(o: {
  path: string;
  operationId: string;
  summary: string;
  description: string;
  body: B;
  examples: NonNullable<OperationDef<B>['examples']>;
}) {
  return defineOperation({
    method: 'POST',
    path: o.path,
    operationId: o.operationId,
    summary: o.summary,
    description: `${o.description} ${SYNC_ASYNC}`,
    tags: ['Generation'],
    auth: 'apiKey',
    body: o.body,
    idempotent: { waitMs: 310_000 },
    examples: o.examples,
    responses: {
      200: { description: 'Finished (sync)', schema: generateResponseSchema },
      202: { description: 'Accepted (async, or the sync ceiling was reached)', schema: generateResponseSchema },
      ...TASK_ERRORS,
    },
  });
}

const RESUME =
  'Without run_id, creates a run; with run_id, resumes it (the agent continues from the current document, including editor edits).';

export function generateOp(format: 'excel' | 'word') {
  const noun = format === 'excel' ? 'an Excel workbook' : 'a Word document';
  return taskOp({
    path: `/${format}/generate`,
    operationId: format === 'excel' ? 'generateExcel' : 'generateWord',
    summary: `Generate ${noun} from a prompt`,
    description: RESUME,
    body: generateRequestSchema,
    examples: format === 'excel' ? excelGenerateExamples : wordGenerateExamples,
  });
}

export const slidesGenerateOp = taskOp({
  path: '/slides/generate',
  operationId: 'generateSlides',
  summary: 'Generate a PowerPoint deck from a prompt',
  description: `${RESUME} Pass an outline from POST /slides/outline to build exactly that deck. At most 30 slides per call; grow larger decks with run_id.`,
  body: slidesGenerateRequestSchema,
  examples: slidesGenerateExamples,
});

export const outlineOp = taskOp({
  path: '/slides/outline',
  operationId: 'outlineSlides',
  summary: 'Outline a deck before generating it',
  description: 'Returns a deck title and slides (title, bullets, notes) in result.outline, to preview and edit; pass it as outline to POST /slides/generate.',
  body: outlineRequestSchema,
  examples: outlineExamples,
});

export const analyzeOp = taskOp({
  path: '/excel/analyze',
  operationId: 'analyzeWorkbook',
  summary: 'Answer a question about a workbook',
  description: 'Analyzes an uploaded workbook (file_id) or a run’s current workbook (run_id) using computed cell values; answers with the cells it used.',
  body: analyzeRequestSchema,
  examples: analyzeExamples,
});

export const textGenerateOp = taskOp({
  path: '/text/generate',
  operationId: 'generateText',
  summary: 'Generate text from a prompt',
  description: 'Plain text (no file). With run_id, continues a text run from its last text.',
  body: textGenerateRequestSchema,
  examples: textGenerateExamples,
});

export const textSummarizeOp = taskOp({
  path: '/text/summarize',
  operationId: 'summarizeText',
  summary: 'Summarize a text',
  description: 'Summarizes text, optionally following instructions in prompt.',
  body: textSummarizeRequestSchema,
  examples: textSummarizeExamples,
});

export const textRewriteOp = taskOp({
  path: '/text/rewrite',
  operationId: 'rewriteText',
  summary: 'Rewrite a text in another style',
  description: 'Rewrites text in the given style (e.g. formal, concise, friendly).',
  body: textRewriteRequestSchema,
  examples: textRewriteExamples,
});

export const preflightBody = generateRequestSchema
  .omit({ async: true, webhook_url: true })
  .extend({ format: runFormatSchema.exclude(['text']).meta({ description: 'Which generate endpoint the request is for.' }) })
  .meta({ id: 'PreflightRequest' });

export const preflightResponse = z
  .object({
    ok: z.boolean(),
    issues: z.array(z.object({ code: z.string(), field: z.string(), message: z.string() })),
    estimated_credits: z.number().int(),
    balance: z.number().int(),
  })
  .meta({ id: 'PreflightResponse' });

export const preflightOp = defineOperation({
  method: 'POST',
  path: '/preflight',
  operationId: 'preflight',
  summary: 'Dry-run a generation request',
  description:
    'Validates a generation request without spending credits: missing or foreign file_ids / image_ids / run_id, expired runs, format mismatch, too many slides, and the credit balance. Returns every issue and the credit estimate.',
  tags: ['Generation'],
  auth: 'apiKey',
  body: preflightBody,
  examples: preflightExamples,
  responses: { 200: { description: 'The verdict', schema: preflightResponse }, ...errorResponses(400, 401, 413, 415, 429) },
});
