import { analyzeOp } from '@/server/runs/generate-operations';
import { startWorkbookAnalysis } from '@/server/generation/start-workbook-analysis';
import { startedTaskResponse } from '@/server/api/started-task-response';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(analyzeOp, async ({ db, auth, body }) => startedTaskResponse(await startWorkbookAnalysis(db, auth, body)));
