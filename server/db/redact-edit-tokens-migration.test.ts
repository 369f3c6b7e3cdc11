// The data migration that removes edit tokens stored raw by earlier versions (webhook payloads,
// echoed answers, Idempotency-Key replays) leaves none behind, keeps everything else, and can run twice.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { dumpAllRows } from '../test/row-counts';
import { setupTestDb } from '../test/test-db';
import { newId } from './ids';

const t = setupTestDb();
const SQL = readFileSync(path.join('prisma/migrations/20261206102500_redact_stored_edit_tokens/migration.sql'), 'utf8');
const token = () => `edt_${'A1b2C3d4E5'.repeat(4)}xyz`;

async function migrate() {
  for (const statement of SQL.replace(/--.*$/gm, '').split(';').map((s) => s.trim()).filter(Boolean)) await t.db.$executeRawUnsafe(statement);
}

it('redacts every stored edit token and keeps the rest of each row', async () => {
  const org = await t.db.organization.create({ data: { id: newId('org'), name: 'Old', kind: 'workspace' } });
  const editUrl = `http://localhost:3000/api/v1/edit/run_1?token=${token()}`;
  const payload = { type: 'run.completed', data: { task_id: 'task_1', result: { download_url: 'http://x/d', edit_url: editUrl, summary: 'ok' } } };
  const d = await t.db.webhookDelivery.create({
    data: { id: newId('whd'), orgId: org.id, url: 'https://example.com/hook', event: 'run.completed', payload, lastResponse: { body: `echo ${editUrl}` } },
  });
  await t.db.webhookAttempt.create({ data: { id: newId('wha'), deliveryId: d.id, number: 1, statusCode: 200, responseBody: `got ${editUrl}`, error: null, durationMs: 5 } });
  await t.db.idempotencyRecord.create({
    data: { id: newId('idem'), orgId: org.id, key: 'k1', requestHash: 'h', responseStatus: 200, responseBody: JSON.stringify({ run_id: 'run_1', edit_url: editUrl }), expiresAt: new Date(Date.now() + 3600_000) },
  });
  expect(await dumpAllRows(t.db)).toMatch(/edt_[A-Za-z0-9_-]{43}/);

  await migrate();
  await migrate(); // idempotent

  expect(await dumpAllRows(t.db)).not.toMatch(/edt_[A-Za-z0-9_-]{43}/);
  const after = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
  expect(after.payload).toEqual({ ...payload, data: { ...payload.data, result: { ...payload.data.result, edit_url: null } } });
  expect(after.lastResponse).toEqual({ body: 'echo http://localhost:3000/api/v1/edit/run_1?token=[edit token removed]' });
  const record = await t.db.idempotencyRecord.findFirstOrThrow({ where: { key: 'k1' } });
  expect(JSON.parse(record.responseBody as string)).toEqual({ run_id: 'run_1', edit_url: 'http://localhost:3000/api/v1/edit/run_1?token=edt_invalid' });
});
