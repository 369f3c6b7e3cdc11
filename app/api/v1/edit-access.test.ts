// Access dies with what granted it: an edit_url minted with an API key stops working — for reading,
// writing and keepalive, at once — when that key is revoked or expires; DELETE
// /runs/{id}/edit-sessions ends every edit_url of a run; and no edit token is stored raw anywhere.
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from './excel/generate/route';
import { GET as getRun } from './runs/[run_id]/route';
import { DELETE as revokeSessions } from './runs/[run_id]/edit-sessions/route';
import { GET as getTask } from './tasks/[task_id]/route';
import { GET as getDoc, PUT as putDoc } from './edit/[run_id]/document/route';
import { POST as keepAlive } from './edit/[run_id]/keepalive/route';
import { POST as mintKey } from './organizations/[org_id]/api-keys/route';
import { DELETE as revokeKey } from './organizations/[org_id]/api-keys/[key_id]/route';
import { call } from '@/server/test/api-client';
import { orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { dumpAllRows } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();
let org = { orgId: '', key: '' };
let other = { orgId: '', key: '' };
let runId = '';
let taskId = '';

const tokenOf = (editUrl: string) => new URL(editUrl).searchParams.get('token')!;

async function alive(token: string) {
  const get = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: runId } });
  const put = await call(putDoc, 'PUT', '/x', {
    params: { run_id: runId },
    json: { token, base_version: get.json?.version ?? 1, edit: { kind: 'cells', changes: [{ sheet: 'Budget', cell: 'H1', value: 'edited' }] } },
  });
  const keep = await call(keepAlive, 'POST', '/x', { params: { run_id: runId }, json: { token } });
  return { get: get.status, put: put.status, keep: keep.status };
}

async function mintSecondKey(expiresAt?: string) {
  const m = await call(mintKey, 'POST', '/x', { key: org.key, params: { org_id: org.orgId }, json: { name: 'viewer app', ...(expiresAt ? { expires_at: expiresAt } : {}) } });
  expect(m.status, JSON.stringify(m.json)).toBe(201);
  return { id: m.json.id as string, key: m.json.key as string };
}

async function editUrlWith(key: string) {
  const r = await call(getRun, 'GET', `/api/v1/runs/${runId}`, { key, params: { run_id: runId } });
  expect(r.status).toBe(200);
  return tokenOf(r.json.edit_url);
}

beforeAll(async () => {
  org = await orgWithKey(t.db, { name: 'Access' });
  other = await orgWithKey(t.db, { name: 'Other' });
  const r = await call(excel, 'POST', '/api/v1/excel/generate', { key: org.key, json: { prompt: 'A workbook with a sheet named Budget, columns Item, Amount' } });
  expect(r.status).toBe(200);
  runId = r.json.run_id;
  taskId = r.json.task_id;
}, 120_000);

describe('an edit_url dies with the key that minted it', () => {
  it('revoking the key ends its sessions for GET, PUT and keepalive at once; other keys’ sessions live on', async () => {
    const k = await mintSecondKey();
    const fromRun = await editUrlWith(k.key);
    const fromTask = tokenOf((await call(getTask, 'GET', '/x', { key: k.key, params: { task_id: taskId } })).json.result.edit_url);
    const ownerToken = await editUrlWith(org.key);
    expect(await alive(fromRun)).toEqual({ get: 200, put: 200, keep: 200 });
    expect((await alive(fromTask)).get).toBe(200);

    expect((await call(revokeKey, 'DELETE', '/x', { key: org.key, params: { org_id: org.orgId, key_id: k.id } })).status).toBe(200);
    expect(await alive(fromRun)).toEqual({ get: 404, put: 404, keep: 404 });
    expect(await alive(fromTask)).toEqual({ get: 404, put: 404, keep: 404 });
    expect((await alive(ownerToken)).get).toBe(200);
  });

  it('a key past its expiry no longer opens the sessions it minted', async () => {
    const k = await mintSecondKey(new Date(Date.now() + 60_000).toISOString());
    const token = await editUrlWith(k.key);
    expect((await alive(token)).get).toBe(200);
    await t.db.apiKey.update({ where: { id: k.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await alive(token)).toEqual({ get: 404, put: 404, keep: 404 });
  });
});

describe('DELETE /runs/{id}/edit-sessions', () => {
  it('ends every edit_url of the run; new ones work; another org’s run is a 404', async () => {
    const a = await editUrlWith(org.key);
    const b = await editUrlWith(org.key);
    const r = await call(revokeSessions, 'DELETE', '/x', { key: org.key, params: { run_id: runId } });
    expect(r.status).toBe(200);
    expect(r.json.run_id).toBe(runId);
    expect(r.json.revoked).toBeGreaterThanOrEqual(2);
    expect((await alive(a)).get).toBe(404);
    expect((await alive(b)).get).toBe(404);
    expect((await alive(await editUrlWith(org.key))).get).toBe(200);
    const foreign = await call(revokeSessions, 'DELETE', '/x', { key: other.key, params: { run_id: runId } });
    expect(foreign.status).toBe(404);
    expect((await alive(await editUrlWith(org.key))).get).toBe(200);
  });
});

it('no edit token is stored raw in any table, also not in a replayable Idempotency-Key response', async () => {
  await editUrlWith(org.key);
  const headers = { 'idempotency-key': 'access-idem-0001' };
  const body = { prompt: 'A workbook with a sheet named Replay' };
  const first = await call(excel, 'POST', '/api/v1/excel/generate', { key: org.key, json: body, headers });
  expect(first.status).toBe(200);
  const replay = await call(excel, 'POST', '/api/v1/excel/generate', { key: org.key, json: body, headers });
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.text).toBe(first.text); // the replay is the first response, byte for byte
  const token = tokenOf(replay.json.edit_url as string);
  const doc = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: replay.json.run_id } });
  expect(doc.status).toBe(200);
  const dump = await dumpAllRows(t.db);
  expect(dump.length).toBeGreaterThan(1000);
  expect(dump.match(/.{0,120}edt_[A-Za-z0-9_-]{20,}.{0,40}/)?.[0] ?? null).toBeNull();
});
