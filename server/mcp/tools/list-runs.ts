// list_runs: GET /runs.
import 'server-only';
import { listRuns } from '../../runs/list-runs';
import { runListQuery, runListSchema } from '../../runs/schemas';
import { defineTool } from '../define-tool';

export const listRunsTool = defineTool({
  name: 'list_runs',
  title: 'List runs',
  description:
    'The organization’s runs (documents), newest first: run_id, format (excel, word, slides, text), status, title, first prompt, credits used. ' +
    'Filter by format and status; pass next_cursor as cursor for the next page.',
  input: runListQuery,
  output: runListSchema,
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: (query, { db, auth }) => listRuns(db, auth.orgId, query),
});
