// The sign-up credit grant is per user, not per workspace (issue 14): registration grants the
// personal org, the user's first workspace (POST /signup or the dashboard) is granted, and every
// later one starts at 0 — however it is created, concurrently or after the user left the first.
import { afterAll, describe, expect, it } from 'vitest';
import { POST as signup } from './signup/route';
import { GET as verify } from './verify/route';
import { balanceOf } from '@/server/credits/ledger';
import { resetEnvForTests } from '@/server/env';
import { call, sessionCookie } from '@/server/test/api-client';
import { setupTestDb } from '@/server/test/test-db';
import { dashboardUser } from '@/server/test/trpc-client';

const t = setupTestDb();

afterAll(() => {
  delete process.env.SIGNUP_GRANTED_WORKSPACES;
  resetEnvForTests();
});

async function workspaceViaSignup(userId: string, email: string, orgName: string) {
  const r = await call(signup, 'POST', '/api/v1/signup', { cookie: await sessionCookie(userId, email), json: { org_name: orgName } });
  expect(r.status).toBe(201);
  return r.json as { organization: { id: string }; api_key: { key: string }; credits: { balance: number } };
}

describe('sign-up credits', () => {
  it('one grant for the first workspace; the second and later workspaces of the same user get none', async () => {
    const ada = await dashboardUser(t.db, 'ada@example.test');
    expect(await balanceOf(t.db, ada.personalOrg.id)).toBe(1000);

    const first = await workspaceViaSignup(ada.user.id, ada.user.email, 'Ada Labs');
    expect(first.credits.balance).toBe(1000);
    // The README's curl flow: the first workspace's key has credits to generate with.
    expect((await call(verify, 'GET', '/api/v1/verify', { key: first.api_key.key })).json.credits).toEqual({ balance: 1000 });

    const second = await workspaceViaSignup(ada.user.id, ada.user.email, 'Ada Labs 2');
    expect(second.credits.balance).toBe(0);
    const third = await ada.mutate('orgs.createWorkspace', { name: 'Ada Labs 3' });
    expect(third.status).toBe(200);
    expect(await balanceOf(t.db, third.data.id)).toBe(0);
    for (let i = 0; i < 18; i++) await workspaceViaSignup(ada.user.id, ada.user.email, `Ada ${i}`);

    // 21 workspaces: the user's orgs hold 2 × SIGNUP_CREDITS in all (personal + first workspace).
    const orgs = await t.db.membership.findMany({ where: { userId: ada.user.id } });
    expect(orgs).toHaveLength(22);
    const total = (await Promise.all(orgs.map((m) => balanceOf(t.db, m.orgId)))).reduce((a, b) => a + b, 0);
    expect(total).toBe(2000);
    const grants = await t.db.creditLedgerEntry.findMany({ where: { reason: 'grant', orgId: { in: orgs.map((m) => m.orgId) } } });
    expect(grants.map((g) => g.note).sort()).toEqual([`sign-up grant (personal of ${ada.user.id})`, `sign-up grant (workspace of ${ada.user.id})`]);

    // Another user still gets their own.
    const bob = await dashboardUser(t.db, 'bob@example.test');
    expect((await workspaceViaSignup(bob.user.id, bob.user.email, 'Bob Co')).credits.balance).toBe(1000);
  });

  it('concurrent first workspaces: exactly one is granted', async () => {
    const cy = await dashboardUser(t.db, 'cy@example.test');
    const made = await Promise.all([1, 2, 3, 4].map((i) => workspaceViaSignup(cy.user.id, cy.user.email, `Cy ${i}`)));
    expect(made.map((m) => m.credits.balance).sort((a, b) => a - b)).toEqual([0, 0, 0, 1000]);
  });

  it('leaving the granted workspace does not earn another grant', async () => {
    const dee = await dashboardUser(t.db, 'dee@example.test');
    const first = await workspaceViaSignup(dee.user.id, dee.user.email, 'Dee 1');
    expect(first.credits.balance).toBe(1000);
    // Ownership handed over and the user gone from the org (as members.changeRole + members.remove would leave it).
    await t.db.membership.deleteMany({ where: { orgId: first.organization.id, userId: dee.user.id } });
    expect((await workspaceViaSignup(dee.user.id, dee.user.email, 'Dee 2')).credits.balance).toBe(0);
  });

  it('SIGNUP_GRANTED_WORKSPACES=0: only the personal org is granted', async () => {
    process.env.SIGNUP_GRANTED_WORKSPACES = '0';
    resetEnvForTests();
    const eve = await dashboardUser(t.db, 'eve@example.test');
    expect(await balanceOf(t.db, eve.personalOrg.id)).toBe(1000);
    expect((await workspaceViaSignup(eve.user.id, eve.user.email, 'Eve 1')).credits.balance).toBe(0);
  });
});
