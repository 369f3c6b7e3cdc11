import { generateOp } from '@/server/runs/generate-operations';
import { startGeneration } from '@/server/runs/start-generation';
import { withApi } from '@/server/http/with-api';

export const POST = withApi(generateOp('excel'), ({ db, auth, body }) => startGeneration(db, auth, 'excel', 'generate', body));
