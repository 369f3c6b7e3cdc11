import { textSummarizeOp } from '@/server/runs/generate-operations';
import { startTextTask } from '@/server/runs/start-text-task';
import { withApi } from '@/server/http/with-api';

export const POST = withApi(textSummarizeOp, ({ db, auth, body }) => startTextTask(db, auth, 'summarize', body));
