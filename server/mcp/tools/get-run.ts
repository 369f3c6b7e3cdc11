// get_run: GET /runs/{run_id}: the run with a freshly signed download_url and an edit_url.
import 'server-only';
import { describeRun } from '../../runs/describe-run';
import { getRun } from '../../runs/get-run';
import { runUrls } from '../../runs/run-urls';
import { getRunQuery, runIdParams, runSchema } from '../../runs/schemas';
import { defineTool } from '../define-tool';

export const getRunTool = defineTool({
  name: 'get_run',
  title: 'Get a run',
  description:
    'A run (a living document: format, title, current version, status) with a freshly signed download_url of its current file, an edit_url for the web editor ' +
    '(edit_mode "view" for a read-only one) and its latest task.',
  input: runIdParams.extend(getRunQuery.shape),
  output: runSchema,
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async ({ run_id, edit_mode }, { db, auth }) => {
    const run = await getRun(db, auth.orgId, run_id);
    return describeRun(db, run, await runUrls(db, run, { edit: edit_mode ?? 'edit', grant: { apiKeyId: auth.keyId } }));
  },
});
