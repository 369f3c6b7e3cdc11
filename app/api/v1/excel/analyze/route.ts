import { analyzeOp } from '@/server/runs/generate-operations';
import { startWorkbookAnalysis } from '@/server/runs/start-workbook-analysis';
import { withApi } from '@/server/http/with-api';

export const POST = withApi(analyzeOp, ({ db, auth, body }) => startWorkbookAnalysis(db, auth, body));
