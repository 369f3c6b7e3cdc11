// Contracts of the generate endpoints (one per format) and of POST /preflight.
import { z } from 'zod';
import { errorResponses } from '../http/common-schemas';
import { defineOperation } from '../http/define-operation';
import { generateRequestSchema, generateResponseSchema, runFormatSchema } from './schemas';

const FORMAT_NOUN = { excel: 'an Excel workbook', word: 'a Word document', slides: 'a PowerPoint deck' } as const;

export function generateOp(format: 'excel' | 'word' | 'slides') {
  return defineOperation({
    method: 'POST',
    path: `/${format}/generate`,
    operationId: `generate${format[0]!.toUpperCase()}${format.slice(1)}`,
    summary: `Generate ${FORMAT_NOUN[format]} from a prompt`,
    description:
      'Without run_id, creates a run; with run_id, resumes it (the agent continues from the current document, including editor edits). ' +
      'Sync by default: waits up to the sync ceiling (300 s), then answers 202 with code sync_timeout_upgrade_async while the task continues. ' +
      'With async: true answers 202 at once; poll GET /tasks/{task_id}. Honours Idempotency-Key.' +
      (format === 'slides' ? ' At most 30 slides per call; grow larger decks with run_id.' : ''),
    tags: ['Generation'],
    auth: 'apiKey',
    body: generateRequestSchema,
    idempotent: { waitMs: 310_000 },
    responses: {
      200: { description: 'Finished (sync)', schema: generateResponseSchema },
      202: { description: 'Accepted (async, or the sync ceiling was reached)', schema: generateResponseSchema },
      ...errorResponses(400, 401, 402, 404, 409, 410, 413, 415, 429),
    },
  });
}

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
  responses: { 200: { description: 'The verdict', schema: preflightResponse }, ...errorResponses(400, 401, 413, 415, 429) },
});
