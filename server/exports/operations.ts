// Contract of POST /runs/{run_id}/export.
import { errorResponses, errorSchema } from '../http/common-schemas';
import { defineOperation } from '../http/define-operation';
import { runIdParams } from '../runs/schemas';
import { exportQuerySchema, exportRequestSchema, exportResponseSchema } from './schemas';

export const exportRunOp = defineOperation({
  method: 'POST',
  path: '/runs/{run_id}/export',
  operationId: 'exportRun',
  summary: 'Export a run to another format',
  description:
    'Converts the run’s current document without re-running the agent. xlsx runs: pdf, csv, png, html · docx runs: pdf, html, txt, odt · ' +
    'pptx runs: pdf, png, odp (another format answers 400 with the allowed ones). png: one image per page or slide in a zip, or one page with ' +
    '`page`. csv: one sheet — the first, or `sheet` by name — with computed formula values. Exports are cached per run version and format: ' +
    'asking again converts nothing (`cached: true`); a new version (resume, editor save) converts again. Exports cost no credits. ' +
    'Fields may also be given as query parameters (`?format=pdf`). Expired runs answer 410; a run without a document yet 409; ' +
    'a server without LibreOffice answers 503 `converter_unavailable` for pdf, png, odt and odp.',
  tags: ['Runs'],
  auth: 'apiKey',
  params: runIdParams,
  query: exportQuerySchema,
  body: exportRequestSchema,
  responses: {
    200: { description: 'The exported file’s signed URL', schema: exportResponseSchema },
    ...errorResponses(400, 401, 404, 409, 410, 413, 415, 429),
    503: { description: 'LibreOffice is not installed (converter_unavailable), or a conversion timed out', schema: errorSchema },
  },
});
