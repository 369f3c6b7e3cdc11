// export_run: POST /runs/{run_id}/export.
import 'server-only';
import { exportInputFrom } from '../../exports/export-input';
import { exportRun } from '../../exports/export-run';
import { exportFormatSchema, exportRequestSchema, exportResponseSchema } from '../../exports/schemas';
import { runIdParams } from '../../runs/schemas';
import { defineTool } from '../define-tool';

export const exportRunTool = defineTool({
  name: 'export_run',
  title: 'Export a run to another format',
  description:
    'Converts a run’s current document without running the agent, and answers with a signed download_url. ' +
    'Excel runs: pdf, csv (one sheet: the first, or `sheet` by name, with computed values), png, html · Word runs: pdf, html, txt, odt · ' +
    'Slides runs: pdf, png, odp. png: every page or slide as one image each in a zip, or one page with `page`. ' +
    'Cached per document version (asking again converts nothing); costs no credits.',
  input: exportRequestSchema.extend({ run_id: runIdParams.shape.run_id, format: exportFormatSchema }),
  output: exportResponseSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: ({ run_id, ...request }, { db, auth }) => exportRun(db, auth.orgId, run_id, exportInputFrom(request, undefined)),
});
