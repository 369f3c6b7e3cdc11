// The dashboard's tRPC procedures over the real HTTP adapter (fetch handler) and the same services
// as REST: session from the cookie, org membership checks, ApiError → TRPCError mapping.
import { describe, expect, it } from 'vitest';
import { GET, POST } from '@/app/api/trpc/[trpc]/route';
import { registerUser } from '@/server/auth/register-user';
import { sessionCookie } from '@/server/test/api-client';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();

async function trpc(cookie: string | null, path: string, input: unknown, method: 'GET' | 'POST') {
  const url = new URL(`http://localhost/api/trpc/${path}`);
  const headers: Record<string, string> = cookie ? { cookie } : {};
  let req: Request;
  if (method === 'GET') {
    url.searchParams.set('input', JSON.stringify(input));
    req = new Request(url, { headers });
  } else {
    req = new Request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  }
  const res = await (method === 'GET' ? GET : POST)(req);
  return {
    status: res.status,
    body: (await res.json()) as { result?: { data: any }; error?: { message: string; data: any } },
  };
}

async function user(email: string) {
  const { user, personalOrg } = await registerUser(t.db, {
    email,
    password: 'correct horse battery',
    name: email.split('@')[0],
  });
  return { user, personalOrg, cookie: await sessionCookie(user.id, email) };
}

describe('dashboard tRPC', () => {
  it('refuses calls without a session', async () => {
    const r = await trpc(null, 'orgs.list', undefined, 'GET');
    expect(r.status).toBe(401);
    expect(r.body.error?.data.code).toBe('UNAUTHORIZED');
  });

  it('lists orgs with role and balance, creates a workspace, and manages keys', async () => {
    const a = await user('trpc-a@example.test');
    const orgs = await trpc(a.cookie, 'orgs.list', undefined, 'GET');
    expect(orgs.status).toBe(200);
    expect(orgs.body.result?.data).toEqual([
      expect.objectContaining({ id: a.personalOrg.id, kind: 'personal', role: 'owner', credits: { balance: 1000 } }),
    ]);

    const ws = await trpc(a.cookie, 'orgs.createWorkspace', { name: 'Team' }, 'POST');
    expect(ws.status).toBe(200);
    const wsId = ws.body.result?.data.id as string;
    expect(wsId).toMatch(/^org_/);
    const after = await trpc(a.cookie, 'orgs.list', undefined, 'GET');
    expect(after.body.result?.data.map((o: { id: string }) => o.id)).toEqual([a.personalOrg.id, wsId]);

    const created = await trpc(a.cookie, 'apiKeys.create', { orgId: wsId, name: 'CI', scope: 'personal' }, 'POST');
    expect(created.status).toBe(200);
    const key = created.body.result?.data;
    expect(key.key).toMatch(/^dsk_/);
    expect(key).toMatchObject({ org_id: wsId, name: 'CI', scope: 'personal', role: 'owner' });

    const list = await trpc(a.cookie, 'apiKeys.list', { orgId: wsId }, 'GET');
    expect(list.body.result?.data.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(key.key);

    const revoked = await trpc(a.cookie, 'apiKeys.revoke', { orgId: wsId, keyId: key.id }, 'POST');
    expect(revoked.body.result?.data.revoked_at).toBeTruthy();
  });

  it("maps service errors: another user's org is NOT_FOUND (404), bad input is BAD_REQUEST", async () => {
    const a = await user('trpc-b@example.test');
    const b = await user('trpc-c@example.test');
    const foreign = await trpc(b.cookie, 'apiKeys.list', { orgId: a.personalOrg.id }, 'GET');
    expect(foreign.status).toBe(404);
    expect(foreign.body.error?.data).toMatchObject({ code: 'NOT_FOUND', apiCode: 'not_found' });
    expect(foreign.body.error?.message).toBe('organization not found');

    const mint = await trpc(b.cookie, 'apiKeys.create', { orgId: a.personalOrg.id, name: 'x' }, 'POST');
    expect(mint.status).toBe(404);

    const bad = await trpc(a.cookie, 'apiKeys.create', { orgId: a.personalOrg.id, name: '' }, 'POST');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data.code).toBe('BAD_REQUEST');
  });

  it('a member cannot mint keys: FORBIDDEN (403) from the service', async () => {
    const owner = await user('trpc-d@example.test');
    const member = await user('trpc-e@example.test');
    await t.db.membership.create({
      data: { id: 'mem_test_member', orgId: owner.personalOrg.id, userId: member.user.id, role: 'member' },
    });
    const r = await trpc(member.cookie, 'apiKeys.create', { orgId: owner.personalOrg.id, name: 'nope' }, 'POST');
    expect(r.status).toBe(403);
    expect(r.body.error?.data).toMatchObject({ code: 'FORBIDDEN', apiCode: 'forbidden' });
  });
});
