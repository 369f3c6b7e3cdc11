// The retention sweep with a fake clock: a run expires after its window (GET → expired, resume →
// 410), keeps its files until the purge window has passed, then its blobs (versions, exports,
// drafts) are deleted and even a still-valid signed URL answers 404. The Inngest cron runs the same sweep.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InngestTestEngine } from '@inngest/test';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST as excel } from '@/app/api/v1/excel/generate/route';
import { GET as getRun } from '@/app/api/v1/runs/[run_id]/route';
import { GET as download } from '@/app/api/v1/runs/[run_id]/download/route';
import { env, resetEnvForTests } from '../env';
import { getBlobStore } from '../storage/get-blob-store';
import { call } from '../test/api-client';
import { fetchSigned, orgWithKey, runLocalWorker } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { newId } from '../db/ids';
import { enforceRetention } from './enforce-retention';
import { retentionFunction } from './retention-function';

const t = setupTestDb();
runLocalWorker();
const DAY = 86_400_000;
let key = '';
let orgId = '';

beforeAll(async () => {
  process.env.RUN_RETENTION_DAYS = '1';
  process.env.RUN_PURGE_AFTER_DAYS = '2';
  process.env.SIGNED_URL_TTL_SECONDS = '604800';
  resetEnvForTests();
  ({ key, orgId } = await orgWithKey(t.db, { name: 'Retention' }));
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  delete process.env.RUN_RETENTION_DAYS;
  delete process.env.RUN_PURGE_AFTER_DAYS;
  delete process.env.SIGNED_URL_TTL_SECONDS;
  resetEnvForTests();
});

const runDir = (runId: string) => path.join(env().DATA_DIR, 'blobs', 'runs', runId);

async function generate(prompt: string, runId?: string) {
  return call(excel, 'POST', '/api/v1/excel/generate', { key, json: { prompt, ...(runId ? { run_id: runId } : {}) } });
}

describe('enforceRetention', () => {
  it('expires a run after its window, then purges its bytes after the purge window', async () => {
    const t0 = Date.now();
    const g = await generate('A sheet named Budget with columns Item, Amount');
    expect(g.status).toBe(200);
    const runId: string = g.json.run_id;
    const oldUrl: string = g.json.download_url;
    // an export and a left-over draft live under the run's prefix too
    await getBlobStore().put(`runs/${runId}/exports/v1/document.csv`, 'Item,Amount\n', { contentType: 'text/csv' });
    await t.db.exportArtifact.create({ data: { id: newId('exp'), runId, version: 1, format: 'csv', blobKey: `runs/${runId}/exports/v1/document.csv` } });
    const fresh = await generate('A sheet named Other');
    expect(existsSync(runDir(runId))).toBe(true);

    // Half a day later nothing happens.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(t0 + 0.5 * DAY);
    expect(await enforceRetention(t.db)).toMatchObject({ expired: 0, purged: 0 });
    expect((await call(getRun, 'GET', '/x', { key, params: { run_id: runId } })).json.status).toBe('completed');
    const touched = await generate('Add a sheet named Later', fresh.json.run_id); // the other run's last task is now t0+0.5d
    expect(touched.status).toBe(200);

    // 1.4 days after the last task: expired. GET says so, resume is 410, the file is still served.
    vi.setSystemTime(t0 + 1.4 * DAY);
    expect(await enforceRetention(t.db)).toMatchObject({ expired: 1, purged: 0 });
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: 'expired', purgedAt: null });
    expect(run.expiredAt!.getTime()).toBe(t0 + 1.4 * DAY);
    const got = await call(getRun, 'GET', '/x', { key, params: { run_id: runId } });
    expect(got.json.status).toBe('expired');
    const resume = await generate('Add a sheet', runId);
    expect(resume.status).toBe(410);
    expect(resume.json.error.code).toBe('gone');
    expect((await fetchSigned(oldUrl)).status).toBe(200);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: fresh.json.run_id } })).status).toBe('completed');

    // Purge window not over yet (expired at 1.4 d, purged 2 d later). The other run expires now.
    vi.setSystemTime(t0 + 3 * DAY);
    expect(await enforceRetention(t.db)).toMatchObject({ expired: 1, purged: 0 });
    expect(existsSync(runDir(runId))).toBe(true);

    // Past it: blobs, versions, exports and memory are gone; the URL (still within its 7-day
    // signature) answers 404; GET still answers, expired and without a download_url.
    vi.setSystemTime(t0 + 3.6 * DAY);
    const report = await enforceRetention(t.db);
    expect(report).toMatchObject({ expired: 0, purged: 1 });
    expect(report.blobsDeleted).toBeGreaterThanOrEqual(2);
    expect(existsSync(runDir(runId))).toBe(false);
    expect((await fetchSigned(oldUrl)).status).toBe(404);
    expect(await t.db.artifactVersion.count({ where: { runId } })).toBe(0);
    expect(await t.db.exportArtifact.count({ where: { runId } })).toBe(0);
    const purged = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(purged.memory).toBeNull();
    expect(purged.purgedAt!.getTime()).toBe(t0 + 3.6 * DAY);
    const after = await call(getRun, 'GET', '/x', { key, params: { run_id: runId } });
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ status: 'expired', download_url: null });
    expect((await call(download, 'GET', '/x', { key, params: { run_id: runId } })).status).toBe(410);
    // the other run expired later: its files stay until its own purge time
    expect(existsSync(runDir(fresh.json.run_id))).toBe(true);
    // a second sweep finds nothing to do
    expect(await enforceRetention(t.db)).toMatchObject({ expired: 0, purged: 0, blobsDeleted: 0 });
  }, 60_000);

  it('does not expire a run while a task is queued or running', async () => {
    const g = await generate('A sheet named Busy');
    const runId: string = g.json.run_id;
    await t.db.task.create({
      data: { id: newId('task'), runId, orgId, kind: 'generate', status: 'running', prompt: 'long', request: {} },
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10 * DAY);
    await enforceRetention(t.db);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).expiredAt).toBeNull();
    await t.db.task.deleteMany({ where: { runId, status: 'running' } });
  }, 60_000);
});

describe('the Inngest cron', () => {
  it('runs the same sweep', async () => {
    const g = await generate('A sheet named Cron');
    const runId: string = g.json.run_id;
    await t.db.run.update({ where: { id: runId }, data: { lastTaskAt: new Date(Date.now() - 10 * DAY) } });
    const { result, error } = await new InngestTestEngine({ function: retentionFunction }).execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ expired: expect.any(Number) });
    expect((result as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    expect((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('expired');
  }, 60_000);
});
