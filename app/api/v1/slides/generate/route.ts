import { slidesGenerateOp } from '@/server/runs/generate-operations';
import { startDocumentGeneration } from '@/server/runs/start-document-generation';
import { withApi } from '@/server/http/with-api';

export const POST = withApi(slidesGenerateOp, ({ db, auth, body }) => startDocumentGeneration(db, auth, 'slides', body));
