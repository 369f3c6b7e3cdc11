import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestDb } from '../test/test-db';
import { createOrganization } from '../auth/create-organization';
import { appendLedgerEntry, balanceOf } from './ledger';

const t = setupTestDb();

describe('credit ledger', () => {
  let orgId: string;
  beforeAll(async () => {
    orgId = (await t.db.$transaction((tx) => createOrganization(tx, { name: 'Ledger Org', kind: 'workspace', ownerId: null, grant: 500 }))).id;
  });
  afterAll(() => undefined);

  it('starts with the configured grant and records the balance after each entry', async () => {
    expect(await balanceOf(t.db, orgId)).toBe(500);
    const e = await t.db.$transaction((tx) => appendLedgerEntry(tx, { orgId, delta: -120, reason: 'adjustment' }));
    expect(e.balanceAfter).toBe(380);
    expect(await balanceOf(t.db, orgId)).toBe(380);
  });

  it('keeps the running balance right under concurrent writers', async () => {
    const before = await balanceOf(t.db, orgId);
    await Promise.all(
      Array.from({ length: 10 }, () => t.db.$transaction((tx) => appendLedgerEntry(tx, { orgId, delta: 7, reason: 'adjustment' }))),
    );
    expect(await balanceOf(t.db, orgId)).toBe(before + 70);
    const rows = await t.db.creditLedgerEntry.findMany({ where: { orgId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    let running = 0;
    for (const r of rows) {
      running += r.delta;
      expect(r.balanceAfter).toBe(running);
    }
  });

  it('refuses a second debit for the same task', async () => {
    await t.db.$transaction((tx) => appendLedgerEntry(tx, { orgId, delta: -5, reason: 'task_debit', taskId: 'task_X' }));
    await expect(
      t.db.$transaction((tx) => appendLedgerEntry(tx, { orgId, delta: -5, reason: 'task_debit', taskId: 'task_X' })),
    ).rejects.toThrow();
  });
});
