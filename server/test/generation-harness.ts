// Test helpers for generation: an org with a key, the local worker on the test database, and
// fetching a signed download URL through the app's own blob route.
import { afterAll, beforeAll } from 'vitest';
import { GET as blobRoute } from '@/app/api/v1/blobs/[...key]/route';
import { generateApiKey } from '../auth/api-key-format';
import { createOrganization } from '../auth/create-organization';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { createTask } from '../runs/create-task';
import { startLocalWorker, stopLocalWorker } from '../jobs/executor';

export async function orgWithKey(db: Db, opts: { credits?: number; name?: string } = {}) {
  const org = await db.$transaction((tx) =>
    createOrganization(tx, { name: opts.name ?? 'Gen Org', kind: 'workspace', ownerId: null, grant: opts.credits ?? 10_000 }),
  );
  const k = generateApiKey();
  await db.apiKey.create({ data: { id: newId('key'), orgId: org.id, name: 'k', role: 'owner', prefix: k.prefix, hash: k.hash } });
  return { orgId: org.id, key: k.secret };
}

/** A queued Excel generation task of the org (a new run, or one more task of `runId`), as the API creates it. */
export async function queueExcelTask(db: Db, orgId: string, prompt: string, runId?: string) {
  const { task, run } = await createTask(db, { orgId, apiKeyId: null, format: 'excel', kind: 'generate', prompt, runId, request: { prompt } });
  return { task, run };
}

/** Runs the in-process worker for the current test file (after setupTestDb). */
export function runLocalWorker(): void {
  beforeAll(async () => {
    await startLocalWorker();
  });
  afterAll(async () => {
    await stopLocalWorker();
  });
}

/**
 * Waits until a task's last step is recorded. A sync generate answers as soon as the task is
 * completed (inside its finalize step); the step runner records that step just after, so a test
 * that counts rows next must wait for it.
 */
export async function taskSettled(db: Db, taskId: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await db.taskStep.findUnique({ where: { taskId_name: { taskId, name: 'finalize' } } }))) {
    if (Date.now() > until) throw new Error(`task ${taskId}: its finalize step was not recorded within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Downloads a signed URL minted by the local blob store, through the route that serves it. */
export async function fetchSigned(url: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const u = new URL(url);
  const prefix = '/api/v1/blobs/';
  if (!u.pathname.startsWith(prefix)) throw new Error(`not a local blob URL: ${url}`);
  const key = u.pathname.slice(prefix.length).split('/').map(decodeURIComponent);
  const res = await blobRoute(new Request(url), { params: Promise.resolve({ key }) });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}
