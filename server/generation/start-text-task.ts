// POST /text/{generate,summarize,rewrite}: a text task (no file) on a text run.
import 'server-only';
import type { Db } from '../db/client';
import { startTask, type StartedTask } from './start-generation';

export type TextKind = 'generate' | 'summarize' | 'rewrite';

interface TextBody {
  prompt?: string;
  text?: string;
  run_id?: string;
  async?: boolean;
  webhook_url?: string;
}

const LABEL: Record<TextKind, string> = { generate: 'Generate', summarize: 'Summarize', rewrite: 'Rewrite' };

export function startTextTask(db: Db, auth: { orgId: string; keyId: string }, kind: TextKind, body: TextBody): Promise<StartedTask> {
  return startTask(db, auth, {
    format: 'text',
    kind: 'text',
    // The run's prompt (shown in run lists): the instructions, or the start of the text.
    prompt: body.prompt ?? `${LABEL[kind]}: ${(body.text ?? '').slice(0, 200)}`,
    runId: body.run_id,
    async: body.async,
    webhookUrl: body.webhook_url,
    request: { ...body, text_kind: kind },
  });
}
