// POST /excel/analyze (and the MCP analyze_workbook tool): a question about an uploaded workbook or
// a run's current workbook, as an analyze task of an Excel run.
import 'server-only';
import type { Db } from '../db/client';
import type { AnalyzeRequest } from '../runs/schemas';
import { startTask, type StartedTask } from './start-generation';

export function startWorkbookAnalysis(db: Db, auth: { orgId: string; keyId: string | null }, body: AnalyzeRequest): Promise<StartedTask> {
  return startTask(db, auth, {
    format: 'excel',
    kind: 'analyze',
    prompt: body.prompt,
    runId: body.run_id,
    fileIds: body.file_id ? [body.file_id] : undefined,
    async: body.async,
    webhookUrl: body.webhook_url,
    request: body,
  });
}
