import { textRewriteOp } from '@/server/runs/generate-operations';
import { startTextTask } from '@/server/runs/start-text-task';
import { withApi } from '@/server/http/with-api';

export const POST = withApi(textRewriteOp, ({ db, auth, body }) => startTextTask(db, auth, 'rewrite', body));
