// analyze_workbook: POST /excel/analyze, always async like the generate tools.
import 'server-only';
import { analyzeFields, requireOneWorkbookSource, taskSchema } from '../../runs/schemas';
import { startWorkbookAnalysis } from '../../generation/start-workbook-analysis';
import { defineTool } from '../define-tool';
import { describeTask } from '../describe-task';
import { idempotencyKeyField, waitSecondsField } from '../schemas';

export const analyzeWorkbookTool = defineTool({
  name: 'analyze_workbook',
  title: 'Answer a question about a workbook',
  description:
    'Answers a question (prompt) about a workbook — an uploaded .xlsx or .csv (file_id, from upload_file) or an Excel run’s current workbook (run_id): give exactly one — ' +
    'from its computed cell values. The task is queued; its result (get_task, or wait_seconds here) has answer and cells_used (the cells the answer rests on). Costs credits.',
  input: requireOneWorkbookSource(analyzeFields.omit({ async: true }).extend({ wait_seconds: waitSecondsField, idempotency_key: idempotencyKeyField })),
  output: taskSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  idempotent: true,
  run: async ({ wait_seconds, idempotency_key: _key, ...body }, ctx) => {
    const started = await startWorkbookAnalysis(ctx.db, ctx.auth, { ...body, async: true });
    return describeTask(ctx, started.taskId, wait_seconds);
  },
});
