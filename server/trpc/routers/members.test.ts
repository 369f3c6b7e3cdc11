// Organization settings over the real tRPC handler: invitations by link, role rules (a member
// cannot change roles, an admin cannot touch owners, one owner stays), removal, rename, org
// scoping, and bad input that writes nothing. Also the images and usage procedures' scoping.
import { describe, expect, it } from 'vitest';
import { POST as uploadImage } from '@/app/api/dashboard/orgs/[org_id]/images/route';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';
import { dashboardUser } from '@/server/test/trpc-client';

const t = setupTestDb();

type User = Awaited<ReturnType<typeof dashboardUser>>;

async function workspace(owner: User, name = 'Team') {
  const ws = await owner.mutate('orgs.createWorkspace', { name });
  expect(ws.status).toBe(200);
  return ws.data.id as string;
}

async function join(owner: User, orgId: string, who: User, role: 'owner' | 'admin' | 'member') {
  const inv = await owner.mutate('members.invite', { orgId, email: who.user.email, role });
  expect(inv.status).toBe(200);
  const token = decodeURIComponent(new URL(inv.data.url).pathname.split('/').pop()!);
  const acc = await who.mutate('members.acceptInvitation', { token });
  expect(acc.status).toBe(200);
  return { token, invitation: inv.data };
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function upload(u: User, orgId: string) {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'dot.png');
  form.append('tags', 'brand');
  const res = await uploadImage(new Request('http://localhost/api/dashboard/orgs/x/images', { method: 'POST', headers: { cookie: u.cookie }, body: form }), {
    params: Promise.resolve({ org_id: orgId }),
  });
  return { status: res.status, body: (await res.json()) as { id: string; tags: string[]; error?: { code: string } } };
}

