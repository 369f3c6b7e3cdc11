// POST /{excel,word,slides}/generate: a document task. Slides may bring an outline to build from.
import type { Db } from '../db/client';
import { outlineToPrompt } from '../agent/generate-outline';
import type { GenerateRequest, SlidesGenerateRequest } from '../runs/schemas';
import { startTask, type StartedTask } from './start-generation';

export function startDocumentGeneration(
  db: Db,
  auth: { orgId: string; keyId: string | null },
  format: 'excel' | 'word' | 'slides',
  body: GenerateRequest | SlidesGenerateRequest,
): Promise<StartedTask> {
  const outline = 'outline' in body ? body.outline : undefined;
  return startTask(db, auth, {
    format,
    kind: 'generate',
    prompt: outline ? outlineToPrompt(outline, body.prompt) : body.prompt,
    runId: body.run_id,
    fileIds: body.file_ids,
    imageIds: body.image_ids,
    webhookUrl: body.webhook_url,
    title: body.title ?? outline?.title,
    fileName: body.file_name,
    async: body.async,
    request: body,
  });
}
