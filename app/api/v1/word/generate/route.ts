import { generateOp } from '@/server/runs/generate-operations';
import { startDocumentGeneration } from '@/server/generation/start-document-generation';
import { startedTaskResponse } from '@/server/api/started-task-response';
import { withApi } from '@/server/api/with-api';

export const POST = withApi(generateOp('word'), async ({ db, auth, body }) => startedTaskResponse(await startDocumentGeneration(db, auth, 'word', body)));
