// Kill and restart: the local worker runs in child processes (the real LocalWorker and pipeline,
// the agent on a slow scripted OpenAI-compatible server run by this test). One task survives two
// SIGKILLs — the first while the model call is in flight, the second right after the agent step
// completed — and a third process finishes it: completed once, one debit, one artifact version,
// and the agent step that completed before the second kill is not run again (TASK_MAX_ATTEMPTS=3).
// With the default (2), a poison task that kills its process every time is started twice and then
// failed worker_lost by the next process, which never runs it.
// PGlite is single-process: with the embedded database the test prepares the data folder, closes
// it, and only reopens it once the last child has exited. With TEST_DATABASE_URL the children
// share a fresh PostgreSQL database with the test.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedOpenAIServer, type ScriptedServer } from '../agent/testing/scripted-openai-server';
import { balanceOf } from '../credits/ledger';
import { openPglite, type DbHandle } from '../db/client';
import { env, envSchema } from '../env';
import { createBlobStore } from '../storage/get-blob-store';
import { orgWithKey, queueExcelTask } from '../test/generation-harness';
import { openTestDb } from '../test/test-db';
import { spawnWorker, type ChildWorker, type WorkerEvent } from './testing/child-worker';

const GRANT = 1000;
const CRASH_PROMPT = 'A sheet named Crash with columns Month, Amount';
const pgUrl = process.env.TEST_DATABASE_URL;

let tmp = '';
let server: ScriptedServer;
let pgHandle: (DbHandle & { name: string }) | undefined;
let databaseUrl = '';
const children: ChildWorker[] = [];
let orgId = '';
let taskId = '';
let runId = '';
let estimate = 0;

