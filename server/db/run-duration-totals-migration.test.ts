// The data migration that gives runs the duration total an increment of NULL never stored: the sum
// of their finished tasks; runs that already have one, or no finished task, keep what they had.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { setupTestDb } from '../test/test-db';
import { newId } from './ids';

const t = setupTestDb();
const SQL = readFileSync(path.join('prisma/migrations/20261206112140_run_duration_totals/migration.sql'), 'utf8');

async function migrate() {
  for (const statement of SQL.replace(/--.*$/gm, '').split(';').map((s) => s.trim()).filter(Boolean)) await t.db.$executeRawUnsafe(statement);
}

it('sums the finished tasks of runs without a total, and can run twice', async () => {
  const org = await t.db.organization.create({ data: { id: newId('org'), name: 'Old', kind: 'workspace' } });
  const run = async (durationMs: number | null, tasks: Array<number | null>) => {
    const r = await t.db.run.create({ data: { id: newId('run'), orgId: org.id, format: 'excel', prompt: 'p', durationMs } });
    for (const d of tasks) await t.db.task.create({ data: { id: newId('task'), runId: r.id, orgId: org.id, kind: 'generate', prompt: 'p', request: {}, durationMs: d } });
    return r.id;
  };
  const lost = await run(null, [1200, 800, null]);
  const kept = await run(5000, [1200]);
  const none = await run(null, [null]);

  await migrate();
  await migrate();

  const totals = await t.db.run.findMany({ where: { id: { in: [lost, kept, none] } }, select: { id: true, durationMs: true } });
  expect(Object.fromEntries(totals.map((r) => [r.id, r.durationMs]))).toEqual({ [lost]: 2000, [kept]: 5000, [none]: null });
});
