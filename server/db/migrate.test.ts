import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openTestDb } from '../test/test-db';
import { newId } from './ids';
import { readMigrations } from './migrate';

describe('migrations', () => {
  it('produce the schema the Prisma client expects (every model written and read back)', async () => {
    const h = await openTestDb();
    const db = h.prisma;
    try {
      const recorded = await db.$queryRaw<{ migration_name: string; checksum: string }[]>`
        SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`;
      const files = readMigrations();
      expect(recorded.map((r) => r.migration_name)).toEqual(files.map((m) => m.name));
      for (const m of files) {
        const sql = readFileSync(path.join('prisma/migrations', m.name, 'migration.sql'));
        expect(recorded.find((r) => r.migration_name === m.name)?.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      }

      const user = await db.user.create({ data: { id: newId('usr'), email: 'm@example.com', passwordHash: 'x' } });
      const org = await db.organization.create({ data: { id: newId('org'), name: 'O', kind: 'workspace' } });
      await db.membership.create({ data: { id: newId('mem'), orgId: org.id, userId: user.id, role: 'owner' } });
      await db.account.create({ data: { id: newId('acct'), userId: user.id, type: 'oauth', provider: 'github', providerAccountId: '1' } });
      await db.session.create({ data: { id: newId('sess'), sessionToken: 't', userId: user.id, expires: new Date() } });
      const key = await db.apiKey.create({
        data: { id: newId('key'), orgId: org.id, createdById: user.id, name: 'k', role: 'owner', prefix: 'dsk_x', hash: 'h' },
      });
      const run = await db.run.create({
        data: { id: newId('run'), orgId: org.id, format: 'excel', prompt: 'p', memory: { index: { sheets: ['A'] } } },
      });
      const task = await db.task.create({
        data: { id: newId('task'), runId: run.id, orgId: org.id, apiKeyId: key.id, kind: 'generate', prompt: 'p', request: { a: 1 } },
      });
      await db.taskStep.create({ data: { taskId: task.id, name: 'agent_turn_1', output: { ok: true } } });
      await db.artifactVersion.create({ data: { id: newId('ver'), runId: run.id, version: 1, source: 'agent', model: { sheets: [] } } });
      await db.exportArtifact.create({ data: { id: newId('exp'), runId: run.id, version: 1, format: 'pdf', blobKey: 'b' } });
      await db.editSession.create({ data: { id: newId('edit'), tokenHash: 'th', runId: run.id, orgId: org.id, expiresAt: new Date() } });
      await db.fileObject.create({
        data: { id: newId('img'), orgId: org.id, kind: 'image', name: 'a.png', mime: 'image/png', size: 1, sha256: 's', blobKey: 'b', tags: ['x', 'y'] },
      });
      const ep = await db.webhookEndpoint.create({ data: { id: newId('wh'), orgId: org.id, url: 'https://x', events: ['run.completed'], secret: 's' } });
      const d = await db.webhookDelivery.create({
        data: { id: newId('whd'), orgId: org.id, endpointId: ep.id, url: 'https://x', event: 'run.completed', payload: {} },
      });
      await db.webhookAttempt.create({ data: { id: newId('wha'), deliveryId: d.id, number: 1, statusCode: 500, durationMs: 3 } });
      await db.creditLedgerEntry.create({ data: { id: newId('led'), orgId: org.id, delta: 10, reason: 'grant', balanceAfter: 10 } });
      await db.idempotencyRecord.create({
        data: { id: newId('idem'), orgId: org.id, key: 'k', requestHash: 'h', expiresAt: new Date() },
      });
      await db.rateLimitBucket.create({ data: { key: 'k', windowStart: new Date(), count: 1 } });

      const back = await db.organization.findUniqueOrThrow({
        where: { id: org.id },
        include: { memberships: true, apiKeys: true, runs: { include: { tasks: { include: { steps: true } }, versions: true, exports: true } }, files: true, webhookEndpoints: { include: { deliveries: { include: { attemptLog: true } } } }, ledger: true, idempotencyRecords: true, editSessions: true },
      });
      expect(back.runs[0]!.tasks[0]!.steps[0]!.output).toEqual({ ok: true });
      expect(back.runs[0]!.memory).toEqual({ index: { sheets: ['A'] } });
      expect(back.files[0]!.tags).toEqual(['x', 'y']);
      expect(back.webhookEndpoints[0]!.deliveries[0]!.attemptLog).toHaveLength(1);
      expect(back.ledger[0]!.balanceAfter).toBe(10);
      expect(back.editSessions).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