/** The database, for the test's own reads and writes (never while a child holds an embedded one). */
async function withDb<T>(fn: (h: DbHandle) => Promise<T>): Promise<T> {
  if (pgHandle) return fn(pgHandle);
  const h = await openPglite(path.join(tmp, 'pglite'));
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function worker(args: string[] = [], overrides: Record<string, string> = {}): ChildWorker {
  const w = spawnWorker(
    {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATA_DIR: tmp,
      DATABASE_URL: databaseUrl,
      TASK_LEASE_MS: '1000',
      // two kills to survive: one more start than the default (2), which fails a task after its second loss
      TASK_MAX_ATTEMPTS: '3',
      WORKER_CONCURRENCY: '1',
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: server.url,
      AI_MODEL: 'scripted-slow',
      AI_API_KEY: 'test-key',
      ...overrides,
    },
    args,
  );
  children.push(w);
  return w;
}

const stepsOf = (w: ChildWorker) =>
  w.events.filter((e): e is WorkerEvent & { name: string; ran: boolean } => e.event === 'step').map((e) => `${e.name}:${e.ran ? 'ran' : 'replayed'}`);

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'docsmith-crash-'));
  // The model: the first turn (tool calls) is slow; after the tool results it answers at once.
  server = await startScriptedOpenAIServer((req) => {
    const messages = (req.body.messages ?? []) as Array<{ role: string }>;
    if (messages.some((m) => m.role === 'tool')) return { text: 'Built the Crash sheet.' };
    return {
      delayMs: 1500,
      toolCalls: [
        { name: 'add_sheet', input: { name: 'Crash' } },
        { name: 'write_range', input: { sheet: 'Crash', start: 'A1', rows: [['Month', 'Amount'], ['Jan', 10], ['Feb', 20]] } },
      ],
    };
  });
  if (pgUrl) {
    pgHandle = await openTestDb();
    const u = new URL(pgUrl);
    u.pathname = '/' + pgHandle.name;
    databaseUrl = u.toString();
  } else {
    // Start from the migrated template the test setup built (a tarball of a PGlite data folder).
    const template = process.env.DOCSMITH_PGLITE_TEMPLATE;
    if (template && existsSync(template)) {
      const dir = path.join(tmp, 'pglite');
      const r = spawnSync('sh', ['-c', `mkdir -p "${dir}" && tar xzf "${template}" -C "${dir}" 2>/dev/null`]);
      if (r.status !== 0) rmSync(dir, { recursive: true, force: true });
    }
  }
  await withDb(async ({ prisma: db }) => {
    ({ orgId } = await orgWithKey(db, { credits: GRANT, name: 'Crash Org' }));
    const { task, run } = await queueExcelTask(db, orgId, CRASH_PROMPT);
    taskId = task.id;
    runId = run.id;
    estimate = task.creditsEstimated;
  });
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.kill()));
  await server?.close();
  await pgHandle?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('kill and restart (local executor in child processes)', () => {
  it('a task survives two SIGKILLs: completes once, one debit, one version, completed steps not re-run', async () => {
    // 1. Killed while the agent's model call is in flight (the scripted server holds the reply).
    const a = worker();
    await until(() => server.requests.length >= 1, 30_000, 'the first model call');
    await a.kill('SIGKILL');
    expect(stepsOf(a)).toEqual(['start:ran']);

    // 2. The lease expires; a new process takes the task over, re-runs the unfinished agent step,
    //    and is killed right after that step completed (its memo is stored).
    const b = worker(['--hang-after', 'agent']);
    await b.waitFor((e) => e.event === 'hanging', 30_000);
    const modelCalls = server.requests.length;
    await b.kill('SIGKILL');
    expect(stepsOf(b)).toEqual(['start:replayed', 'agent:ran']);
    expect(modelCalls).toBe(3); // 1 (lost with process A) + 2 (tool turn and final answer in B)

    // 3. A third process finishes the task from the stored steps.
    const c = worker(['--watch', taskId]);
    const terminal = await c.waitFor((e) => e.event === 'terminal', 30_000);
    expect(await c.exited).toBe(0);
    expect(terminal.status, `task ended ${JSON.stringify(terminal)}; worker output:\n${c.output.join('\n').slice(-3000)}`).toBe('completed');
    expect(stepsOf(c)).toEqual(['start:replayed', 'agent:replayed', 'render:ran', 'finalize:ran']);
    expect(server.requests.length).toBe(modelCalls); // the agent did not call the model again

    await withDb(async ({ prisma: db }) => {
      const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
      expect(task).toMatchObject({ status: 'completed', attempts: 3, creditsUsed: estimate, leaseOwner: null, error: null });
      expect(task.finishedAt).not.toBeNull();
      expect((task.result as { summary?: string }).summary).toBe('Built the Crash sheet.');

      const debits = await db.creditLedgerEntry.findMany({ where: { orgId, reason: 'task_debit' } });
      expect(debits.map((d) => [d.taskId, d.delta])).toEqual([[taskId, -estimate]]);
      expect(await balanceOf(db, orgId)).toBe(GRANT - estimate);

      const versions = await db.artifactVersion.findMany({ where: { runId } });
      expect(versions.map((v) => [v.version, v.taskId, v.source])).toEqual([[1, taskId, 'agent']]);
      const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
      expect(run).toMatchObject({ status: 'completed', currentVersion: 1, creditsUsed: estimate });

      const steps = await db.taskStep.findMany({ where: { taskId }, orderBy: { name: 'asc' } });
      expect(steps.map((s) => s.name)).toEqual(['agent', 'finalize', 'render', 'start']);

      // The stored file is the one the agent built, intact.
      const store = createBlobStore({ ...env(), DATA_DIR: tmp });
      const bytes = await store.getBytes(versions[0]!.blobKey ?? 'missing');
      expect(bytes).not.toBeNull();
      expect(createHash('sha256').update(bytes!).digest('hex')).toBe(versions[0]!.sha256);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(wb.worksheets.map((s) => s.name)).toContain('Crash');
      expect(wb.getWorksheet('Crash')!.getCell('B3').value).toBe(20);
    });
  }, 120_000);

  it('a poison task (its process dies every time it runs it) is started at most twice, then failed worker_lost without a third start', async () => {
    const poison = await withDb(async ({ prisma: db }) => (await queueExcelTask(db, orgId, CRASH_PROMPT)).task);
    const DEFAULT_ATTEMPTS = { TASK_MAX_ATTEMPTS: String(envSchema.shape.TASK_MAX_ATTEMPTS.parse(undefined)) }; // the default
    expect(DEFAULT_ATTEMPTS.TASK_MAX_ATTEMPTS).toBe('2');
    const startCalls = server.requests.length;
    for (let kill = 1; kill <= 2; kill++) {
      const w = worker([], DEFAULT_ATTEMPTS);
      await until(() => server.requests.length >= startCalls + kill, 30_000, `model call ${kill}`);
      await w.kill('SIGKILL');
    }
    const sweeper = worker(['--watch', poison.id], DEFAULT_ATTEMPTS);
    const terminal = await sweeper.waitFor((e) => e.event === 'terminal', 30_000);
    expect(await sweeper.exited).toBe(0);
    expect(terminal.status, `worker output:\n${sweeper.output.join('\n').slice(-2000)}`).toBe('failed');
    expect(stepsOf(sweeper)).toEqual([]); // the third process never ran it
    expect(server.requests.length).toBe(startCalls + 2);
    await withDb(async ({ prisma: db }) => {
      const task = await db.task.findUniqueOrThrow({ where: { id: poison.id } });
      expect(task).toMatchObject({ status: 'failed', attempts: 2, creditsUsed: 0 });
      expect(task.error).toMatchObject({ code: 'worker_lost' });
      expect(await db.artifactVersion.count({ where: { runId: poison.runId } })).toBe(0);
    });
  }, 120_000);
});
