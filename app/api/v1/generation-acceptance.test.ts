// Generation acceptance through the route handlers, with the local worker and the real pipeline:
// the sync ceiling (a slow model over HTTP → 202 sync_timeout_upgrade_async, and the task still
// completes) and Idempotency-Key under 50 concurrent identical POSTs (one run, one task, one debit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from './excel/generate/route';
import { GET as getTask } from './tasks/[task_id]/route';
import { GET as getRun } from './runs/[run_id]/route';
import { startScriptedOpenAIServer, type ScriptedServer } from '@/server/agent/testing/scripted-openai-server';
import { balanceOf } from '@/server/credits/ledger';
import { call } from '@/server/test/api-client';
import { orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { overrideEnv } from '@/server/test/override-env';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();

async function pollTask(key: string, taskId: string, ms = 30_000) {
  const end = Date.now() + ms;
  const statuses: string[] = [];
  for (;;) {
    const r = await call(getTask, 'GET', `/api/v1/tasks/${taskId}`, { key, params: { task_id: taskId } });
    expect(r.status).toBe(200);
    if (statuses.at(-1) !== r.json.status) statuses.push(r.json.status);
    if (['completed', 'failed', 'cancelled', 'expired'].includes(r.json.status)) return { task: r.json, statuses };
    if (Date.now() > end) throw new Error(`task ${taskId} still ${r.json.status} after ${ms} ms`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe('sync ceiling', () => {
  let restoreEnv = () => {};
  let server: ScriptedServer;
  let key = '';
  let orgId = '';

  beforeAll(async () => {
    // A slow model: the tool turn takes 3.5 s, well past the 1 s ceiling; after the tool results it answers at once.
    server = await startScriptedOpenAIServer((req) => {
      const messages = (req.body.messages ?? []) as Array<{ role: string }>;
      if (messages.some((m) => m.role === 'tool')) return { text: 'Built the Slow sheet.' };
      return {
        delayMs: 3500,
        toolCalls: [
          { name: 'add_sheet', input: { name: 'Slow' } },
          { name: 'write_range', input: { sheet: 'Slow', start: 'A1', rows: [['Month', 'Amount'], ['Jan', 1]] } },
        ],
      };
    });
    const settings = { SYNC_TIMEOUT_MS: '1000', AI_PROVIDER: 'openai-compatible', AI_BASE_URL: server.url, AI_MODEL: 'scripted-slow', AI_API_KEY: 'test-key' };
    restoreEnv = overrideEnv(settings);
    ({ key, orgId } = await orgWithKey(t.db, { name: 'Slow Org', credits: 1000 }));
  });

  afterAll(async () => {
    restoreEnv();
    await server?.close();
  });

  it('a sync call past the 1 s ceiling answers 202 sync_timeout_upgrade_async; the task completes afterwards', async () => {
    const before = await balanceOf(t.db, orgId);
    const started = Date.now();
    const r = await call(excel, 'POST', '/api/v1/excel/generate', { key, json: { prompt: 'A sheet named Slow with columns Month, Amount' } });
    const elapsed = Date.now() - started;
    const modelCallsAtAnswer = server.requests.length;
    expect(r.status).toBe(202);
    expect(r.json).toEqual({
      run_id: expect.stringMatching(/^run_/),
      task_id: expect.stringMatching(/^task_/),
      status: expect.stringMatching(/^(queued|running)$/),
      code: 'sync_timeout_upgrade_async',
      message: expect.stringContaining(`GET /tasks/${r.json.task_id}`),
    });
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    // Answered at the ceiling while the model was still working on its first turn (the second model
    // call only comes after the first reply), not when the task finished.
    expect(modelCallsAtAnswer).toBeLessThanOrEqual(1);
    console.info(`[sync ceiling] 202 after ${elapsed} ms: ${JSON.stringify(r.json)}`);

    const { task, statuses } = await pollTask(key, r.json.task_id);
    expect(task.status).toBe('completed');
    expect(statuses.at(-1)).toBe('completed');
    expect(statuses.every((s) => ['queued', 'running', 'completed'].includes(s))).toBe(true);
    expect(task.result.summary).toBe('Built the Slow sheet.');
    expect(task.result.download_url).toMatch(/^http/);
    expect(server.requests.length).toBe(2);
    const run = await call(getRun, 'GET', '/x', { key, params: { run_id: r.json.run_id } });
    expect(run.json).toMatchObject({ status: 'completed', current_version: 1 });
    expect(await t.db.creditLedgerEntry.count({ where: { taskId: r.json.task_id, reason: 'task_debit' } })).toBe(1);
    expect(await balanceOf(t.db, orgId)).toBe(before - task.credits_used);
  });
});

describe('Idempotency-Key on POST /excel/generate: 50 concurrent identical requests', () => {
  for (const mode of ['async', 'sync'] as const) {
    it(`${mode}: one run, one task, one debit, identical responses`, async () => {
      const { key, orgId } = await orgWithKey(t.db, { name: `Idem ${mode}`, credits: 1000 });
      const before = await balanceOf(t.db, orgId);
      const body = { prompt: 'A workbook with sheets "Revenue" and "Costs", each with columns Month, Amount', ...(mode === 'async' ? { async: true } : {}) };
      const headers = { 'idempotency-key': `idem-${mode}-0001` };
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => call(excel, 'POST', '/api/v1/excel/generate', { key, json: body, headers })),
      );
      const statuses = [...new Set(responses.map((r) => r.status))];
      expect(statuses).toEqual([mode === 'async' ? 202 : 200]);
      expect(new Set(responses.map((r) => r.text)).size).toBe(1);
      expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
      const first = responses[0]!.json;
      if (mode === 'sync') expect(first).toMatchObject({ status: 'completed', download_url: expect.stringMatching(/^http/) });

      expect(await t.db.run.count({ where: { orgId } })).toBe(1);
      expect(await t.db.task.count({ where: { orgId } })).toBe(1);
      const { task } = await pollTask(key, first.task_id);
      expect(task.status).toBe('completed');
      expect(await t.db.creditLedgerEntry.count({ where: { orgId, reason: 'task_debit' } })).toBe(1);
      expect(await balanceOf(t.db, orgId)).toBe(before - task.credits_used);
      expect(await t.db.artifactVersion.count({ where: { runId: first.run_id } })).toBe(1);

      // A retry after completion still gets the first response; another body with the key is a 409.
      const late = await call(excel, 'POST', '/api/v1/excel/generate', { key, json: body, headers });
      expect(late.text).toBe(responses[0]!.text);
      const other = await call(excel, 'POST', '/api/v1/excel/generate', { key, json: { ...body, prompt: 'something else' }, headers });
      expect(other.status).toBe(409);
      expect(other.json.error.code).toBe('idempotency_key_reused');
      expect(await t.db.task.count({ where: { orgId } })).toBe(1);
    });
  }
});