describe('members router', () => {
  it('invites by link; the invitee joins with the role; the link works once', async () => {
    const owner = await dashboardUser(t.db, 'm-owner@example.test');
    const guest = await dashboardUser(t.db, 'm-guest@example.test');
    const orgId = await workspace(owner);
    const inv = await owner.mutate('members.invite', { orgId, email: 'M-Guest@example.test', role: 'admin' });
    expect(inv.data).toMatchObject({ email: 'm-guest@example.test', role: 'admin', state: 'pending' });
    expect(inv.data.url).toMatch(/\/invite\/dsi_/);
    const token = decodeURIComponent(new URL(inv.data.url).pathname.split('/').pop()!);
    // Only the hash is stored.
    expect(JSON.stringify(await t.db.invitation.findMany())).not.toContain(token);
    expect((await owner.query('members.invitations', { orgId })).data).toHaveLength(1);

    const preview = await guest.query('members.previewInvitation', { token });
    expect(preview.data).toMatchObject({ org_id: orgId, org_name: 'Team', role: 'admin' });
    const accepted = await guest.mutate('members.acceptInvitation', { token });
    expect(accepted.data).toMatchObject({ org_id: orgId, role: 'admin', already_member: false });
    const members = await owner.query('members.list', { orgId });
    expect(members.data.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      ['m-owner@example.test', 'owner'],
      ['m-guest@example.test', 'admin'],
    ]);
    expect((await guest.query('orgs.list')).data.map((o: { id: string }) => o.id)).toContain(orgId);

    // Used: the link is gone.
    const again = await guest.mutate('members.acceptInvitation', { token });
    expect(again.status).toBe(404);
    expect((await owner.query('members.invitations', { orgId })).data).toHaveLength(0);

    // A revoked link does not work either.
    const other = await dashboardUser(t.db, 'm-other@example.test');
    const inv2 = await owner.mutate('members.invite', { orgId, email: 'm-other@example.test', role: 'member' });
    await owner.mutate('members.revokeInvitation', { orgId, invitationId: inv2.data.id });
    const token2 = decodeURIComponent(new URL(inv2.data.url).pathname.split('/').pop()!);
    expect((await other.mutate('members.acceptInvitation', { token: token2 })).status).toBe(404);
    expect((await other.mutate('members.acceptInvitation', { token: 'dsi_made_up' })).status).toBe(404);
  });

  it('a member cannot change roles, invite or rename; an admin cannot touch owners; one owner stays', async () => {
    const owner = await dashboardUser(t.db, 'r-owner@example.test');
    const admin = await dashboardUser(t.db, 'r-admin@example.test');
    const member = await dashboardUser(t.db, 'r-member@example.test');
    const orgId = await workspace(owner, 'Roles');
    await join(owner, orgId, admin, 'admin');
    await join(owner, orgId, member, 'member');
    const list = (await owner.query('members.list', { orgId })).data as { id: string; email: string; role: string }[];
    const idOf = (email: string) => list.find((m) => m.email === email)!.id;

    const before = await rowCounts(t.db);
    const snapshot = JSON.stringify(await t.db.membership.findMany({ orderBy: { id: 'asc' } }));
    const denied = [
      await member.mutate('members.changeRole', { orgId, memberId: idOf('r-admin@example.test'), role: 'member' }),
      await member.mutate('members.changeRole', { orgId, memberId: idOf('r-member@example.test'), role: 'owner' }),
      await member.mutate('members.remove', { orgId, memberId: idOf('r-admin@example.test') }),
      await member.mutate('members.invite', { orgId, email: 'x@example.test', role: 'member' }),
      await member.mutate('members.rename', { orgId, name: 'Hijacked' }),
      await admin.mutate('members.changeRole', { orgId, memberId: idOf('r-owner@example.test'), role: 'member' }),
      await admin.mutate('members.changeRole', { orgId, memberId: idOf('r-member@example.test'), role: 'owner' }),
      await admin.mutate('members.remove', { orgId, memberId: idOf('r-owner@example.test') }),
      await admin.mutate('members.invite', { orgId, email: 'x@example.test', role: 'owner' }),
    ];
    for (const r of denied) {
      expect(r.status).toBe(403);
      expect(r.error?.data.code).toBe('FORBIDDEN');
    }
    expect((await member.query('members.invitations', { orgId })).status).toBe(403);
    // The last owner cannot step down or be removed.
    const last = await owner.mutate('members.changeRole', { orgId, memberId: idOf('r-owner@example.test'), role: 'admin' });
    expect(last.status).toBe(409);
    expect(await rowCounts(t.db)).toEqual(before);
    expect(JSON.stringify(await t.db.membership.findMany({ orderBy: { id: 'asc' } }))).toBe(snapshot);
    expect((await t.db.organization.findUniqueOrThrow({ where: { id: orgId } })).name).toBe('Roles');

    // What is allowed: an admin changes a member; the owner promotes, renames, removes.
    const promoted = await admin.mutate('members.changeRole', { orgId, memberId: idOf('r-member@example.test'), role: 'admin' });
    expect(promoted.data.role).toBe('admin');
    expect((await owner.mutate('members.rename', { orgId, name: 'Roles & Co' })).data.name).toBe('Roles & Co');
    // Removing a member revokes the keys they made in the org.
    const key = await admin.mutate('apiKeys.create', { orgId, name: 'admin key' });
    expect(key.status).toBe(200);
    const removed = await owner.mutate('members.remove', { orgId, memberId: idOf('r-admin@example.test') });
    expect(removed.data).toMatchObject({ removed: true });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: key.data.id } })).revokedAt).not.toBeNull();
    expect((await admin.query('members.list', { orgId })).status).toBe(404);
  });

  it("another org's member, invitation, image and ledger are NOT_FOUND; bad input writes nothing", async () => {
    const a = await dashboardUser(t.db, 's-a@example.test');
    const b = await dashboardUser(t.db, 's-b@example.test');
    const aOrg = await workspace(a, 'A');
    const bOrg = await workspace(b, 'B');
    const aMember = (await a.query('members.list', { orgId: aOrg })).data[0].id as string;
    const aInv = await a.mutate('members.invite', { orgId: aOrg, email: 'who@example.test', role: 'member' });
    const img = await upload(a, aOrg);
    expect(img.status).toBe(201);
    expect(img.body.tags).toEqual(['brand']);

    let before = await rowCounts(t.db);
    // Through b's own org, a's ids are unknown; through a's org, b is not a member.
    expect((await b.mutate('members.changeRole', { orgId: bOrg, memberId: aMember, role: 'member' })).error?.message).toBe('member not found');
    expect((await b.mutate('members.remove', { orgId: bOrg, memberId: aMember })).status).toBe(404);
    expect((await b.mutate('members.revokeInvitation', { orgId: bOrg, invitationId: aInv.data.id })).error?.message).toBe('invitation not found');
    const foreignImg = await b.mutate('images.update', { orgId: bOrg, imageId: img.body.id, tags: ['x'] });
    const randomImg = await b.mutate('images.update', { orgId: bOrg, imageId: 'img_01J9Z3V8K6Q2T4X7B1N5M0C8D3', tags: ['x'] });
    expect(foreignImg.status).toBe(404);
    expect(foreignImg.error?.message).toBe(randomImg.error?.message);
    expect((await b.mutate('images.delete', { orgId: bOrg, imageId: img.body.id })).status).toBe(404);
    for (const [path, input] of [
      ['members.list', { orgId: aOrg }],
      ['images.list', { orgId: aOrg }],
      ['usage.ledger', { orgId: aOrg }],
      ['usage.summary', { orgId: aOrg }],
    ] as const) {
      const r = await b.query(path, input);
      expect(r.status, path).toBe(404);
      expect(r.error?.message).toBe('organization not found');
    }
    expect((await upload(b, aOrg)).status).toBe(404);
    // Webhooks: a's endpoint id through b's org is unknown, like a random id.
    const hook = await a.mutate('webhooks.create', { orgId: aOrg, url: 'https://8.8.8.8/docsmith' });
    expect(hook.status).toBe(200);
    const afterHook = await rowCounts(t.db);
    const foreignHook = await b.mutate('webhooks.delete', { orgId: bOrg, id: hook.data.id });
    const randomHook = await b.mutate('webhooks.delete', { orgId: bOrg, id: 'wh_01J9Z3V8K6Q2T4X7B1N5M0C8D3' });
    expect(foreignHook.status).toBe(404);
    expect(foreignHook.error?.message).toBe(randomHook.error?.message);
    expect((await b.query('webhooks.list', { orgId: aOrg })).status).toBe(404);
    expect((await b.query('webhooks.deliveries', { orgId: bOrg, endpointId: hook.data.id })).data?.items ?? []).toEqual([]);
    expect(await rowCounts(t.db)).toEqual(afterHook);
    await a.mutate('webhooks.delete', { orgId: aOrg, id: hook.data.id });

    before = await rowCounts(t.db);
    // Bad input: 400 and nothing written.
    for (const [path, input] of [
      ['members.invite', { orgId: aOrg, email: 'not-an-email', role: 'member' }],
      ['members.invite', { orgId: aOrg, email: 'ok@example.test', role: 'superuser' }],
      ['members.changeRole', { orgId: aOrg, memberId: aMember, role: 'god' }],
      ['members.rename', { orgId: aOrg, name: '   ' }],
      ['images.update', { orgId: aOrg, imageId: img.body.id, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
      ['images.update', { orgId: aOrg, imageId: img.body.id, tags: ['x'.repeat(51)] }],
    ] as const) {
      const r = await a.mutate(path, input);
      expect(r.status, `${path} ${JSON.stringify(input).slice(0, 60)}`).toBe(400);
    }
    expect(await rowCounts(t.db)).toEqual(before);
    expect((await t.db.fileObject.findUniqueOrThrow({ where: { id: img.body.id } })).tags).toEqual(['brand']);
    // A personal org takes no invitations.
    expect((await a.mutate('members.invite', { orgId: a.personalOrg.id, email: 'x@example.test', role: 'member' })).status).toBe(400);
    expect(await rowCounts(t.db)).toEqual(before);

    // Allowed: retag, the ledger and usage of one's own org, delete.
    const retag = await a.mutate('images.update', { orgId: aOrg, imageId: img.body.id, tags: ['logo', 'logo', ' header '] });
    expect(retag.data.tags).toEqual(['logo', 'header']);
    const ledger = await a.query('usage.ledger', { orgId: aOrg });
    expect(ledger.data.items).toEqual([expect.objectContaining({ reason: 'grant', delta: 1000, balance_after: 1000 })]);
    const usage = await a.query('usage.summary', { orgId: aOrg, days: 7 });
    expect(usage.data).toMatchObject({ balance: 1000, total: 0 });
    expect(usage.data.days).toHaveLength(7);
    expect((await a.mutate('images.delete', { orgId: aOrg, imageId: img.body.id })).data).toMatchObject({ deleted: true });
    expect(await t.db.fileObject.count({ where: { id: img.body.id } })).toBe(0);
  });
});
